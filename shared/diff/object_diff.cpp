#include "diff/object_diff.hpp"

#include "diff/object_title.hpp"
#include "diff/unified_diff.hpp"
#include "manifest/yaml_emit.hpp"

namespace gitops::diff {

namespace {

constexpr std::size_t kShortShaLength = 7;

// Did the user type (a prefix of) the SHA itself? git abbreviates to 4 hex digits at least.
bool is_abbreviated(const std::string& revision, const std::string& commit) {
  return revision.size() >= 4 && commit.starts_with(revision) &&
         revision.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// "HEAD(1a2b3c4)", "main~1(9f8e7d6)"; a SHA typed as the revision is not repeated: "1a2b3c4";
// the working tree has neither: "working-tree".
std::string revision_name(const std::string& revision, const std::string& commit) {
  if (commit.empty()) {
    return revision.empty() ? "working-tree" : revision;
  }
  std::string short_sha = commit.substr(0, kShortShaLength);
  if (revision.empty() || is_abbreviated(revision, commit)) {
    return short_sha;
  }
  return revision + "(" + short_sha + ")";
}

std::string before_side(const TargetInfo& target) {
  return target.is_revision() ? revision_name(target.revision, target.commit) : "live";
}

std::string after_side(const SourceInfo& source) {
  return revision_name(source.revision, source.commit);
}

}  // namespace

bool has_diff(const ObjectChange& change) {
  return change.action == Action::create || change.action == Action::update ||
         change.action == Action::remove;
}

std::string object_diff(const Report& report, const ObjectChange& change, bool color) {
  const std::string path = object_path(change);
  std::string before_label =
      change.before ? before_side(report.target) + "/" + path : std::string("/dev/null");
  std::string after_label =
      change.after ? after_side(report.source) + "/" + path : std::string("/dev/null");
  return unified_diff(change.before ? manifest::to_yaml(*change.before) : std::string(),
                      change.after ? manifest::to_yaml(*change.after) : std::string(), before_label,
                      after_label, color);
}

}  // namespace gitops::diff
