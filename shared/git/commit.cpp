// Writing commits from file contents, and moving branches to them with the working tree in step.

#include "git/commit.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/head.hpp"
#include "git/objects.hpp"
#include "git/status.hpp"

namespace gitops::git {
namespace {

// Paths come from callers who build them from repository content: refuse any that would leave
// the tree or reach into a .git folder, as git's own index does.
std::string checked_path(const std::string& path) {
  const std::string normalized = normalize_path(path);
  if (normalized.empty()) {
    throw Error("cannot commit " + quoted(path) + ": not a file path");
  }
  for (const auto& component : std::filesystem::path(normalized)) {
    if (component == "." || component == ".." || component == ".git" || component.is_absolute()) {
      throw Error("refusing to commit unsafe path " + quoted(path));
    }
  }
  return normalized;
}

// The mode an upserted blob keeps: the existing file's (an executable stays executable), else a
// regular file.
git_filemode_t mode_for(git_tree* tree, const std::string& path) {
  git_tree_entry* raw_entry = nullptr;
  const int code = git_tree_entry_bypath(&raw_entry, tree, path.c_str());
  TreeEntryPtr entry(raw_entry);
  if (code == GIT_ENOTFOUND) {
    return GIT_FILEMODE_BLOB;
  }
  check(code, "cannot read " + quoted(path));
  const git_filemode_t mode = git_tree_entry_filemode(entry.get());
  if (mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT) {
    throw Error("cannot write the file " + quoted(path) + ": it is a folder in the commit");
  }
  return mode == GIT_FILEMODE_BLOB_EXECUTABLE ? mode : GIT_FILEMODE_BLOB;
}

bool exists_in(git_tree* tree, const std::string& path) {
  git_tree_entry* raw_entry = nullptr;
  const int code = git_tree_entry_bypath(&raw_entry, tree, path.c_str());
  TreeEntryPtr entry(raw_entry);
  return code == 0;
}

git_oid write_tree(git_repository* repo, git_tree* base, const std::vector<FileChange>& changes) {
  std::vector<git_tree_update> updates;
  std::vector<std::string> paths;  // owns what updates[i].path points at
  paths.reserve(changes.size());
  std::set<std::string> seen;
  for (const FileChange& change : changes) {
    const std::string path = checked_path(change.path);
    if (!seen.insert(path).second) {
      throw Error("cannot commit " + quoted(path) + " twice in one commit");
    }
    git_tree_update update{};
    if (change.content) {
      check(git_blob_create_from_buffer(&update.id, repo, change.content->data(),
                                        change.content->size()),
            "cannot write " + quoted(path));
      update.action = GIT_TREE_UPDATE_UPSERT;
      update.filemode = mode_for(base, path);
    } else if (exists_in(base, path)) {
      update.action = GIT_TREE_UPDATE_REMOVE;
    } else {
      continue;
    }
    paths.push_back(path);
    update.path = paths.back().c_str();
    updates.push_back(update);
  }
  git_oid tree_id;
  check(git_tree_create_updated(&tree_id, repo, base, updates.size(), updates.data()),
        "cannot write the tree of the new commit");
  return tree_id;
}

TreePtr lookup_tree(git_repository* repo, const git_oid& id) {
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo, &id), "cannot read the tree of the new commit");
  return TreePtr(raw_tree);
}

TreePtr tree_at(git_repository* repo, const std::string& sha) {
  CommitPtr commit = commit_by_sha(repo, sha);
  return tree_of(commit.get(), sha);
}

// Paths whose blob or mode differs between two trees, both sides of each change.
std::vector<std::string> paths_between(git_repository* repo, git_tree* from, git_tree* to) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff* raw_diff = nullptr;
  check(git_diff_tree_to_tree(&raw_diff, repo, from, to, &options),
        "cannot compare the old and new commits");
  DiffPtr diff(raw_diff);
  std::set<std::string> paths;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    paths.insert(delta->old_file.path);
    paths.insert(delta->new_file.path);
  }
  return {paths.begin(), paths.end()};
}

// libgit2 writes the index at the end of a checkout, after the files: a lock held by another
// process (or left by a crashed one) would fail the checkout half-way, so it refuses first, with
// git's own words.
void require_index_unlocked(git_repository* repo) {
  const std::filesystem::path lock =
      std::filesystem::path(git_repository_path(repo)) / "index.lock";
  if (!std::filesystem::exists(lock))
    return;
  std::string shown = lock.string();
  if (const char* workdir = git_repository_workdir(repo)) {
    const auto relative = lock.lexically_relative(workdir);
    if (!relative.empty() && *relative.begin() != "..")
      shown = relative.generic_string();
  }
  throw Error("cannot lock the index: " + quoted(shown) +
                  " exists; another git process seems to be running in this repository (if none "
                  "is, remove the file and run the command again)",
              ErrorKind::conflict);
}

void require_clean(const Writer& writer, const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    if (has_uncommitted_changes(writer, path)) {
      throw Error(quoted(path) + " has uncommitted changes; commit or stash them first",
                  ErrorKind::conflict);
    }
  }
}

// Checks out exactly `paths` of `target`, `baseline` being what the working tree holds now.
int checkout_paths(git_repository* repo, git_tree* baseline, git_tree* target,
                   std::vector<std::string>& paths, unsigned int strategy) {
  std::vector<char*> pointers;
  for (std::string& path : paths) {
    pointers.push_back(path.data());
  }
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = strategy | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
  options.baseline = baseline;
  options.paths.strings = pointers.data();
  options.paths.count = pointers.size();
  return git_checkout_tree(repo, reinterpret_cast<git_object*>(target), &options);
}

// Brings exactly `paths` of the index and working tree from `from` to `to`; refuses (before
// writing anything) where a file no longer matches `from`.
void check_out_paths(git_repository* repo, git_tree* from, git_tree* to,
                     std::vector<std::string>& paths) {
  check(checkout_paths(repo, from, to, paths, GIT_CHECKOUT_SAFE), "cannot update the working tree");
}

// Undoes a check_out_paths that failed part-way: exactly `paths` of the working tree go back to
// `from` (they matched it before, require_clean saw to that). The index is left alone: it is what
// could not be written.
void restore_paths(git_repository* repo, git_tree* from, git_tree* to,
                   std::vector<std::string>& paths) {
  checkout_paths(repo, to, from, paths, GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX);
}

void move_reference(git_repository* repo, const std::string& name, const git_oid& to,
                    const git_oid& from, const std::string& message) {
  git_reference* raw_ref = nullptr;
  const int code =
      git_reference_create_matching(&raw_ref, repo, name.c_str(), &to, 1, &from, message.c_str());
  ReferencePtr ref(raw_ref);
  if (code == GIT_EMODIFIED || code == GIT_ENOTFOUND) {
    throw Error("branch " + quoted(name.substr(std::string("refs/heads/").size())) +
                    " moved while committing (it no longer points at " + sha_of(from).substr(0, 7) +
                    "); run the command again",
                ErrorKind::conflict);
  }
  check(code, "cannot update " + quoted(name));
}

void create_reference(git_repository* repo, const std::string& name, const git_oid& to,
                      const std::string& message) {
  git_reference* raw_ref = nullptr;
  const int code = git_reference_create(&raw_ref, repo, name.c_str(), &to, 0, message.c_str());
  ReferencePtr ref(raw_ref);
  if (code == GIT_EEXISTS) {
    throw Error("a branch named " + quoted(name.substr(std::string("refs/heads/").size())) +
                    " already exists",
                ErrorKind::conflict);
  }
  check(code, "cannot create " + quoted(name));
}

}  // namespace

std::string write_commit(Writer& writer, const std::string& parent,
                         const std::vector<FileChange>& changes, const std::string& message,
                         const Signature& author, const SignCommit& sign) {
  git_repository* repo = raw(writer);
  CommitPtr parent_commit = commit_by_sha(repo, parent);
  TreePtr base = tree_of(parent_commit.get(), parent);
  const git_oid tree_id = write_tree(repo, base.get(), changes);
  TreePtr tree = lookup_tree(repo, tree_id);

  git_signature* raw_signature = nullptr;
  check(git_signature_now(&raw_signature, author.name.c_str(), author.email.c_str()),
        "invalid git identity " + quoted(author.str()));
  SignaturePtr signature(raw_signature);

  const std::string text = message.ends_with('\n') ? message : message + "\n";
  const git_commit* parents[] = {parent_commit.get()};
  git_oid commit_id;
  if (!sign) {
    check(git_commit_create(&commit_id, repo, nullptr, signature.get(), signature.get(), nullptr,
                            text.c_str(), tree.get(), 1, parents),
          "cannot write the commit");
    return sha_of(commit_id);
  }
  // As git commit -S: the commit object is built, signed, and written with the signature in its
  // gpgsig header.
  Buffer payload;
  check(git_commit_create_buffer(payload.get(), repo, signature.get(), signature.get(), nullptr,
                                 text.c_str(), tree.get(), 1, parents),
        "cannot write the commit");
  const std::string armored = sign(payload.str());
  check(git_commit_create_with_signature(&commit_id, repo, payload.str().c_str(), armored.c_str(),
                                         nullptr),
        "cannot write the signed commit");
  return sha_of(commit_id);
}

void advance_branch(Writer& writer, const BranchUpdate& update) {
  require_valid_branch_name(update.branch);
  git_repository* repo = raw(writer);
  const std::string name = "refs/heads/" + update.branch;
  const git_oid new_id = oid_from_sha(update.new_tip);
  if (!update.expected_tip) {
    create_reference(repo, name, new_id, update.reflog_message);
    return;
  }
  const git_oid old_id = oid_from_sha(*update.expected_tip);
  const bool checked_out = !writer.is_bare() && current_branch(writer) == update.branch;
  if (!checked_out) {
    move_reference(repo, name, new_id, old_id, update.reflog_message);
    return;
  }

  TreePtr old_tree = tree_at(repo, *update.expected_tip);
  TreePtr new_tree = tree_at(repo, update.new_tip);
  std::vector<std::string> paths = paths_between(repo, old_tree.get(), new_tree.get());
  require_index_unlocked(repo);
  require_clean(writer, paths);
  move_reference(repo, name, new_id, old_id, update.reflog_message);
  if (paths.empty()) {
    return;
  }
  try {
    check_out_paths(repo, old_tree.get(), new_tree.get(), paths);
  } catch (const Error&) {
    // Put the files and the branch back, so that the branch, index and working tree still agree.
    restore_paths(repo, old_tree.get(), new_tree.get(), paths);
    git_reference* raw_ref = nullptr;
    git_reference_create_matching(&raw_ref, repo, name.c_str(), &old_id, 1, &new_id,
                                  "rollback: the working tree could not follow");
    ReferencePtr ref(raw_ref);
    throw;
  }
}

Commit commit_files(Writer& writer, const CommitRequest& request) {
  const std::string sha = write_commit(writer, request.parent, request.changes, request.message,
                                       request.author, request.sign);
  const std::string subject = request.message.substr(0, request.message.find('\n'));
  advance_branch(writer, {request.branch, request.expected_tip, sha, "commit: " + subject});
  CommitPtr commit = commit_by_sha(raw(writer), sha);
  return describe_commit(commit.get());
}

}  // namespace gitops::git
