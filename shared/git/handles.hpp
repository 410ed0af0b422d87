#pragma once

// Private to shared/git/: owning handles over libgit2 objects and the error plumbing every file of
// the seam shares. Nothing outside shared/git/ includes this header.

#include <git2.h>

#include <memory>
#include <string>

#include "git/repository.hpp"
#include "git/writer.hpp"

namespace gitops::git {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* object) const noexcept {
    Free(object);
  }
};

using RepositoryPtr = std::unique_ptr<git_repository, Deleter<git_repository_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Deleter<git_signature_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote_free>>;

// git_buf is a value, not a handle: it owns its memory until disposed.
class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { git_buf_dispose(&buf_); }

  git_buf* get() { return &buf_; }
  std::string str() const { return buf_.ptr ? std::string(buf_.ptr, buf_.size) : std::string(); }

 private:
  git_buf buf_ = GIT_BUF_INIT;
};

struct Repository::Handle {
  RepositoryPtr repo;
};

struct Writer::Handle {
  RepositoryPtr repo;
};

// The libgit2 repository behind a Writer.
inline git_repository* raw(const Writer& writer) {
  return writer.handle().repo.get();
}

// Initialises libgit2 on first use and shuts it down at exit.
void ensure_libgit2();

// libgit2's message for the last failure on this thread ("unknown error" when it left none).
std::string last_error_message();

// Throws Error "<what>: <libgit2's message>" when `code` is negative.
void check(int code, const std::string& what);

// Repository-relative path as the seam's callers write it ("", ".", "envs/prod/", "./envs") in the
// form libgit2 and the results use ("", "envs/prod").
std::string normalize_path(const std::string& path);

// Regular and executable blobs are the files this seam reads; symbolic links and submodules are
// not.
bool is_file_mode(git_filemode_t mode);

CommitPtr lookup_commit(git_repository* repo, const Commit& commit);
TreePtr commit_tree(git_repository* repo, const Commit& commit);

// "HEAD (abc1234)", or "abc1234" when the commit was not named by a revspec.
std::string describe(const Commit& commit);

}  // namespace gitops::git
