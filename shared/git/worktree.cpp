// Reading the working tree as git sees it: uncommitted edits included, ignored files and the .git
// folder left out.

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/links.hpp"
#include "git/repository.hpp"

namespace gitops::git {
namespace {

namespace fs = std::filesystem;

// Answers "would git leave this out?": ignore rules apply only to files git does not track yet.
class IgnoreRules {
 public:
  explicit IgnoreRules(git_repository* repo) : repo_(repo) {
    git_index* raw = nullptr;
    check(git_repository_index(&raw, repo), "cannot read the index");
    index_.reset(raw);
    check(git_index_read(index_.get(), 0), "cannot read the index");
  }

  bool skips_file(const std::string& path) const {
    return is_ignored(path) && git_index_get_bypath(index_.get(), path.c_str(), 0) == nullptr;
  }

  // An ignored folder is still walked when the index tracks something beneath it.
  bool skips_folder(const std::string& path) const {
    std::size_t position = 0;
    return is_ignored(path + "/") &&
           git_index_find_prefix(&position, index_.get(), (path + "/").c_str()) == GIT_ENOTFOUND;
  }

 private:
  bool is_ignored(const std::string& path) const {
    int ignored = 0;
    check(git_ignore_path_is_ignored(&ignored, repo_, path.c_str()),
          "cannot read the ignore rules for " + quoted(path));
    return ignored == 1;
  }

  git_repository* repo_;
  IndexPtr index_;
};

std::string read_whole_file(const fs::path& file, const std::string& shown) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    throw Error("cannot read " + quoted(shown));
  }
  return content.str();
}

// The file a link in the working tree leads to, as kubectl would open it; nullopt for a folder.
// `shown` is the link's repository-relative path.
std::optional<fs::path> resolve_worktree_link(const fs::path& root, const fs::path& link,
                                              const std::string& shown) {
  std::error_code error;
  const fs::path target = fs::read_symlink(link, error);
  auto fail = [&](const std::error_code& why) {
    if (why == std::errc::too_many_symbolic_link_levels)
      throw broken_link(shown, target.string(), "leads into a loop");
    if (why == std::errc::no_such_file_or_directory || why == std::errc::not_a_directory)
      throw broken_link(shown, target.string(), "leads nowhere");
    throw Error("cannot read " + quoted(shown) + ": " + why.message());
  };
  // Where it points, as far as that exists: a target outside that does not exist still leaves.
  const fs::path destination =
      fs::weakly_canonical(target.is_absolute() ? target : link.parent_path() / target, error);
  if (error)
    fail(error);
  const fs::path inside = destination.lexically_relative(fs::canonical(root, error));
  if (error || inside.empty() || *inside.begin() == "..")
    throw broken_link(shown, target.string(), "leaves the repository");
  const fs::path resolved = fs::canonical(link, error);
  if (error)
    fail(error);
  if (fs::is_directory(resolved, error))
    return std::nullopt;  // kubectl does not descend into a linked folder either
  return resolved;
}

// A folder with its own .git (a submodule or a nested clone) belongs to another repository.
bool is_other_repository(const fs::path& folder) {
  std::error_code ignored;
  return fs::exists(folder / ".git", ignored);
}

void append_link(const fs::path& root, const fs::path& link, const std::string& relative,
                 std::vector<File>& files) {
  if (const auto target = resolve_worktree_link(root, link, relative))
    files.push_back(File{relative, read_whole_file(*target, relative)});
}

void append_folder(const fs::path& root, const fs::path& folder, const IgnoreRules& rules,
                   const FollowLinks& follow, std::vector<File>& files) {
  std::error_code error;
  fs::recursive_directory_iterator it(folder, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    const std::string relative = path.lexically_relative(root).generic_string();
    const fs::file_status status = it->symlink_status();
    if (fs::is_directory(status)) {
      if (path.filename() == ".git" || is_other_repository(path) || rules.skips_folder(relative)) {
        it.disable_recursion_pending();
      }
    } else if (fs::is_regular_file(status) && path.filename() != ".git" &&
               !rules.skips_file(relative)) {
      files.push_back(File{relative, read_whole_file(path, relative)});
    } else if (fs::is_symlink(status) && follow && follow(relative) &&
               !rules.skips_file(relative)) {
      append_link(root, path, relative, files);
    }
  }
  if (error) {
    throw Error("cannot read " + quoted(folder.lexically_relative(root).generic_string()) + ": " +
                error.message());
  }
}

}  // namespace

std::vector<File> Repository::read_worktree(const std::vector<std::string>& paths,
                                            const FollowLinks& follow) const {
  const fs::path root = workdir();
  const IgnoreRules rules(handle_->repo.get());

  std::vector<std::string> wanted;
  for (const std::string& path : paths) {
    wanted.push_back(normalize_path(path));
  }
  if (wanted.empty()) {
    wanted.emplace_back();
  }

  std::vector<File> files;
  for (const std::string& path : wanted) {
    const fs::path relative = fs::path(path).lexically_normal();
    if (relative.is_absolute() || (!relative.empty() && *relative.begin() == "..")) {
      throw Error(quoted(path) + " is outside the repository " + quoted(root.string()));
    }
    const std::string shown = relative.generic_string();
    const fs::path target = path.empty() ? root : root / relative;
    std::error_code error;
    const fs::file_status status = fs::symlink_status(target, error);
    if (!fs::exists(status)) {
      throw Error(quoted(shown) + " does not exist in the working tree " + quoted(root.string()));
    }
    if (fs::is_directory(status)) {
      append_folder(root, target, rules, follow, files);
    } else if (fs::is_regular_file(status)) {
      // Named explicitly, so read even when ignored: the caller asked for this very file.
      files.push_back(File{shown, read_whole_file(target, shown)});
    } else if (fs::is_symlink(status) && follow && follow(shown)) {
      append_link(root, target, shown, files);
    }
  }

  std::sort(files.begin(), files.end(),
            [](const File& a, const File& b) { return a.path < b.path; });
  files.erase(std::unique(files.begin(), files.end(),
                          [](const File& a, const File& b) { return a.path == b.path; }),
              files.end());
  return files;
}

}  // namespace gitops::git
