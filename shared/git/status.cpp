#include "git/status.hpp"

#include "error.hpp"
#include "git/handles.hpp"

namespace gitops::git {

bool has_uncommitted_changes(const Writer& writer, const std::string& path) {
  if (writer.is_bare()) {
    return false;
  }
  unsigned int flags = 0;
  const int code = git_status_file(&flags, raw(writer), path.c_str());
  if (code == GIT_ENOTFOUND) {
    return false;
  }
  check(code, "cannot read the status of " + quoted(path));
  return flags != GIT_STATUS_CURRENT;
}

}  // namespace gitops::git
