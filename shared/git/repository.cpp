#include "git/repository.hpp"

#include <cctype>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/links.hpp"

namespace gitops::git {
namespace {

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.ends_with('/')) {
    path.pop_back();
  }
  return path;
}

// The folder git's safe.directory names: the working tree, or the git folder of a bare repository.
std::string safe_directory_for(const std::string& git_dir) {
  std::string path = without_trailing_slash(git_dir);
  constexpr std::string_view dot_git = "/.git";
  if (path.ends_with(dot_git)) {
    path.erase(path.size() - dot_git.size());
  }
  return path;
}

// libgit2 1.5 reports a repository owned by another user as "config value 'safe.directory' was not
// found" when no safe.directory is configured at all, and as GIT_EOWNER otherwise.
bool is_ownership_failure(int code) {
  return code == GIT_EOWNER || (code == GIT_ENOTFOUND &&
                                last_error_message().find("safe.directory") != std::string::npos);
}

// `absolute` with every symbolic link resolved, as far as it exists. A link that cannot be
// resolved (a loop) is an Error naming the path as the user typed it.
std::filesystem::path resolved(const std::filesystem::path& absolute,
                               const std::filesystem::path& user_path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(absolute, error);
  if (!error)
    return canonical;
  std::error_code not_a_link;
  const fs::path target = fs::read_symlink(absolute, not_a_link);
  if (error == std::errc::too_many_symbolic_link_levels && !not_a_link)
    throw broken_link(user_path.string(), target.string(), "leads into a loop");
  std::string reason = error.message();
  if (!reason.empty())
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  throw Error("cannot resolve " + quoted(user_path.string()) + ": " + reason);
}

RepositoryPtr open_repository(const std::string& git_dir) {
  git_repository* raw = nullptr;
  const int code = git_repository_open(&raw, git_dir.c_str());
  RepositoryPtr repo(raw);
  if (is_ownership_failure(code)) {
    const std::string root = safe_directory_for(git_dir);
    throw Error("repository " + quoted(root) +
                " is owned by another user; if you trust it, run: git config --global --add "
                "safe.directory " +
                quoted(root));
  }
  check(code, "cannot open repository " + quoted(without_trailing_slash(git_dir)));
  return repo;
}

std::string first_line(const char* message) {
  std::string_view text = message ? message : "";
  text = text.substr(0, text.find('\n'));
  if (text.ends_with('\r')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

Commit to_commit(const git_commit* commit, const std::string& revspec) {
  Commit result;
  char sha[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(sha, sizeof sha, git_commit_id(commit));
  result.sha = sha;
  result.subject = first_line(git_commit_message(commit));
  if (const git_signature* author = git_commit_author(commit)) {
    result.author_name = author->name ? author->name : "";
    result.author_email = author->email ? author->email : "";
    result.time = author->when.time;
  }
  result.revspec = revspec;
  return result;
}

[[noreturn]] void throw_unresolved(git_repository* repo, const std::string& revspec, int code) {
  if (code == GIT_EAMBIGUOUS) {
    throw Error("ambiguous revision " + quoted(revspec) + ": use more digits of the commit id");
  }
  if (code == GIT_ENOTFOUND || code == GIT_EINVALIDSPEC) {
    if (git_repository_head_unborn(repo) == 1) {
      throw Error("unknown revision " + quoted(revspec) + " (the repository has no commits yet)",
                  ErrorKind::not_found);
    }
    throw Error("unknown revision " + quoted(revspec), ErrorKind::not_found);
  }
  throw Error("cannot resolve " + quoted(revspec) + ": " + last_error_message());
}

}  // namespace

Repository::Repository(std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

std::optional<Repository> Repository::find(const std::filesystem::path& start) {
  ensure_libgit2();
  std::error_code ignored;
  const std::filesystem::path absolute = std::filesystem::absolute(start, ignored);
  const std::string shown = absolute.empty() ? start.string() : absolute.string();

  Buffer git_dir;
  const int code = git_repository_discover(git_dir.get(), shown.c_str(), 0, nullptr);
  if (code == GIT_ENOTFOUND) {
    if (!std::filesystem::exists(absolute, ignored)) {
      throw Error("cannot open " + quoted(shown) + ": no such directory", ErrorKind::not_found);
    }
    return std::nullopt;
  }
  check(code, "cannot search for a repository from " + quoted(shown));

  auto handle = std::make_unique<Handle>();
  handle->repo = open_repository(git_dir.str());
  return Repository(std::move(handle));
}

Repository Repository::discover(const std::filesystem::path& start) {
  auto repository = find(start);
  if (!repository) {
    std::error_code ignored;
    const std::filesystem::path absolute = std::filesystem::absolute(start, ignored);
    throw Error(
        "not a git repository: " + quoted(absolute.empty() ? start.string() : absolute.string()) +
            " (or any of the parent directories)",
        ErrorKind::not_found);
  }
  return std::move(*repository);
}

std::filesystem::path Repository::workdir() const {
  const char* root = git_repository_workdir(handle_->repo.get());
  if (root == nullptr) {
    throw Error("this operation must be run in a work tree: " +
                quoted(without_trailing_slash(git_repository_path(handle_->repo.get()))) +
                " is a bare repository");
  }
  return std::filesystem::path(without_trailing_slash(root));
}

std::filesystem::path Repository::location() const {
  const char* root = git_repository_workdir(handle_->repo.get());
  return std::filesystem::path(
      without_trailing_slash(root ? root : git_repository_path(handle_->repo.get())));
}

bool Repository::is_bare() const {
  return git_repository_workdir(handle_->repo.get()) == nullptr;
}

std::optional<Commit> Repository::find_commit(const std::string& revspec) const {
  git_repository* repo = handle_->repo.get();
  git_object* raw = nullptr;
  const int code = git_revparse_single(&raw, repo, revspec.c_str());
  ObjectPtr object(raw);
  if (code == GIT_ENOTFOUND)
    return std::nullopt;
  if (code < 0) {
    throw_unresolved(repo, revspec, code);
  }

  git_object* peeled_raw = nullptr;
  const int peel_code = git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT);
  ObjectPtr peeled(peeled_raw);
  if (peel_code < 0) {
    throw Error("revision " + quoted(revspec) + " does not name a commit");
  }
  return to_commit(reinterpret_cast<const git_commit*>(peeled.get()), revspec);
}

Commit Repository::resolve(const std::string& revspec) const {
  auto commit = find_commit(revspec);
  if (!commit)
    throw_unresolved(handle_->repo.get(), revspec, GIT_ENOTFOUND);
  return std::move(*commit);
}

std::string Repository::relative_path(const std::filesystem::path& user_path,
                                      const std::filesystem::path& cwd) const {
  namespace fs = std::filesystem;
  const fs::path root = workdir();
  const fs::path absolute = user_path.is_absolute() ? user_path : fs::absolute(cwd) / user_path;
  // Canonical on both sides so that symbolic links (/tmp -> /private/tmp) cannot make a path inside
  // the working tree look outside it.
  const fs::path canonical_root = fs::weakly_canonical(root);
  const fs::path relative = resolved(absolute, user_path).lexically_relative(canonical_root);
  if (relative.empty() || *relative.begin() == "..") {
    throw Error(quoted(user_path.string()) + " is outside the repository " + quoted(root.string()));
  }
  if (relative == ".") {
    return "";
  }
  return relative.generic_string();
}

}  // namespace gitops::git
