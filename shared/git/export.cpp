// Writing a revision's tree to a folder, the way a checkout would, for renderers that need files on
// disk (kustomize).

#include <cerrno>
#include <cstring>
#include <fstream>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/repository.hpp"
#include "git/tree_walk.hpp"

namespace gitops::git {
namespace {

namespace fs = std::filesystem;

// Tree entries come from the repository, which may be hostile: refuse any name that would write
// outside the destination or into a .git folder, as git's own checkout does.
void require_safe_path(const std::string& path) {
  for (const auto& component : fs::path(path)) {
    if (component.empty() || component == "." || component == ".." || component == ".git" ||
        component.is_absolute()) {
      throw Error("refusing to export unsafe path " + quoted(path));
    }
  }
}

void write_file(const fs::path& target, const std::string& content, bool executable) {
  {
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      throw Error("cannot write " + quoted(target.string()) + ": " + std::strerror(errno));
    }
  }
  if (executable) {
    fs::permissions(target, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
  }
}

void write_symlink(const fs::path& target, const std::string& link_target) {
  std::error_code ignored;
  fs::remove(target, ignored);
  std::error_code error;
  fs::create_symlink(link_target, target, error);
  if (error) {
    throw Error("cannot create symbolic link " + quoted(target.string()) + ": " + error.message());
  }
}

}  // namespace

void Repository::export_tree(const Commit& commit, const fs::path& destination) const {
  git_repository* repo = handle_->repo.get();
  TreePtr root = commit_tree(repo, commit);
  std::error_code error;
  fs::create_directories(destination, error);
  if (error) {
    throw Error("cannot create " + quoted(destination.string()) + ": " + error.message());
  }
  for (const BlobEntry& entry : list_blobs(root.get(), "")) {
    require_safe_path(entry.path);
    const fs::path target = destination / fs::path(entry.path);
    fs::create_directories(target.parent_path(), error);
    if (error) {
      throw Error("cannot create " + quoted(target.parent_path().string()) + ": " +
                  error.message());
    }
    const std::string content = read_blob(repo, entry);
    if (entry.mode == GIT_FILEMODE_LINK) {
      write_symlink(target, content);
    } else {
      write_file(target, content, entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE);
    }
  }
}

}  // namespace gitops::git
