// The desired objects of a revision or of the working tree, rendered from plain manifests in a
// scratch repository, with a kubectl that cannot start: plain files need none.

#include "source/desired.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_of.hpp"
#include "git/repository.hpp"
#include "scratch_git.hpp"

namespace gitops::testing {
namespace {

using Names = std::vector<std::string>;

kube::KubectlOptions no_kubectl() {
  kube::KubectlOptions options;
  options.binary = "/nonexistent/kubectl";
  return options;
}

std::string config_map(const std::string& name) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: shop}\n";
}

// "ConfigMap shop/a@envs/prod/app.yaml:1": identity and source, so order and origin are checked.
Names described(const std::vector<manifest::Object>& objects) {
  Names names;
  for (const auto& object : objects)
    names.push_back(object.id.to_string() + "@" + object.source.to_string());
  return names;
}

class SourceDesired : public ::testing::Test {
 protected:
  std::vector<manifest::Object> render_head(const Names& paths) {
    git_.commit("manifests");
    auto repository = git::Repository::discover(git_.root());
    return source::render_revision(repository, repository.resolve("HEAD"), paths, kubectl_);
  }
  std::vector<manifest::Object> render_worktree(const Names& paths) {
    auto repository = git::Repository::discover(git_.root());
    return source::render_worktree(repository, paths, kubectl_);
  }

  ScratchGit git_;
  kube::Kubectl kubectl_{no_kubectl()};
};

TEST_F(SourceDesired, MultiDocumentFileGivesEveryObjectWithItsLine) {
  git_.write("app.yaml", config_map("a") + "---\n" + config_map("b") + "---\n" + config_map("c"));
  EXPECT_EQ(described(render_head({})),
            (Names{"ConfigMap shop/a@app.yaml:1", "ConfigMap shop/b@app.yaml:5",
                   "ConfigMap shop/c@app.yaml:9"}));
}

TEST_F(SourceDesired, ListGivesItsItems) {
  git_.write(
      "list.yaml",
      "apiVersion: v1\nkind: List\nitems:\n"
      "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: shop}\n"
      "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web, namespace: shop}\n");
  EXPECT_EQ(described(render_head({})),
            (Names{"ConfigMap shop/a@list.yaml:4", "apps/Deployment shop/web@list.yaml:7"}));
}

TEST_F(SourceDesired, JsonManifestIsRead) {
  git_.write(
      "app.json",
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"shop"}})");
  EXPECT_EQ(described(render_head({})), (Names{"ConfigMap shop/a@app.json:1"}));
}

TEST_F(SourceDesired, FilesOutsideThePathsAreIgnored) {
  git_.write("envs/prod/app.yaml", config_map("prod"));
  git_.write("envs/staging/app.yaml", config_map("staging"));
  git_.write("top.yaml", config_map("top"));
  EXPECT_EQ(described(render_head({"envs/prod"})),
            (Names{"ConfigMap shop/prod@envs/prod/app.yaml:1"}));
}

TEST_F(SourceDesired, EveryPathIsReadAndAFileMayBeOne) {
  git_.write("envs/prod/app.yaml", config_map("prod"));
  git_.write("envs/staging/app.yaml", config_map("staging"));
  git_.write("shared/extra.yaml", config_map("extra"));
  EXPECT_EQ(described(render_head({"envs/prod", "shared/extra.yaml"})),
            (Names{"ConfigMap shop/prod@envs/prod/app.yaml:1",
                   "ConfigMap shop/extra@shared/extra.yaml:1"}));
}

TEST_F(SourceDesired, NonManifestFilesAndDotFoldersAreIgnored) {
  git_.write("app.yaml", config_map("a"));
  git_.write("README.md", "# not a manifest: kind: ConfigMap\n");
  git_.write("notes.txt", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: txt}\n");
  git_.write("script.sh", "#!/bin/sh\n");
  git_.write(".github/workflow.yaml", config_map("workflow"));
  EXPECT_EQ(described(render_head({})), (Names{"ConfigMap shop/a@app.yaml:1"}));
}

TEST_F(SourceDesired, PathMissingAtTheRevisionIsAnErrorNamingItAndTheRevision) {
  git_.write("envs/prod/app.yaml", config_map("prod"));
  const auto message = error_of([&] { render_head({"envs/qa"}); });
  EXPECT_EQ(message,
            "'envs/qa' does not exist at HEAD (" + git_.git("rev-parse --short=7 HEAD") + ")");
}

TEST_F(SourceDesired, PathMissingFromTheWorkingTreeIsAnErrorNamingIt) {
  git_.write("envs/prod/app.yaml", config_map("prod"));
  const auto message = error_of([&] { render_worktree({"envs/qa"}); });
  EXPECT_NE(message.find("'envs/qa'"), std::string::npos) << message;
}

TEST_F(SourceDesired, WorkingTreeEditsAreSeenByRenderWorktreeOnly) {
  git_.write("app.yaml", config_map("committed"));
  git_.commit("manifests");
  git_.write("app.yaml", config_map("edited"));
  git_.write("new.yaml", config_map("untracked"));
  auto repository = git::Repository::discover(git_.root());
  EXPECT_EQ(
      described(source::render_revision(repository, repository.resolve("HEAD"), {}, kubectl_)),
      (Names{"ConfigMap shop/committed@app.yaml:1"}));
  EXPECT_EQ(described(render_worktree({})),
            (Names{"ConfigMap shop/edited@app.yaml:1", "ConfigMap shop/untracked@new.yaml:1"}));
}

TEST_F(SourceDesired, RevisionIsReadFromHistoryNotFromTheWorkingTree) {
  git_.write("app.yaml", config_map("first"));
  git_.commit("first");
  git_.write("app.yaml", config_map("second"));
  git_.commit("second");
  auto repository = git::Repository::discover(git_.root());
  EXPECT_EQ(
      described(source::render_revision(repository, repository.resolve("HEAD~1"), {}, kubectl_)),
      (Names{"ConfigMap shop/first@app.yaml:1"}));
}

TEST_F(SourceDesired, MalformedManifestIsAnErrorNamingTheFile) {
  git_.write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n");
  const auto message = error_of([&] { render_head({}); });
  EXPECT_NE(message.find("broken.yaml"), std::string::npos) << message;
}

TEST_F(SourceDesired, KustomizationIsRenderedByKubectl) {
  // The kubectl that cannot start is reached: kustomizations, and only they, need kubectl.
  git_.write("base/kustomization.yaml", "resources: [app.yaml]\n");
  git_.write("base/app.yaml", config_map("a"));
  EXPECT_EQ(error_of([&] { render_head({}); }), "cannot run '/nonexistent/kubectl': no such file");
}

TEST_F(SourceDesired, JsonnetFilesRenderInProcessWithTheirImportsAndVariables) {
  git_.write("lib/cm.libsonnet",
             "{ cm(name):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name, "
             "namespace: 'shop' } } }");
  git_.write("apps/main.jsonnet",
             "local k = import 'cm.libsonnet'; [k.cm(std.extVar('env')), k.cm('b')]");
  git_.write("apps/plain.yaml", config_map("plain"));
  source::RenderOptions options;
  options.jsonnet.ext_str = {{"env", "prod"}};
  git_.commit("jsonnet");
  auto repository = git::Repository::discover(git_.root());
  EXPECT_EQ(described(source::render_revision(repository, repository.resolve("HEAD"), {"apps"},
                                              kubectl_, options)),
            (Names{"ConfigMap shop/prod@apps/main.jsonnet", "ConfigMap shop/b@apps/main.jsonnet",
                   "ConfigMap shop/plain@apps/plain.yaml:1"}));
}

TEST_F(SourceDesired, ANamedFolderOfUnsupportedFilesIsAnErrorNotAnEmptyAnswer) {
  git_.write("apps/app.yaml", config_map("a"));
  git_.write("cue/app.cue", "package app\n");
  EXPECT_EQ(error_of([&] {
              render_head({"cue"});
            }).rfind("cannot render 'cue': it holds 1 file (app.cue), none of which renders", 0),
            0u);
}

TEST_F(SourceDesired, TheWholeRepositoryNamesTheFoldersItSkips) {
  git_.write("apps/app.yaml", config_map("a"));
  git_.write("cue/app.cue", "package app\n");
  source::RenderOptions options;
  std::vector<std::string> notes;
  options.note = [&](const std::string& note) { notes.push_back(note); };
  auto repository = git::Repository::discover(git_.root());
  EXPECT_EQ(described(source::render_worktree(repository, {}, kubectl_, options)),
            Names{"ConfigMap shop/a@apps/app.yaml:1"});
  EXPECT_EQ(notes, Names{"nothing renders in 'cue' (no manifests, kustomization, Helm chart or "
                         "Jsonnet): skipped"});
}

TEST_F(SourceDesired, AChartWithAnUnvendoredDependencyIsAnErrorBeforeHelmRuns) {
  git_.write("web/Chart.yaml",
             "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n- name: redis\n"
             "  version: 1.0.0\n  repository: https://charts.example.com\n");
  git_.write("web/templates/cm.yaml", config_map("web"));
  EXPECT_EQ(error_of([&] { render_head({"web"}); })
                .rfind("cannot render the chart 'web': its dependency 'redis' (Chart.yaml) is "
                       "not vendored",
                       0),
            0u);
}

}  // namespace
}  // namespace gitops::testing
