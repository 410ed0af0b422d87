// Kustomize secretGenerators, as gitpromote and gitrevert show them: literals as KEY=***, and no
// content at all of a file a generator reads; in diffs, promotion plans and revert plans.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/secret_file.hpp"
#include "diff/secret_generator.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "promote/message.hpp"
#include "promote/present.hpp"
#include "promote/promotion.hpp"
#include "revert/present_revert.hpp"
#include "revert/run_revert.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::diff::FileEdit;
using gitops::diff::git_file_diff;
using gitops::diff::masked_file_edit;
using gitops::diff::secret_generator_files;

// Fails the test when `text` shows any of `values`, even as a part of one line.
void expect_none_of(const std::string& text, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    EXPECT_EQ(text.find(value), std::string::npos) << "leaks '" << value << "':\n" << text;
  }
}

// A kustomization whose generator `db` has the literals given, and an image tag.
std::string kustomization(const std::string& literals, const std::string& tag = "1.0") {
  return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
         "resources: [deploy.yaml]  # the app\nimages:\n- name: web\n  newTag: \"" +
         tag + "\"\nsecretGenerator:\n- name: db\n  literals:\n" + literals +
         "  envs: [db.env]\n  files: [tls.key, token=secrets/token.txt]\n";
}

std::string diff_of(const std::string& path, const std::optional<std::string>& before,
                    const std::optional<std::string>& after,
                    const std::vector<std::string>& generator_files = {}) {
  return git_file_diff({FileEdit{path, before, after}}, generator_files, false);
}

TEST(SecretGeneratorDiff, LiteralsShowTheirKeysWithGitdiffsMarkers) {
  const std::string before =
      kustomization("  - password=hunter2-Kq3\n  - user=admin-Kq3\n  - \"old=gone-Kq3\"\n", "1.0");
  const std::string after =
      kustomization("  - password=hunter3-Kq3\n  - user=admin-Kq3\n  - added=new-Kq3\n", "1.1");
  for (const std::string path :
       {"envs/prod/kustomization.yaml", "envs/prod/kustomization.yml", "Kustomization"}) {
    const std::string diff = diff_of(path, before, after);
    expect_none_of(diff, {"Kq3", "hunter", "admin-", "gone-", "new-"});
    EXPECT_NE(diff.find("   - user=***\n"), std::string::npos) << diff;  // the same both sides
    EXPECT_NE(diff.find("-  - password=*** (before)\n"), std::string::npos) << diff;
    EXPECT_NE(diff.find("-  - old=*** (before)\n"), std::string::npos) << diff;
    EXPECT_NE(diff.find("+  - password=*** (after)\n"), std::string::npos) << diff;
    EXPECT_NE(diff.find("+  - added=*** (after)\n"), std::string::npos) << diff;
    // The rest of the file diffs as usual, and names the files the generator reads.
    EXPECT_NE(diff.find("-  newTag: \"1.0\"\n+  newTag: \"1.1\"\n"), std::string::npos) << diff;
    EXPECT_NE(diff.find("  - token=secrets/token.txt\n"), std::string::npos) << diff;
  }
}

TEST(SecretGeneratorDiff, GeneratorsPairByNameAndUnpairedOnesShowOnlyMarkers) {
  const std::string two =
      "secretGenerator:\n- name: a\n  literals: [k=a-Kq3]\n- name: b\n  literals: [k=b-Kq3]\n";
  const std::string swapped =
      "secretGenerator:\n- name: b\n  literals: [k=b-Kq3]\n- name: a\n  literals: [k=a-Kq3]\n"
      "- name: c\n  literals: [k=c-Kq3, bare-Kq3]\n";
  const FileEdit shown = masked_file_edit(FileEdit{"kustomization.yaml", two, swapped});
  ASSERT_TRUE(shown.before && shown.after);
  expect_none_of(*shown.before + *shown.after, {"Kq3"});
  EXPECT_EQ(shown.after->find("(after)"), std::string::npos) << *shown.after;
  EXPECT_NE(shown.after->find("  - k=***\n  - \"***\"\n  name: c\n"), std::string::npos)
      << *shown.after;

  const std::string added = diff_of("kustomization.yaml", std::nullopt, two);
  expect_none_of(added, {"Kq3"});
  EXPECT_NE(added.find("+  - k=***\n"), std::string::npos) << added;
  const std::string removed = diff_of("kustomization.yaml", swapped, std::nullopt);
  expect_none_of(removed, {"Kq3"});
}

TEST(SecretGeneratorDiff, LiteralsWrittenOtherwiseAreMaskedWhole) {
  const std::vector<std::string> odd = {
      "secretGenerator:\n- name: db\n  literals: password=flat-Kq3\n",
      "secretGenerator:\n- name: db\n  literals:\n  - |\n    password=block-Kq3\n    two-Kq3\n",
      "secretGenerator:\n- name: db\n  literals: [{password: map-Kq3}]\n",
      "secretGenerator: [password=list-Kq3]\n",
      "secretGenerator: password=scalar-Kq3\n",
  };
  for (const std::string& text : odd) {
    const std::string diff = diff_of("a/kustomization.yaml", "resources: []\n", text);
    expect_none_of(diff, {"Kq3"});
  }
}

TEST(SecretGeneratorDiff, UnparsableKustomizationWithAGeneratorShowsNoContent) {
  const std::string broken =
      "secretGenerator:\n- name: db\n  literals:\n  - password=broken-Kq3\n   bad: [\n";
  const std::string diff = diff_of("kustomization.yaml", "resources: []\n", broken);
  expect_none_of(diff, {"Kq3"});
  EXPECT_NE(diff.find("+*** (after)\n"), std::string::npos) << diff;
  // The same text in another file is no kustomization: kustomize would not read it.
  EXPECT_NE(diff_of("notes.yaml", "a\n", broken).find("broken-Kq3"), std::string::npos);
}

TEST(SecretGeneratorDiff, KustomizationWithoutAGeneratorIsDiffedAsItIs) {
  const FileEdit edit{"kustomization.yaml", "# prod\nresources: [a.yaml]\n",
                      "# prod\nresources: [a.yaml, b.yaml]\nconfigMapGenerator:\n"
                      "- name: c\n  literals: [mode=blue]\n"};
  const FileEdit shown = masked_file_edit(edit);
  EXPECT_EQ(shown.before, edit.before);
  EXPECT_EQ(shown.after, edit.after);
}

TEST(SecretGeneratorFiles, ResolvesEnvsFilesAndKeyedFilesAgainstTheKustomizationsFolder) {
  EXPECT_EQ(secret_generator_files("envs/prod/kustomization.yaml", kustomization("  - a=b\n")),
            (std::vector<std::string>{"envs/prod/db.env", "envs/prod/tls.key",
                                      "envs/prod/secrets/token.txt"}));
  EXPECT_EQ(secret_generator_files(
                "Kustomization",
                "secretGenerator:\n- name: x\n  env: ./x.env\n  files: [k=../up/y, dir/]\n"
                "configMapGenerator:\n- name: c\n  envs: [plain.env]\n"),
            (std::vector<std::string>{"../up/y", "dir", "x.env"}));
  EXPECT_TRUE(secret_generator_files("kustomization.yaml", "secretGenerator: [\n").empty());
}

TEST(SecretGeneratorFiles, FilesAGeneratorReadsShowNoContent) {
  const std::vector<std::string> generator_files = {"envs/prod/db.env", "envs/prod/certs"};
  const std::string diff =
      git_file_diff({FileEdit{"envs/prod/db.env", "PASSWORD=env-old-Kq3\n", "PASSWORD=env-Kq3\n"},
                     FileEdit{"envs/prod/certs/tls.key", std::nullopt, "-----BEGIN Kq3\n"},
                     FileEdit{"envs/prod/plain.env", "MODE=blue\n", "MODE=green\n"}},
                    generator_files, false);
  expect_none_of(diff, {"Kq3", "PASSWORD"});
  EXPECT_NE(diff.find("@@ -1,2 +1,2 @@\n"
                      " # values hidden: a kustomize secretGenerator reads this file\n"
                      "-*** (before)\n+*** (after)\n"),
            std::string::npos)
      << diff;
  EXPECT_NE(diff.find("new file mode 100644\n--- /dev/null\n+++ b/envs/prod/certs/tls.key\n"),
            std::string::npos)
      << diff;
  EXPECT_NE(diff.find("-MODE=blue\n+MODE=green\n"), std::string::npos) << diff;
}

// Promotions: the plan knows every kustomization of both folders.

using gitops::git::File;
using namespace gitops::promote;

Folder folder(const std::string& path, std::vector<File> files) {
  for (File& file : files)
    file.path = path + "/" + file.path;
  return Folder{path, "HEAD (abc1234)", std::move(files)};
}

TEST(SecretGeneratorPromotion, FilesTheGeneratorReadsAreCopiedButNeverShown) {
  const std::string generator = "secretGenerator:\n- name: db\n  envs: [db.env]\n";
  const Folder staging = folder(
      "envs/staging", {{"kustomization.yaml", generator}, {"db.env", "PASSWORD=stage-Kq3\n"}});
  const Folder prod =
      folder("envs/prod", {{"kustomization.yaml", generator}, {"db.env", "PASSWORD=prod-Kq3\n"}});
  Selection selection;
  selection.file_globs = {"*.env"};
  const Promotion promotion = plan_promotion(staging, prod, selection);
  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].after, "PASSWORD=stage-Kq3\n");
  const std::string diff = present_diff(promotion, false);
  expect_none_of(diff, {"Kq3", "PASSWORD"});
  EXPECT_NE(diff.find("+*** (after)\n"), std::string::npos) << diff;

  // Named only by the source's kustomization: the target's has no generator yet.
  const Folder bare = folder("envs/prod", {{"kustomization.yaml", "resources: []\n"}});
  expect_none_of(present_diff(plan_promotion(staging, bare, selection), false), {"Kq3"});
}

TEST(SecretGeneratorPromotion, FieldOfAGeneratorOrOfAFileItReadsIsMasked) {
  auto files = [](const std::string& env) {
    return std::vector<File>{
        {"kustomization.yaml", "secretGenerator:\n- name: db\n  literals:\n  - password=" + env +
                                   "-Kq3\n  files: [creds.yaml]\nimages:\n- name: web\n"
                                   "  newTag: " +
                                   env + "-tag\n"},
        {"creds.yaml", "password: " + env + "-Kq3\n"}};
  };
  const Folder staging = folder("envs/staging", files("stage"));
  const Folder prod = folder("envs/prod", files("prod"));
  for (const std::string field :
       {"kustomization.yaml:secretGenerator[0].literals[0]", "creds.yaml:password"}) {
    Selection selection;
    selection.fields = {parse_field_spec(field)};
    const Promotion promotion = plan_promotion(staging, prod, selection);
    ASSERT_EQ(promotion.changes.size(), 1u) << field;
    EXPECT_EQ(describe_change(promotion.changes[0]), field + " *** (before) -> *** (after)");
    const std::string message =
        commit_message(promotion, Origin{"envs/staging", "envs/staging@abc"}, "envs/prod", "pat");
    expect_none_of(message + present_diff(promotion, false), {"Kq3"});
  }
  // Elsewhere in the kustomization a value is shown.
  Selection tag;
  tag.fields = {parse_field_spec("kustomization.yaml:images[0].newTag")};
  const Promotion promotion = plan_promotion(staging, prod, tag);
  ASSERT_EQ(promotion.changes.size(), 1u);
  EXPECT_EQ(describe_change(promotion.changes[0]),
            "kustomization.yaml:images[0].newTag prod-tag -> stage-tag");
  const std::string diff = present_diff(promotion, false);
  EXPECT_NE(diff.find("-  newTag: prod-tag\n+  newTag: stage-tag\n"), std::string::npos) << diff;
  expect_none_of(diff, {"Kq3"});
}

// Reverts: the plan reads the kustomizations above each edited file, at the base and as edited.

TEST(SecretGeneratorRevert, FilesAGeneratorAboveReadsAreNeverShown) {
  gitops::testing::ScratchGit repo;
  repo.write("envs/kustomization.yaml",
             "secretGenerator:\n- name: db\n  files: [prod/secrets/db.env]\n");
  repo.write("envs/prod/secrets/db.env", "PASSWORD=one-Kq3\n");
  const std::string one = repo.commit("one");
  repo.write("envs/prod/secrets/db.env", "PASSWORD=two-Kq3\n");
  repo.write("envs/prod/kustomization.yaml",
             "secretGenerator:\n- name: api\n  literals: [token=two-Kq3]\n");
  repo.commit("two");

  auto repository = gitops::git::Repository::discover(repo.root());
  auto writer = gitops::git::Writer::discover(repo.root());
  gitops::revert::Request request;
  request.paths = {"envs/prod"};
  request.target = repository.resolve(one);
  request.dry_run = true;
  const auto outcome = gitops::revert::run_revert(repository, writer, request);
  ASSERT_EQ(outcome.files.size(), 2u);
  const std::string diff = gitops::revert::present_revert_diff(outcome, false);
  expect_none_of(diff + outcome.message, {"Kq3", "PASSWORD"});
  EXPECT_NE(diff.find("-  - token=***\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("+*** (after)\n"), std::string::npos) << diff;
}

}  // namespace
