#pragma once

#include <filesystem>
#include <memory>

namespace gitops::git {

// The write side of the seam: a repository opened for commits, refs, the index and the working
// tree, and remotes. Reading revisions stays with Repository; both may be open on the same
// repository at once (libgit2 re-reads refs and finds new objects on disk).
//
// The operations are free functions, one idea per header: head.hpp (branch, identity), status.hpp,
// commit.hpp, graph.hpp, remote.hpp.
class Writer {
 public:
  // Finds the repository containing `start`, as git does (a working tree or a bare repository).
  static Writer discover(const std::filesystem::path& start);

  // Opens the repository at exactly `path`: a working tree's root, a .git folder or a bare one.
  static Writer open(const std::filesystem::path& path);

  Writer(Writer&&) noexcept;
  Writer& operator=(Writer&&) noexcept;
  ~Writer();

  bool is_bare() const;

  // The libgit2 repository, for the rest of shared/git/ (handles.hpp defines Handle; outside the
  // seam it stays incomplete, so nothing else can reach libgit2 through it).
  struct Handle;
  Handle& handle() const { return *handle_; }

 private:
  explicit Writer(std::unique_ptr<Handle> handle);
  std::unique_ptr<Handle> handle_;
};

}  // namespace gitops::git
