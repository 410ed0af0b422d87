#include "git/remote.hpp"

#include "error.hpp"
#include "git/credentials.hpp"
#include "git/handles.hpp"
#include "git/objects.hpp"

namespace gitops::git {
namespace {

RemotePtr lookup_remote(git_repository* repo, const std::string& remote) {
  git_remote* raw_remote = nullptr;
  const int code = git_remote_lookup(&raw_remote, repo, remote.c_str());
  RemotePtr result(raw_remote);
  if (code == GIT_ENOTFOUND || code == GIT_EINVALIDSPEC) {
    throw Error("the repository has no remote named " + quoted(remote));
  }
  check(code, "cannot read remote " + quoted(remote));
  return result;
}

std::string url_of(git_remote* remote) {
  const char* url =
      git_remote_pushurl(remote) ? git_remote_pushurl(remote) : git_remote_url(remote);
  return url ? url : "";
}

// libgit2's message, with the URL's password (if the URL has one) masked.
std::string failure_message(const CallbackState& state, const std::string& url) {
  if (!state.failure.empty()) {
    return state.failure;
  }
  std::string message = last_error_message();
  const std::string masked = masked_url(url);
  for (std::size_t at = url.empty() ? std::string::npos : message.find(url);
       at != std::string::npos; at = message.find(url, at + masked.size())) {
    message.replace(at, url.size(), masked);
  }
  return message;
}

bool means_remote_moved(const std::string& status) {
  return status.find("non-fast-forward") != std::string::npos ||
         status.find("fetch first") != std::string::npos;
}

git_strarray one_refspec(std::string& refspec, char*& slot) {
  slot = refspec.data();
  return git_strarray{&slot, 1};
}

}  // namespace

PushResult push_branch(Writer& writer, const std::string& remote, const std::string& branch) {
  RemotePtr handle = lookup_remote(raw(writer), remote);
  const std::string url = url_of(handle.get());
  const std::string what =
      "cannot push " + quoted(branch) + " to " + quoted(remote) + " (" + masked_url(url) + ")";

  std::string refspec = "refs/heads/" + branch + ":refs/heads/" + branch;  // no '+': never force
  char* slot = nullptr;
  const git_strarray refspecs = one_refspec(refspec, slot);
  CallbackState state;
  state.url = url;
  git_push_options options = GIT_PUSH_OPTIONS_INIT;
  options.callbacks = remote_callbacks(state);
  const int code = git_remote_push(handle.get(), &refspecs, &options);
  if (code == GIT_ENONFASTFORWARD) {
    return PushResult::rejected_non_fast_forward;
  }
  if (code < 0) {
    throw Error(what + ": " + failure_message(state, url));
  }
  if (!state.push_rejection.empty()) {
    if (means_remote_moved(state.push_rejection)) {
      return PushResult::rejected_non_fast_forward;
    }
    throw Error(what + ": the remote refused " + state.push_rejection);
  }
  return PushResult::pushed;
}

std::optional<std::string> fetch_branch(Writer& writer, const std::string& remote,
                                        const std::string& branch, const RemoteAuth& auth) {
  RemotePtr handle = lookup_remote(raw(writer), remote);
  const std::string url = git_remote_url(handle.get()) ? git_remote_url(handle.get()) : "";
  const std::string remote_ref = "refs/heads/" + branch;
  std::string refspec = "+" + remote_ref + ":refs/remotes/" + remote + "/" + branch;
  char* slot = nullptr;
  const git_strarray refspecs = one_refspec(refspec, slot);
  CallbackState state;
  state.auth = &auth;
  state.url = url;
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  options.callbacks = remote_callbacks(state);
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  const int code = git_remote_fetch(handle.get(), &refspecs, &options, nullptr);
  if (code < 0) {
    throw Error("cannot fetch " + quoted(branch) + " from " + quoted(remote) + " (" +
                masked_url(url) + "): " + failure_message(state, url));
  }
  // The advertisement of the fetch just made is the remote's truth; a remote-tracking ref left
  // from earlier may be stale.
  const git_remote_head** heads = nullptr;
  std::size_t count = 0;
  check(git_remote_ls(&heads, &count, handle.get()),
        "cannot list the branches of " + quoted(remote));
  for (std::size_t i = 0; i < count; ++i) {
    if (remote_ref == heads[i]->name) {
      return sha_of(heads[i]->oid);
    }
  }
  return std::nullopt;
}

void clone_bare(const std::string& url, const std::filesystem::path& destination,
                const RemoteAuth& auth) {
  ensure_libgit2();
  CallbackState state;
  state.auth = &auth;
  state.url = url;
  git_clone_options options = GIT_CLONE_OPTIONS_INIT;
  options.bare = 1;
  options.fetch_opts.callbacks = remote_callbacks(state);
  git_repository* raw_repo = nullptr;
  const int code = git_clone(&raw_repo, url.c_str(), destination.c_str(), &options);
  RepositoryPtr repo(raw_repo);
  if (code < 0) {
    throw Error("cannot clone " + quoted(masked_url(url)) + ": " + failure_message(state, url));
  }
}

std::string remote_url(const Writer& writer, const std::string& remote) {
  RemotePtr handle = lookup_remote(raw(writer), remote);
  const char* url = git_remote_url(handle.get());
  return url ? url : "";
}

bool is_remote_url(const std::string& repository) {
  if (repository.find("://") != std::string::npos)
    return true;
  // scp-like: [user@]host:path, with no slash before the colon (a folder may hold a colon).
  const auto colon = repository.find(':');
  return colon != std::string::npos && colon > 0 && repository.find('/') > colon &&
         repository.front() != '.';
}

std::string masked_url(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url;
  }
  const std::size_t authority = scheme + 3;
  const std::size_t at = url.find('@', authority);
  const std::size_t slash = url.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) {
    return url;
  }
  const std::size_t colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) {
    return url;
  }
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace gitops::git
