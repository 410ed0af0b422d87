#include "revert/message.hpp"

namespace gitops::revert {
namespace {

std::string file_list(const std::vector<diff::FileEdit>& edits) {
  std::string text;
  for (const diff::FileEdit& edit : edits) {
    text += "- " + describe_edit(edit) + "\n";
  }
  return text;
}

}  // namespace

std::string folders_label(const std::vector<std::string>& paths) {
  std::string label;
  for (const std::string& path : paths) {
    if (path.empty() || path == ".") {
      return "the repository";
    }
    label += (label.empty() ? "" : ", ") + path;
  }
  return label.empty() ? "the repository" : label;
}

std::string describe_edit(const diff::FileEdit& edit) {
  if (!edit.after) {
    return "remove " + edit.path;
  }
  return (edit.before ? "update " : "restore ") + edit.path;
}

std::string restore_message(const std::vector<std::string>& paths, const git::Commit& target,
                            const std::string& live_sha, const std::vector<diff::FileEdit>& edits) {
  return "revert " + folders_label(paths) + " to " + target.short_sha() + ": " + target.subject +
         "\n\n" + file_list(edits) + "\nReverts-to: " + target.sha +
         "\nReverted-from: " + live_sha + "\n";
}

std::string undo_message(const std::vector<std::string>& paths, const git::Commit& undone,
                         const std::vector<diff::FileEdit>& edits) {
  return "revert " + undone.short_sha() + " in " + folders_label(paths) + ": " + undone.subject +
         "\n\n" + file_list(edits) + "\nReverts: " + undone.sha + "\n";
}

}  // namespace gitops::revert
