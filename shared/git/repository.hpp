#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gitops::git {

// The first 7 hex digits of a SHA, as git abbreviates it in messages.
inline std::string short_sha(const std::string& sha) {
  return sha.substr(0, 7);
}

struct Commit {
  std::string sha;  // full, 40 hex digits
  std::string subject;
  std::string author_name;
  std::string author_email;
  std::int64_t time = 0;  // seconds since the epoch (author time)
  std::string revspec;    // what resolve() was given ("HEAD", "v1.2"), so messages can name it

  std::string short_sha() const { return git::short_sha(sha); }
};

// A commit's signature as git checks it: the armored signature of its gpgsig header, the commit
// object without that header (what was signed), and the committer's time (when it was signed, as
// git's verify-commit reads it).
struct CommitSignature {
  std::string
      signature;  // "-----BEGIN SSH SIGNATURE-----..." or "-----BEGIN PGP SIGNATURE-----..."
  std::string payload;
  std::int64_t committer_time = 0;  // seconds since the epoch
};

// A file's content at a revision or in the working tree; path relative to the repository root,
// with '/' separators.
struct File {
  std::string path;
  std::string content;
};

// Which symbolic links to follow, by the link's repository-relative path. A followed link reads as
// the file it leads to (in the same revision, or in the working tree), under the link's own path,
// as kubectl opens a linked file; one that leads to a folder is left out, as kubectl does not
// descend into it either, and one that leaves the repository, loops or leads nowhere is an Error
// naming the link and its target. Links it does not accept (and all links, when it is empty) are
// left out.
using FollowLinks = std::function<bool(const std::string& path)>;

// RAII over a libgit2 repository. The only code (with the rest of shared/git/) that calls libgit2.
// Reading a revision never touches the working tree or the index.
class Repository {
 public:
  // Finds the repository containing `start` (a folder), as git does; throws Error when none does.
  static Repository discover(const std::filesystem::path& start);
  // The same, nullopt when no repository contains `start` (an expected outcome, not an error).
  static std::optional<Repository> find(const std::filesystem::path& start);

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  // The working tree's root (absolute). Throws for a bare repository.
  std::filesystem::path workdir() const;
  // Where the repository is, as records and reports name it: the working tree's root, or for a
  // bare repository (the agent's clone of a URL) its own folder.
  std::filesystem::path location() const;
  bool is_bare() const;

  // Any revspec: "HEAD~2", "main", "v1.2", a short SHA. Throws Error "unknown revision 'X'".
  Commit resolve(const std::string& revspec) const;
  // The same, nullopt when the repository has no such revision (a commit synced from another
  // clone, say); other failures still throw.
  std::optional<Commit> find_commit(const std::string& revspec) const;

  // Files under `paths` (repository-relative files or folders; "" or "." or no paths at all mean
  // the whole tree) at the commit, in path order, each once. A path that does not exist at the
  // commit throws Error naming it and the revision. Files are regular and executable blobs and
  // the links `follow` accepts; other links and submodules are left out, here and in
  // changed_files and read_worktree.
  std::vector<File> read_files(const Commit& commit, const std::vector<std::string>& paths,
                               const FollowLinks& follow = {}) const;

  // The paths read_files() would read without following links, and without reading any content:
  // cheap on large trees.
  std::vector<std::string> list_files(const Commit& commit,
                                      const std::vector<std::string>& paths) const;

  // Paths under `paths` whose blob differs between the two commits (added, modified, deleted; both
  // sides of a rename), in path order; with `follow`, every link it accepts in either tree too,
  // since what a link leads to may change while the link does not.
  std::vector<std::string> changed_files(const Commit& from, const Commit& to,
                                         const std::vector<std::string>& paths,
                                         const FollowLinks& follow = {}) const;

  // The id of the tree of `folder` at the commit (what changes when anything under it does);
  // nullopt when it is not a folder there.
  std::optional<std::string> tree_id(const Commit& commit, const std::string& folder) const;

  // Whether `path` (file or folder) exists at the commit.
  bool exists(const Commit& commit, const std::string& path) const;

  // Files under `paths` in the working tree, uncommitted edits included, skipping the .git folder,
  // nested repositories and what git ignores (unless tracked, or named in `paths` itself),
  // following the links `follow` accepts. Throws Error for a path that does not exist or lies
  // outside the working tree.
  std::vector<File> read_worktree(const std::vector<std::string>& paths,
                                  const FollowLinks& follow = {}) const;

  // Writes every blob of the commit's tree under `destination` (for renderers such as kustomize),
  // creating folders, keeping executable bits and recreating symbolic links.
  void export_tree(const Commit& commit, const std::filesystem::path& destination) const;

  // The commit's signature; nullopt when it carries none (git_commit_extract_signature).
  std::optional<CommitSignature> signature(const Commit& commit) const;

  // The commits reachable from `until` and not from `since` (all of them without `since`) whose
  // tree under `paths` differs from their first parent's ("" or no paths: any change), newest
  // first: the commits a sync from `since` to `until` brings to those paths.
  std::vector<Commit> commits_changing(const std::optional<Commit>& since, const Commit& until,
                                       const std::vector<std::string>& paths) const;

  // Turns a path the user typed (relative to `cwd`, or absolute) into a repository-relative one
  // ("" for the root itself); throws Error when it lies outside the working tree.
  std::string relative_path(const std::filesystem::path& user_path,
                            const std::filesystem::path& cwd) const;

  struct Handle;  // libgit2's git_repository, owned

 private:
  explicit Repository(std::unique_ptr<Handle> handle);
  std::unique_ptr<Handle> handle_;
};

}  // namespace gitops::git
