#include "git/head.hpp"

#include "error.hpp"
#include "git/handles.hpp"
#include "git/objects.hpp"

namespace gitops::git {

std::optional<std::string> current_branch(const Writer& writer) {
  git_repository* repo = raw(writer);
  if (git_repository_head_detached(repo) == 1) {
    return std::nullopt;
  }
  // Read HEAD itself rather than resolving it, so that an unborn branch still has a name.
  git_reference* raw_head = nullptr;
  check(git_reference_lookup(&raw_head, repo, "HEAD"), "cannot read HEAD");
  ReferencePtr head(raw_head);
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) {
    return std::nullopt;
  }
  const std::string target = git_reference_symbolic_target(head.get());
  const std::string prefix = "refs/heads/";
  if (!target.starts_with(prefix)) {
    return std::nullopt;
  }
  return target.substr(prefix.size());
}

std::optional<std::string> branch_tip(const Writer& writer, const std::string& branch) {
  git_reference* raw_ref = nullptr;
  const int code = git_reference_lookup(&raw_ref, raw(writer), ("refs/heads/" + branch).c_str());
  ReferencePtr ref(raw_ref);
  if (code == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(code, "cannot read branch " + quoted(branch));
  git_reference* raw_resolved = nullptr;
  check(git_reference_resolve(&raw_resolved, ref.get()), "cannot read branch " + quoted(branch));
  ReferencePtr resolved(raw_resolved);
  return sha_of(*git_reference_target(resolved.get()));
}

void reset_branch(Writer& writer, const std::string& branch, const std::string& sha) {
  require_valid_branch_name(branch);
  const git_oid id = oid_from_sha(sha);
  git_reference* raw_ref = nullptr;
  check(git_reference_create(&raw_ref, raw(writer), ("refs/heads/" + branch).c_str(), &id, 1,
                             ("reset: moving to " + sha).c_str()),
        "cannot move branch " + quoted(branch));
  ReferencePtr ref(raw_ref);
}

void require_valid_branch_name(const std::string& branch) {
  ensure_libgit2();
  int valid = 0;
  const std::string name = "refs/heads/" + branch;
  if (branch.empty() || branch.starts_with('-') ||
      git_reference_name_is_valid(&valid, name.c_str()) < 0 || valid != 1) {
    throw Error(quoted(branch) + " is not a valid branch name");
  }
}

}  // namespace gitops::git
