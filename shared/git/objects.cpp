#include "git/objects.hpp"

#include <string_view>

#include "error.hpp"

namespace gitops::git {

git_oid oid_from_sha(const std::string& sha) {
  git_oid id;
  if (sha.size() != GIT_OID_HEXSZ || git_oid_fromstr(&id, sha.c_str()) < 0) {
    throw Error("invalid commit id " + quoted(sha));
  }
  return id;
}

std::string sha_of(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

CommitPtr commit_by_sha(git_repository* repo, const std::string& sha) {
  const git_oid id = oid_from_sha(sha);
  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, repo, &id),
        "cannot read commit " + quoted(sha.substr(0, 7)));
  return CommitPtr(raw_commit);
}

TreePtr tree_of(const git_commit* commit, const std::string& sha) {
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit),
        "cannot read the tree of commit " + quoted(sha.substr(0, 7)));
  return TreePtr(raw_tree);
}

Commit describe_commit(const git_commit* commit) {
  Commit result;
  result.sha = sha_of(*git_commit_id(commit));
  std::string_view message = git_commit_message(commit) ? git_commit_message(commit) : "";
  message = message.substr(0, message.find('\n'));
  if (message.ends_with('\r')) {
    message.remove_suffix(1);
  }
  result.subject = std::string(message);
  if (const git_signature* author = git_commit_author(commit)) {
    result.author_name = author->name ? author->name : "";
    result.author_email = author->email ? author->email : "";
    result.time = author->when.time;
  }
  result.revspec = result.sha;
  return result;
}

}  // namespace gitops::git
