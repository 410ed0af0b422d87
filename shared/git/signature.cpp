// Reading what a commit was signed with, and which commits a range brings to some paths: what
// signature verification (shared/trust) asks of the repository.

#include <git2.h>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/objects.hpp"

namespace gitops::git {

namespace {

using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk_free>>;

// Whether `commit`'s tree differs from its first parent's (an empty tree for a root commit) under
// `pathspec`.
bool changes_paths(git_repository* repo, git_commit* commit, const git_strarray& pathspec) {
  TreePtr tree;
  {
    git_tree* raw_tree = nullptr;
    check(git_commit_tree(&raw_tree, commit), "cannot read a commit's tree");
    tree.reset(raw_tree);
  }
  TreePtr parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* raw_parent = nullptr;
    check(git_commit_parent(&raw_parent, commit, 0), "cannot read a commit's parent");
    CommitPtr parent(raw_parent);
    git_tree* raw_tree = nullptr;
    check(git_commit_tree(&raw_tree, parent.get()), "cannot read a commit's tree");
    parent_tree.reset(raw_tree);
  }
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.pathspec = pathspec;
  git_diff* raw_diff = nullptr;
  check(git_diff_tree_to_tree(&raw_diff, repo, parent_tree.get(), tree.get(), &options),
        "cannot compare a commit with its parent");
  DiffPtr diff(raw_diff);
  return git_diff_num_deltas(diff.get()) > 0;
}

}  // namespace

std::optional<CommitSignature> Repository::signature(const Commit& commit) const {
  git_repository* repo = handle_->repo.get();
  const git_oid id = oid_from_sha(commit.sha);
  Buffer signature;
  Buffer payload;
  const int code = git_commit_extract_signature(signature.get(), payload.get(), repo,
                                                const_cast<git_oid*>(&id), nullptr);
  if (code == GIT_ENOTFOUND)
    return std::nullopt;
  check(code, "cannot read the signature of commit " + commit.short_sha());
  CommitPtr object = commit_by_sha(repo, commit.sha);
  const git_signature* committer = git_commit_committer(object.get());
  return CommitSignature{signature.str(), payload.str(), committer ? committer->when.time : 0};
}

std::vector<Commit> Repository::commits_changing(const std::optional<Commit>& since,
                                                 const Commit& until,
                                                 const std::vector<std::string>& paths) const {
  git_repository* repo = handle_->repo.get();
  git_revwalk* raw_walk = nullptr;
  check(git_revwalk_new(&raw_walk, repo), "cannot walk the history");
  RevwalkPtr walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  const git_oid until_id = oid_from_sha(until.sha);
  check(git_revwalk_push(walk.get(), &until_id), "cannot walk the history of " + describe(until));
  if (since) {
    const git_oid since_id = oid_from_sha(since->sha);
    check(git_revwalk_hide(walk.get(), &since_id),
          "cannot walk the history from " + describe(*since));
  }

  std::vector<std::string> normalized;
  for (const auto& path : paths) {
    if (auto path_text = normalize_path(path); !path_text.empty())
      normalized.push_back(path_text);
  }
  std::vector<char*> pointers;
  for (auto& path : normalized)
    pointers.push_back(path.data());
  const git_strarray pathspec{pointers.data(), pointers.size()};

  std::vector<Commit> commits;
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) {
    git_commit* raw_commit = nullptr;
    check(git_commit_lookup(&raw_commit, repo, &id), "cannot read commit " + sha_of(id));
    CommitPtr commit(raw_commit);
    if (changes_paths(repo, commit.get(), pathspec))
      commits.push_back(describe_commit(commit.get()));
  }
  return commits;
}

}  // namespace gitops::git
