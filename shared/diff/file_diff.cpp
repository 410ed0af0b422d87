#include "diff/file_diff.hpp"

#include "diff/secret_file.hpp"
#include "diff/secret_generator.hpp"
#include "diff/unified_diff.hpp"

namespace gitops::diff {
namespace {

std::string header(const std::string& line, bool color) {
  return (color ? "\033[1m" : "") + line + (color ? "\033[0m" : "") + "\n";
}

}  // namespace

std::string git_file_diff(const std::vector<FileEdit>& edits,
                          const std::vector<std::string>& generator_files, bool color) {
  std::string text;
  for (const FileEdit& given : edits) {
    // A file that holds a Secret is diffed as its masked renditions: no value leaves here.
    const FileEdit edit = read_by_secret_generator(generator_files, given.path)
                              ? hidden_generator_file(given)
                              : masked_file_edit(given);
    text += header("diff --git a/" + edit.path + " b/" + edit.path, color);
    if (!edit.before) {
      text += header("new file mode 100644", color);
    }
    if (!edit.after) {
      text += header("deleted file mode 100644", color);
    }
    text += unified_diff(edit.before.value_or(""), edit.after.value_or(""),
                         edit.before ? "a/" + edit.path : "/dev/null",
                         edit.after ? "b/" + edit.path : "/dev/null", color);
  }
  return text;
}

}  // namespace gitops::diff
