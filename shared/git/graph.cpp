#include "git/graph.hpp"

#include "error.hpp"
#include "git/handles.hpp"
#include "git/objects.hpp"

namespace gitops::git {

bool is_ancestor(const Writer& writer, const std::string& ancestor, const std::string& descendant) {
  if (ancestor == descendant) {
    return true;
  }
  const git_oid ancestor_id = oid_from_sha(ancestor);
  const git_oid descendant_id = oid_from_sha(descendant);
  const int code = git_graph_descendant_of(raw(writer), &descendant_id, &ancestor_id);
  check(code, "cannot compare the history of " + quoted(ancestor.substr(0, 7)) + " and " +
                  quoted(descendant.substr(0, 7)));
  return code == 1;
}

}  // namespace gitops::git
