#include "git/writer.hpp"

#include <system_error>

#include "error.hpp"
#include "git/handles.hpp"

namespace gitops::git {

Writer::Writer(std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}
Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;
Writer::~Writer() = default;

Writer Writer::discover(const std::filesystem::path& start) {
  ensure_libgit2();
  std::error_code ignored;
  const std::string shown = std::filesystem::absolute(start, ignored).string();
  git_repository* raw_repo = nullptr;
  const int code = git_repository_open_ext(&raw_repo, shown.c_str(), 0, nullptr);
  RepositoryPtr repo(raw_repo);
  if (code == GIT_ENOTFOUND) {
    throw Error("not a git repository: " + quoted(shown) + " (or any of the parent directories)");
  }
  check(code, "cannot open the repository at " + quoted(shown));
  auto handle = std::make_unique<Handle>();
  handle->repo = std::move(repo);
  return Writer(std::move(handle));
}

Writer Writer::open(const std::filesystem::path& path) {
  ensure_libgit2();
  git_repository* raw_repo = nullptr;
  const int code = git_repository_open(&raw_repo, path.c_str());
  RepositoryPtr repo(raw_repo);
  check(code, "cannot open repository " + quoted(path.string()));
  auto handle = std::make_unique<Handle>();
  handle->repo = std::move(repo);
  return Writer(std::move(handle));
}

bool Writer::is_bare() const {
  return git_repository_is_bare(handle_->repo.get()) == 1;
}

}  // namespace gitops::git
