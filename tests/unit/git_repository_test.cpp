#include <git2.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "error.hpp"
#include "error_of.hpp"
#include "git/repository.hpp"
#include "scratch_folder.hpp"

namespace {

using gitops::testing::error_of;
using gitops::testing::ScratchFolder;

namespace fs = std::filesystem;
using gitops::Error;
using gitops::git::Commit;
using gitops::git::File;
using gitops::git::Repository;

// A throwaway repository built with the real git CLI (test code only; the product uses libgit2),
// isolated from the user's and the system's git configuration.
class ScratchRepo {
 public:
  ScratchRepo() { git("init -q -b main"); }

  const fs::path& root() const { return folder_.path(); }

  void write(const std::string& path, const std::string& content) const {
    folder_.write(path, content);
  }

  void git(const std::string& arguments) const { run("git " + arguments); }

  std::string output_of(const std::string& arguments) const {
    const std::string command =
        "cd '" + root().string() + "' && " + environment() + "git " + arguments;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      throw std::runtime_error("cannot run: " + command);
    }
    std::string output;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
      output += buffer;
    }
    if (pclose(pipe) != 0) {
      throw std::runtime_error("command failed: " + command);
    }
    while (!output.empty() && output.back() == '\n') {
      output.pop_back();
    }
    return output;
  }

  // Stages everything and commits with a distinct, known author time.
  std::string commit(const std::string& message) {
    git("add -A");
    return commit_index(message);
  }

  // Commits what is staged, leaving other worktree changes alone.
  std::string commit_index(const std::string& message) {
    const std::string date = "'@" + std::to_string(next_time()) + " +0000'";
    run("GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date + " git commit -q -m '" +
        message + "'");
    return output_of("rev-parse HEAD");
  }

  std::int64_t last_time() const { return time_; }

 private:
  static std::string environment() {
    return "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME='Ada Lovelace' "
           "GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME='Ada Lovelace' "
           "GIT_COMMITTER_EMAIL=ada@example.com ";
  }

  void run(const std::string& command) const {
    const std::string full =
        "cd '" + root().string() + "' && export " + environment() + "&& " + command + " >/dev/null";
    if (std::system(full.c_str()) != 0) {
      throw std::runtime_error("command failed: " + full);
    }
  }

  std::int64_t next_time() { return time_ += 100; }

  ScratchFolder folder_{"gitops-git-test"};
  std::int64_t time_ = 1700000000;
};

std::vector<std::string> paths_of(const std::vector<File>& files) {
  std::vector<std::string> paths;
  for (const File& file : files) {
    paths.push_back(file.path);
  }
  return paths;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Three commits touching envs/prod/app.yaml: "one", "two", "three".
struct History {
  ScratchRepo repo;
  std::vector<std::string> shas;

  History() {
    for (const std::string word : {"one", "two", "three"}) {
      repo.write("envs/prod/app.yaml", "replicas: " + word + "\n");
      shas.push_back(repo.commit("set " + word));
    }
  }
};

TEST(GitRepository, ResolvesRelativeRevspecs) {
  History history;
  const Repository repo = Repository::discover(history.repo.root());

  const Commit parent = repo.resolve("HEAD~1");
  EXPECT_EQ(parent.sha, history.shas[1]);
  EXPECT_EQ(parent.subject, "set two");
  EXPECT_EQ(repo.resolve("HEAD~2").sha, history.shas[0]);
  EXPECT_EQ(repo.resolve("HEAD").sha, history.shas[2]);
}

TEST(GitRepository, FillsAuthorAndFirstLineOfMessage) {
  ScratchRepo scratch;
  scratch.write("a.yaml", "a: 1\n");
  scratch.git("add -A");
  scratch.git("commit -q -m 'Add the first app' -m 'A longer body that is not the subject.'");
  const Repository repo = Repository::discover(scratch.root());

  const Commit head = repo.resolve("HEAD");
  EXPECT_EQ(head.sha.size(), 40u);
  EXPECT_EQ(head.sha, scratch.output_of("rev-parse HEAD"));
  EXPECT_EQ(head.short_sha(), head.sha.substr(0, 7));
  EXPECT_EQ(head.subject, "Add the first app");
  EXPECT_EQ(head.author_name, "Ada Lovelace");
  EXPECT_EQ(head.author_email, "ada@example.com");
  EXPECT_EQ(head.time, std::stoll(scratch.output_of("log -1 --format=%at")));
}

TEST(GitRepository, RecordsAuthorTime) {
  History history;
  const Repository repo = Repository::discover(history.repo.root());
  EXPECT_EQ(repo.resolve("HEAD").time, history.repo.last_time());
  EXPECT_EQ(repo.resolve("HEAD~1").time, history.repo.last_time() - 100);
}

TEST(GitRepository, ResolvesBranchNames) {
  History history;
  history.repo.git("branch feature HEAD~2");
  const Repository repo = Repository::discover(history.repo.root());

  EXPECT_EQ(repo.resolve("feature").sha, history.shas[0]);
  EXPECT_EQ(repo.resolve("main").sha, history.shas[2]);
}

TEST(GitRepository, ResolvesAnnotatedTagsToTheirCommit) {
  History history;
  history.repo.git("tag -a v1.0 -m 'release one' HEAD~1");
  const Repository repo = Repository::discover(history.repo.root());

  const Commit tagged = repo.resolve("v1.0");
  EXPECT_EQ(tagged.sha, history.shas[1]);
  EXPECT_NE(tagged.sha, history.repo.output_of("rev-parse v1.0"));  // not the tag object
  EXPECT_EQ(tagged.subject, "set two");
}

TEST(GitRepository, ResolvesLightweightTags) {
  History history;
  history.repo.git("tag light HEAD~2");
  const Repository repo = Repository::discover(history.repo.root());
  EXPECT_EQ(repo.resolve("light").sha, history.shas[0]);
}

TEST(GitRepository, ResolvesShortShas) {
  History history;
  const Repository repo = Repository::discover(history.repo.root());
  const Commit commit = repo.resolve(history.shas[1].substr(0, 7));
  EXPECT_EQ(commit.sha, history.shas[1]);
}

TEST(GitRepository, ReportsUnknownRevisionByName) {
  History history;
  const Repository repo = Repository::discover(history.repo.root());
  EXPECT_EQ(error_of([&] { repo.resolve("v9"); }), "unknown revision 'v9'");
  EXPECT_EQ(error_of([&] { repo.resolve("HEAD~10"); }), "unknown revision 'HEAD~10'");
}

TEST(GitRepository, RejectsRevspecsThatNameNoCommit) {
  History history;
  const Repository repo = Repository::discover(history.repo.root());
  EXPECT_EQ(error_of([&] { repo.resolve("HEAD:envs"); }),
            "revision 'HEAD:envs' does not name a commit");
}

TEST(GitRepository, SaysWhenTheRepositoryHasNoCommits) {
  ScratchRepo scratch;
  const Repository repo = Repository::discover(scratch.root());
  EXPECT_EQ(error_of([&] { repo.resolve("HEAD"); }),
            "unknown revision 'HEAD' (the repository has no commits yet)");
}

TEST(GitRepository, DiscoversTheRepositoryFromASubfolder) {
  History history;
  const Repository repo = Repository::discover(history.repo.root() / "envs" / "prod");
  EXPECT_EQ(repo.workdir(), history.repo.root());
}

TEST(GitRepository, ReportsAFolderOutsideAnyRepository) {
  const ScratchFolder folder;
  EXPECT_EQ(
      error_of([&] { Repository::discover(folder.path()); }),
      "not a git repository: '" + folder.path().string() + "' (or any of the parent directories)");
}

// A file-backed set of global/XDG/system config folders, so that no safe.directory set on this
// machine can make the repository trusted.
class IsolatedGitConfig {
 public:
  IsolatedGitConfig() {
    git_libgit2_init();
    for (int level : kLevels) {
      git_buf saved = GIT_BUF_INIT;
      git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &saved);
      saved_.emplace_back(saved.ptr ? saved.ptr : "");
      git_buf_dispose(&saved);
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, folder_.path().c_str());
    }
  }
  ~IsolatedGitConfig() {
    for (std::size_t i = 0; i < std::size(kLevels); ++i) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, kLevels[i], saved_[i].c_str());
    }
    git_libgit2_shutdown();
  }

 private:
  static constexpr int kLevels[] = {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
                                    GIT_CONFIG_LEVEL_GLOBAL};
  ScratchFolder folder_{"gitops-git-config"};
  std::vector<std::string> saved_;
};

TEST(GitRepository, ExplainsARepositoryOwnedByAnotherUser) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "needs root to give the repository to another user";
  }
  History history;
  const std::string root = history.repo.root().string();
  ASSERT_EQ(std::system(("chown -R nobody '" + root + "'").c_str()), 0);
  const IsolatedGitConfig isolated;

  EXPECT_EQ(error_of([&] { Repository::discover(history.repo.root()); }),
            "repository '" + root +
                "' is owned by another user; if you trust it, run: git config --global --add "
                "safe.directory '" +
                root + "'");
}

// The repository at HEAD~1 has envs/prod/{app,sub/extra}.yaml, envs/dev/app.yaml and
// envs/prod-eu/app.yaml; HEAD changes envs/prod/app.yaml; the worktree changes it again and adds an
// untracked file.
struct Layout {
  ScratchRepo repo;
  std::string first;
  std::string second;

  Layout() {
    repo.write("envs/prod/app.yaml", "replicas: 1\n");
    repo.write("envs/prod/sub/extra.yaml", "extra: true\n");
    repo.write("envs/dev/app.yaml", "replicas: 0\n");
    repo.write("envs/prod-eu/app.yaml", "replicas: 5\n");
    first = repo.commit("first");
    repo.write("envs/prod/app.yaml", "replicas: 2\n");
    second = repo.commit("second");
    repo.write("envs/prod/app.yaml", "replicas: 3 # uncommitted\n");
    repo.write("envs/prod/untracked.yaml", "new: true\n");
  }
};

TEST(GitRepository, ReadsAFolderAtARevisionNotTheWorktree) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());

  const std::vector<File> files = repo.read_files(repo.resolve("HEAD~1"), {"envs/prod"});
  ASSERT_EQ(paths_of(files),
            (std::vector<std::string>{"envs/prod/app.yaml", "envs/prod/sub/extra.yaml"}));
  EXPECT_EQ(files[0].content, "replicas: 1\n");
  EXPECT_EQ(files[1].content, "extra: true\n");
}

TEST(GitRepository, ReadsASingleFileAtAnOlderRevision) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());

  const std::vector<File> files = repo.read_files(repo.resolve("HEAD~1"), {"envs/prod/app.yaml"});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "envs/prod/app.yaml");
  EXPECT_EQ(files[0].content, "replicas: 1\n");
  EXPECT_EQ(repo.read_files(repo.resolve("HEAD"), {"envs/prod/app.yaml"})[0].content,
            "replicas: 2\n");
}

TEST(GitRepository, ReadsOverlappingPathsOnceInPathOrder) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());

  const std::vector<File> files =
      repo.read_files(repo.resolve("HEAD"), {"envs/prod/sub/", "envs/dev", "./envs/prod"});
  EXPECT_EQ(paths_of(files), (std::vector<std::string>{"envs/dev/app.yaml", "envs/prod/app.yaml",
                                                       "envs/prod/sub/extra.yaml"}));
}

TEST(GitRepository, ReadsTheWholeTreeForAnEmptyOrDotPath) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());
  const std::vector<std::string> all{"envs/dev/app.yaml", "envs/prod-eu/app.yaml",
                                     "envs/prod/app.yaml", "envs/prod/sub/extra.yaml"};

  EXPECT_EQ(paths_of(repo.read_files(repo.resolve("HEAD"), {})), all);
  EXPECT_EQ(paths_of(repo.read_files(repo.resolve("HEAD"), {"."})), all);
  EXPECT_EQ(paths_of(repo.read_files(repo.resolve("HEAD"), {""})), all);
}

TEST(GitRepository, NamesAMissingPathAndTheRevision) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());
  const Commit head = repo.resolve("HEAD");

  EXPECT_EQ(error_of([&] {
              repo.read_files(head, {"envs/prod", "envs/nope"});
            }),
            "'envs/nope' does not exist at HEAD (" + layout.second.substr(0, 7) + ")");
}

TEST(GitRepository, TellsWhetherAPathExistsAtACommit) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());
  const Commit head = repo.resolve("HEAD");

  EXPECT_TRUE(repo.exists(head, "envs/prod"));
  EXPECT_TRUE(repo.exists(head, "envs/prod/app.yaml"));
  EXPECT_TRUE(repo.exists(head, ""));
  EXPECT_FALSE(repo.exists(head, "envs/prod/untracked.yaml"));
  EXPECT_FALSE(repo.exists(head, "envs/nope"));
}

TEST(GitRepository, ListsChangedFilesBetweenCommitsUnderAFolder) {
  ScratchRepo scratch;
  scratch.write("envs/prod/app.yaml", "replicas: 1\n");
  scratch.write("envs/prod/old.yaml", "old: true\n");
  scratch.write("envs/prod/same.yaml", "same: true\n");
  scratch.write("envs/prod-eu/app.yaml", "replicas: 1\n");
  scratch.write("envs/dev/app.yaml", "replicas: 1\n");
  const std::string first = scratch.commit("first");
  scratch.write("envs/prod/app.yaml", "replicas: 2\n");
  scratch.git("rm -q envs/prod/old.yaml");
  scratch.write("envs/prod/new.yaml", "new: true\n");
  scratch.write("envs/prod-eu/app.yaml", "replicas: 2\n");
  scratch.write("envs/dev/app.yaml", "replicas: 2\n");
  scratch.commit("second");
  const Repository repo = Repository::discover(scratch.root());
  const Commit from = repo.resolve(first);
  const Commit to = repo.resolve("HEAD");

  EXPECT_EQ(
      repo.changed_files(from, to, {"envs/prod"}),
      (std::vector<std::string>{"envs/prod/app.yaml", "envs/prod/new.yaml", "envs/prod/old.yaml"}));
  EXPECT_EQ(repo.changed_files(from, to, {"envs/dev/app.yaml"}),
            (std::vector<std::string>{"envs/dev/app.yaml"}));
  EXPECT_EQ(repo.changed_files(from, to, {}).size(), 5u);
  EXPECT_TRUE(repo.changed_files(to, to, {}).empty());
}

TEST(GitRepository, ListsBothSidesOfARename) {
  History history;
  history.repo.git("mv envs/prod/app.yaml envs/prod/web.yaml");
  history.repo.commit("rename");
  const Repository repo = Repository::discover(history.repo.root());

  EXPECT_EQ(repo.changed_files(repo.resolve("HEAD~1"), repo.resolve("HEAD"), {"envs"}),
            (std::vector<std::string>{"envs/prod/app.yaml", "envs/prod/web.yaml"}));
}

TEST(GitRepository, ReadsUncommittedEditsAndSkipsIgnoredFiles) {
  Layout layout;
  layout.repo.write(".gitignore", "*.secret\nbuild/\n");
  layout.repo.write("envs/prod/tracked.secret", "tracked even though ignored\n");
  layout.repo.git("add -f envs/prod/tracked.secret");
  layout.repo.write("envs/prod/key.secret", "hunter2\n");
  layout.repo.write("envs/prod/build/rendered.yaml", "rendered: true\n");
  const Repository repo = Repository::discover(layout.repo.root());

  const std::vector<File> files = repo.read_worktree({"envs/prod"});
  ASSERT_EQ(paths_of(files),
            (std::vector<std::string>{"envs/prod/app.yaml", "envs/prod/sub/extra.yaml",
                                      "envs/prod/tracked.secret", "envs/prod/untracked.yaml"}));
  EXPECT_EQ(files[0].content, "replicas: 3 # uncommitted\n");
}

TEST(GitRepository, ReadsAnIgnoredFileNamedExplicitly) {
  Layout layout;
  layout.repo.write(".gitignore", "*.secret\n");
  layout.repo.write("envs/prod/key.secret", "hunter2\n");
  const Repository repo = Repository::discover(layout.repo.root());

  const std::vector<File> files = repo.read_worktree({"envs/prod/key.secret"});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "envs/prod/key.secret");
  EXPECT_EQ(files[0].content, "hunter2\n");
}

TEST(GitRepository, LeavesSymbolicLinksOutOfFilesButExportsThem) {
  History history;
  fs::create_symlink("app.yaml", history.repo.root() / "envs/prod/alias.yaml");
  history.repo.commit("add a link");
  const Repository repo = Repository::discover(history.repo.root());
  const Commit head = repo.resolve("HEAD");
  const ScratchFolder scratch;
  const fs::path& destination = scratch.path();

  const std::vector<std::string> only_app{"envs/prod/app.yaml"};
  EXPECT_EQ(paths_of(repo.read_files(head, {"envs"})), only_app);
  EXPECT_EQ(paths_of(repo.read_worktree({"envs"})), only_app);
  EXPECT_TRUE(repo.changed_files(repo.resolve("HEAD~1"), head, {}).empty());
  repo.export_tree(head, destination);
  EXPECT_TRUE(fs::is_symlink(destination / "envs/prod/alias.yaml"));
  EXPECT_EQ(fs::read_symlink(destination / "envs/prod/alias.yaml"), "app.yaml");
}

// The links render() follows: those named like manifests.
bool yaml_named(const std::string& path) {
  return path.ends_with(".yaml");
}

TEST(GitRepository, FollowsLinksToFilesInsideTheRepository) {
  History history;
  const fs::path& root = history.repo.root();
  history.repo.write("base/web.yaml", "web: 1\n");
  fs::create_symlink("../../base/web.yaml", root / "envs/prod/web.yaml");
  fs::create_symlink("web.yaml", root / "envs/prod/alias.yaml");  // a link to a link
  fs::create_symlink("../../base", root / "envs/prod/folder.yaml");
  fs::create_symlink("app.yaml", root / "envs/prod/notes.txt");  // not followed
  history.repo.commit("link a base");
  history.repo.write("base/web.yaml", "web: 2\n");  // the revision keeps reading "web: 1"
  const Repository repo = Repository::discover(root);
  const Commit head = repo.resolve("HEAD");

  const std::vector<std::string> expected{"envs/prod/alias.yaml", "envs/prod/app.yaml",
                                          "envs/prod/web.yaml"};
  const auto files = repo.read_files(head, {"envs/prod"}, yaml_named);
  ASSERT_EQ(paths_of(files), expected);
  EXPECT_EQ(files[0].content, "web: 1\n");
  EXPECT_EQ(files[2].content, "web: 1\n");
  const auto worktree = repo.read_worktree({"envs/prod"}, yaml_named);
  ASSERT_EQ(paths_of(worktree), expected);
  EXPECT_EQ(worktree[0].content, "web: 2\n");
  EXPECT_EQ(worktree[2].content, "web: 2\n");

  const auto named = repo.read_files(head, {"envs/prod/web.yaml"}, yaml_named);
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].content, "web: 1\n");
}

TEST(GitRepository, RefusesLinksThatLeaveTheRepositoryLoopOrLeadNowhere) {
  const ScratchFolder scratch;
  const fs::path outside = scratch / "outside.yaml";
  std::ofstream(outside) << "outside: true\n";
  struct Case {
    std::string target, problem;
  };
  for (const auto& [target, problem] : std::vector<Case>{
           {outside.string(), "leaves the repository"},
           {"../../../../../../../../../../.." + outside.string(), "leaves the repository"},
           {"link.yaml", "leads into a loop"},
           {"gone.yaml", "leads nowhere"},
           {"app.yaml/inside.yaml", "leads nowhere"},
       }) {
    History history;
    fs::create_symlink(target, history.repo.root() / "envs/prod/link.yaml");
    history.repo.commit("add a link");
    const Repository repo = Repository::discover(history.repo.root());
    const std::string expected =
        "cannot read 'envs/prod/link.yaml': symbolic link to '" + target + "' " + problem;
    EXPECT_EQ(error_of([&] { repo.read_files(repo.resolve("HEAD"), {"envs"}, yaml_named); }),
              expected);
    EXPECT_EQ(error_of([&] { repo.read_worktree({"envs"}, yaml_named); }), expected);
    EXPECT_EQ(paths_of(repo.read_files(repo.resolve("HEAD"), {"envs"})),
              std::vector<std::string>{"envs/prod/app.yaml"});  // links not followed: left out
  }
}

TEST(GitRepository, CountsEveryFollowedLinkAsChanged) {
  History history;
  history.repo.write("base/web.yaml", "web: 1\n");
  fs::create_symlink("../../base/web.yaml", history.repo.root() / "envs/prod/web.yaml");
  history.repo.commit("link a base");
  history.repo.write("base/web.yaml", "web: 2\n");
  history.repo.commit("change the base");
  const Repository repo = Repository::discover(history.repo.root());
  const Commit from = repo.resolve("HEAD~1");
  const Commit to = repo.resolve("HEAD");

  EXPECT_EQ(repo.changed_files(from, to, {"envs/prod"}, yaml_named),
            std::vector<std::string>{"envs/prod/web.yaml"});
  EXPECT_TRUE(repo.changed_files(from, to, {"envs/prod"}).empty());
}

TEST(GitRepository, SaysAUserPathIsALinkLoop) {
  Layout layout;
  fs::create_symlink("loop.yaml", layout.repo.root() / "envs/loop.yaml");
  const Repository repo = Repository::discover(layout.repo.root());
  EXPECT_EQ(error_of([&] { repo.relative_path("loop.yaml", layout.repo.root() / "envs"); }),
            "cannot read 'loop.yaml': symbolic link to 'loop.yaml' leads into a loop");
}

TEST(GitRepository, ReadsTheWholeWorktreeWithoutTheGitFolder) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());

  const std::vector<std::string> paths = paths_of(repo.read_worktree({}));
  EXPECT_EQ(paths, (std::vector<std::string>{"envs/dev/app.yaml", "envs/prod-eu/app.yaml",
                                             "envs/prod/app.yaml", "envs/prod/sub/extra.yaml",
                                             "envs/prod/untracked.yaml"}));
}

TEST(GitRepository, ReportsAMissingWorktreePath) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());
  EXPECT_EQ(error_of([&] { repo.read_worktree({"envs/nope"}); }),
            "'envs/nope' does not exist in the working tree '" + layout.repo.root().string() + "'");
  EXPECT_EQ(error_of([&] { repo.read_worktree({"../elsewhere"}); }),
            "'../elsewhere' is outside the repository '" + layout.repo.root().string() + "'");
}

TEST(GitRepository, MakesUserPathsRelativeToTheRoot) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());
  const fs::path envs = layout.repo.root() / "envs";

  EXPECT_EQ(repo.relative_path("prod/app.yaml", envs), "envs/prod/app.yaml");
  EXPECT_EQ(repo.relative_path("prod/", envs), "envs/prod");
  EXPECT_EQ(repo.relative_path("../../envs/./dev", envs / "prod"), "envs/dev");
  EXPECT_EQ(repo.relative_path(envs / "prod", "/"), "envs/prod");
  EXPECT_EQ(repo.relative_path("..", envs), "");
  EXPECT_EQ(repo.relative_path("not-yet-created.yaml", envs), "envs/not-yet-created.yaml");
}

TEST(GitRepository, RejectsUserPathsOutsideTheWorktree) {
  Layout layout;
  const Repository repo = Repository::discover(layout.repo.root());
  const std::string root = layout.repo.root().string();

  EXPECT_EQ(error_of([&] { repo.relative_path("../..", layout.repo.root() / "envs"); }),
            "'../..' is outside the repository '" + root + "'");
  EXPECT_EQ(error_of([&] { repo.relative_path(root + "-sibling/x", "/"); }),
            "'" + root + "-sibling/x' is outside the repository '" + root + "'");
}

TEST(GitRepository, ExportsTheTreeWithExecutableBits) {
  Layout layout;
  layout.repo.write("scripts/render.sh", "#!/bin/sh\necho hi\n");
  layout.repo.git("add scripts/render.sh");
  layout.repo.git("update-index --chmod=+x scripts/render.sh");
  layout.repo.commit_index("add script");
  const Repository repo = Repository::discover(layout.repo.root());
  const ScratchFolder scratch;
  const fs::path destination = scratch / "export";

  repo.export_tree(repo.resolve("HEAD~1"), destination);
  const bool has_script_before = fs::exists(destination / "scripts");
  const std::string app_before = read_text(destination / "envs/prod/app.yaml");
  repo.export_tree(repo.resolve("HEAD"), destination);

  EXPECT_FALSE(has_script_before);
  EXPECT_EQ(app_before, "replicas: 2\n");  // the commit's content, not the worktree's
  EXPECT_EQ(read_text(destination / "envs/prod/sub/extra.yaml"), "extra: true\n");
  EXPECT_FALSE(fs::exists(destination / "envs/prod/untracked.yaml"));
  EXPECT_FALSE(fs::exists(destination / ".git"));
  const fs::perms script = fs::status(destination / "scripts/render.sh").permissions();
  const fs::perms app = fs::status(destination / "envs/prod/app.yaml").permissions();
  EXPECT_NE(script & fs::perms::owner_exec, fs::perms::none);
  EXPECT_EQ(app & fs::perms::owner_exec, fs::perms::none);
}

TEST(GitRepository, ReadsRevisionsOfABareRepository) {
  Layout layout;
  const ScratchFolder scratch;
  const fs::path bare = scratch / "bare.git";
  layout.repo.git("clone -q --bare . '" + bare.string() + "'");
  const Repository repo = Repository::discover(bare);

  const Commit head = repo.resolve("main");
  EXPECT_EQ(head.sha, layout.second);
  EXPECT_EQ(repo.read_files(head, {"envs/prod/app.yaml"})[0].content, "replicas: 2\n");
  EXPECT_EQ(repo.changed_files(repo.resolve("HEAD~1"), head, {}),
            (std::vector<std::string>{"envs/prod/app.yaml"}));
  EXPECT_EQ(error_of([&] { repo.workdir(); }), "this operation must be run in a work tree: '" +
                                                   bare.string() + "' is a bare repository");
}

}  // namespace
