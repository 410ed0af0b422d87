// Planning a promotion from file contents alone: no git, no process. Whole files are compared
// byte for byte with golden files (tests/golden/gitpromote/).

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "error.hpp"
#include "error_of.hpp"
#include "promote/message.hpp"
#include "promote/promotion.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::promote;
using gitops::git::File;

std::string golden(const std::string& name) {
  std::ifstream in(std::string(GITOPS_TEST_DATA) + "/gitpromote/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Folder folder(const std::string& path, std::vector<File> files) {
  for (File& file : files)
    file.path = path + "/" + file.path;
  return Folder{path, "HEAD (abc1234)", std::move(files)};
}

const EditedFile* edited(const Promotion& promotion, const std::string& path) {
  for (const EditedFile& file : promotion.files) {
    if (file.path == path)
      return &file;
  }
  return nullptr;
}

Selection images_only(std::vector<std::string> names = {}) {
  Selection selection;
  selection.images = std::move(names);
  return selection;
}

const std::string kDeploy =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
    "    spec:\n      containers:\n      - name: web\n        image: ";

TEST(PromotePlan, PromotesPlainManifestsKeepingEveryOtherByte) {
  const Folder staging = folder("envs/staging", {{"app.yaml", golden("staging-app.yaml")}});
  const Folder prod = folder("envs/prod", {{"app.yaml", golden("prod-app.before.yaml")}});
  const Promotion promotion = plan_promotion(staging, prod, images_only());

  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].path, "envs/prod/app.yaml");
  EXPECT_EQ(promotion.files[0].before, golden("prod-app.before.yaml"));
  EXPECT_EQ(promotion.files[0].after, golden("prod-app.after.yaml"));
  ASSERT_EQ(promotion.changes.size(), 4u);  // in the order prod first names them
  EXPECT_EQ(describe_change(promotion.changes[0]), "web 1.2.0 -> 1.3.0");
  EXPECT_EQ(describe_change(promotion.changes[1]), "envoy v1.29.1 -> v1.30.0");
  EXPECT_EQ(describe_change(promotion.changes[2]), "metrics 2.0 -> 2.1@sha256:222222222222");
  EXPECT_EQ(describe_change(promotion.changes[3]), "report 1.9.0 -> 2.0.0");
  EXPECT_EQ(promotion.only_in_target, std::vector<std::string>{"redis"});
  EXPECT_TRUE(promotion.only_in_source.empty());
}

TEST(PromotePlan, PromotesKustomizeImagesAddingAndRemovingTagAndDigest) {
  const Folder staging =
      folder("envs/staging", {{"kustomization.yaml", golden("staging-kustomization.yaml")}});
  const Folder prod =
      folder("envs/prod", {{"kustomization.yaml", golden("prod-kustomization.before.yaml")}});
  const Promotion promotion = plan_promotion(staging, prod, images_only());

  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].after, golden("prod-kustomization.after.yaml"));
  EXPECT_EQ(promotion.changes.size(), 4u);
}

TEST(PromotePlan, KustomizeEntryOfTheTargetIsEditedRatherThanItsManifests) {
  const Folder staging = folder("s", {{"deploy.yaml", kDeploy + "web:2.0\n"}});
  const std::string prod_deploy = kDeploy + "web:1.0\n";
  const Folder prod =
      folder("p", {{"deploy.yaml", prod_deploy},
                   {"kustomization.yaml", "images:\n- name: web\n  newTag: 1.0\n"}});
  const Promotion promotion = plan_promotion(staging, prod, images_only());

  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].path, "p/kustomization.yaml");
  EXPECT_EQ(promotion.files[0].after, "images:\n- name: web\n  newTag: \"2.0\"\n");
}

TEST(PromotePlan, SourceKustomizeEntryDecidesOverItsManifests) {
  const Folder staging =
      folder("s", {{"deploy.yaml", kDeploy + "web:0.1\n"},
                   {"kustomization.yaml", "images:\n- name: web\n  newTag: v3\n"}});
  const Folder prod = folder("p", {{"deploy.yaml", kDeploy + "web:v2\n"}});
  const Promotion promotion = plan_promotion(staging, prod, images_only());
  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].after, kDeploy + "web:v3\n");
}

TEST(PromotePlan, ImagesSelectionLimitsThePromotion) {
  const Folder staging = folder("envs/staging", {{"app.yaml", golden("staging-app.yaml")}});
  const Folder prod = folder("envs/prod", {{"app.yaml", golden("prod-app.before.yaml")}});
  const Promotion promotion = plan_promotion(staging, prod, images_only({"ghcr.io/acme/report"}));

  ASSERT_EQ(promotion.changes.size(), 1u);
  EXPECT_EQ(describe_change(promotion.changes[0]), "report 1.9.0 -> 2.0.0");
  const std::string after = promotion.files.at(0).after;
  EXPECT_NE(after.find("ghcr.io/acme/report:2.0.0"), std::string::npos);
  EXPECT_NE(after.find("'ghcr.io/acme/web:1.2.0'"), std::string::npos);  // left alone
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, images_only({"redis"})); }),
            "image 'redis' is not used by both 'envs/staging' and 'envs/prod'");
}

TEST(PromotePlan, NoImageInCommonIsAnError) {
  const Folder staging = folder("envs/staging", {{"a.yaml", kDeploy + "api:1\n"}});
  const Folder prod = folder("envs/prod", {{"a.yaml", kDeploy + "web:1\n"}});
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, images_only()); }),
            "no image is used by both 'envs/staging' and 'envs/prod'");
}

TEST(PromotePlan, SourceRunningTwoVersionsOfAnImageIsAnErrorNamingBoth) {
  const Folder staging =
      folder("envs/staging", {{"a.yaml", kDeploy + "web:1\n"}, {"b.yaml", kDeploy + "web:2\n"}});
  const Folder prod = folder("envs/prod", {{"a.yaml", kDeploy + "web:0\n"}});
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, images_only()); }),
            "'envs/staging' runs 'web' in more than one version: 1 (envs/staging/a.yaml line 10) "
            "and 2 (envs/staging/b.yaml line 10); make them agree, or promote a field");
}

TEST(PromotePlan, AlreadyEqualImagesMakeAnEmptyPromotion) {
  const Folder staging = folder("s", {{"a.yaml", kDeploy + "web:1\n"}});
  const Folder prod = folder("p", {{"a.yaml", kDeploy + "web:1 # same\n"}});
  const Promotion promotion = plan_promotion(staging, prod, images_only());
  EXPECT_TRUE(promotion.empty());
  EXPECT_EQ(promotion.up_to_date, std::vector<std::string>{"web 1"});
}

TEST(PromotePlan, FieldsCopyValuesKeepingTheTargetsQuotingAndTheSourcesType) {
  const Folder staging = folder(
      "envs/staging",
      {{"values.yaml", "image:\n  tag: \"1.10\"\nreplicas: 5\n"},
       {"release.yaml", "kind: HelmRelease\nspec:\n  chart:\n    spec:\n      version: 2.4.1\n"}});
  const Folder prod =
      folder("envs/prod",
             {{"values.yaml", "# prod values\nimage:\n  tag: 1.9 # pinned\nreplicas: '3'\n"},
              {"release.yaml",
               "---\nkind: HelmRelease\nspec:\n  chart:\n    spec:\n      version: \"2.3.0\"\n"}});
  Selection selection;
  selection.fields = {parse_field_spec("values.yaml:image.tag"),
                      parse_field_spec("values.yaml:replicas"),
                      parse_field_spec("release.yaml:spec.chart.spec.version")};
  const Promotion promotion = plan_promotion(staging, prod, selection);

  ASSERT_EQ(promotion.files.size(), 2u);
  EXPECT_EQ(edited(promotion, "envs/prod/values.yaml")->after,
            "# prod values\nimage:\n  tag: \"1.10\" # pinned\nreplicas: '5'\n");
  EXPECT_EQ(edited(promotion, "envs/prod/release.yaml")->after,
            "---\nkind: HelmRelease\nspec:\n  chart:\n    spec:\n      version: \"2.4.1\"\n");
  EXPECT_EQ(describe_change(promotion.changes[0]), "values.yaml:image.tag 1.9 -> 1.10");
}

// A plain source value that some reader types (a time here) is copied as the source writes it; a
// quoted one stays a string for every reader.
TEST(PromotePlan, FieldsLookingLikeATimeKeepTheSourcesQuoting) {
  const Folder staging =
      folder("envs/staging", {{"values.yaml", "built: 2024-02-01\nday: \"2024-02-01\"\n"}});
  const Folder prod =
      folder("envs/prod", {{"values.yaml", "built: 2024-01-31 # utc\nday: 2024-01-31\n"}});
  Selection selection;
  selection.fields = {parse_field_spec("values.yaml:built"), parse_field_spec("values.yaml:day")};
  const Promotion promotion = plan_promotion(staging, prod, selection);

  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(edited(promotion, "envs/prod/values.yaml")->after,
            "built: 2024-02-01 # utc\nday: \"2024-02-01\"\n");
}

// The plan keeps Secret values out of everything made from it (summary, JSON, commit message),
// as gitdiff's comparer does; the file itself gets the value.
TEST(PromotePlan, FieldOfAFileThatHoldsASecretIsMaskedInTheChangeAndTheMessage) {
  auto secret = [](const std::string& password) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: " +
           password + "\n";
  };
  const Folder staging = folder("envs/staging", {{"secret.yaml", secret("stage-Kq3")}});
  const Folder prod = folder("envs/prod", {{"secret.yaml", secret("'prod-Kq3'")}});
  Selection selection;
  selection.fields = {parse_field_spec("secret.yaml:stringData.password")};
  const Promotion promotion = plan_promotion(staging, prod, selection);

  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].after, secret("'stage-Kq3'"));
  ASSERT_EQ(promotion.changes.size(), 1u);
  EXPECT_EQ(describe_change(promotion.changes[0]),
            "secret.yaml:stringData.password *** (before) -> *** (after)");
  const std::string message =
      commit_message(promotion, Origin{"envs/staging", "envs/staging@abc"}, "envs/prod", "pat");
  EXPECT_EQ(message.substr(0, message.find('\n')),
            "promote envs/staging to envs/prod: secret.yaml:stringData.password *** (before) -> "
            "*** (after)");
  EXPECT_EQ(message.find("Kq3"), std::string::npos) << message;

  const Promotion again = plan_promotion(
      staging, folder("envs/prod", {{"secret.yaml", secret("stage-Kq3")}}), selection);
  EXPECT_EQ(again.up_to_date, std::vector<std::string>{"secret.yaml:stringData.password ***"});
}

TEST(PromotePlan, FieldErrorsNameTheFileAndThePath) {
  const Folder staging = folder("envs/staging", {{"values.yaml", "image:\n  tag: v1\n"}});
  const Folder prod = folder("envs/prod", {{"values.yaml", "image: {repository: web}\n"}});
  Selection selection;
  selection.fields = {parse_field_spec("values.yaml:image.tag")};
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, selection); }),
            "'envs/prod/values.yaml' has no 'image.tag' at HEAD (abc1234)");
  selection.fields = {parse_field_spec("values.yaml:image")};
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, selection); }),
            "'image' in 'envs/staging/values.yaml' at line 2 is not a single value (a mapping, a "
            "list or null); name a value inside it");
  selection.fields = {parse_field_spec("other.yaml:a")};
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, selection); }),
            "'envs/staging/other.yaml' does not exist at HEAD (abc1234)");
  EXPECT_NE(error_of([] { parse_field_spec("values.yaml"); }).find("write FILE:PATH"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_field_spec("../x.yaml:a"); }), "(no error)");
}

TEST(PromotePlan, FilesAreCopiedWholeAndNewOnesAdded) {
  const Folder staging = folder("s", {{"config/app.yaml", "a: 2 # new\n"},
                                      {"config/extra.yaml", "b: 1\n"},
                                      {"config/deep/skip.yaml", "c: 1\n"},
                                      {"deploy.yaml", kDeploy + "web:2\n"}});
  const Folder prod =
      folder("p", {{"config/app.yaml", "a: 1\n"}, {"deploy.yaml", kDeploy + "web:1\n"}});
  Selection selection;
  selection.file_globs = {"config/*.yaml"};
  const Promotion promotion = plan_promotion(staging, prod, selection);

  ASSERT_EQ(promotion.files.size(), 2u);  // images are not promoted when only files are named
  EXPECT_EQ(promotion.files[0].path, "p/config/app.yaml");
  EXPECT_EQ(promotion.files[0].after, "a: 2 # new\n");
  EXPECT_EQ(promotion.files[1].path, "p/config/extra.yaml");
  EXPECT_FALSE(promotion.files[1].before.has_value());
  EXPECT_EQ(describe_change(promotion.changes[1]), "add config/extra.yaml");

  selection.file_globs = {"*.json"};
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, selection); }),
            "'*.json' matches no file in 's' at HEAD (abc1234)");
  selection.file_globs = {"deploy.yaml"};
  selection.images = {"web"};
  EXPECT_EQ(error_of([&] { plan_promotion(staging, prod, selection); }),
            "'p/deploy.yaml' would be both copied whole and edited; promote it one way");
}

TEST(PromotePlan, MalformedYamlNamesTheFileAndLine) {
  const Folder staging = folder("envs/staging", {{"a.yaml", kDeploy + "web:1\n"}});
  const Folder prod = folder("envs/prod", {{"a.yaml", "kind: Deployment\nspec: [1, 2\n"}});
  EXPECT_EQ(error_of([&] {
              plan_promotion(staging, prod, images_only());
            }).rfind("cannot parse 'envs/prod/a.yaml' at line ", 0),
            0u);
}

TEST(PromotePlan, OverridesSetTheVersionOfTheImagesTheyName) {
  const Folder prod = folder("envs/dev", {{"a.yaml", kDeploy + "ghcr.io/acme/web:1.2.0\n"},
                                          {"b.yaml", kDeploy + "nginx:1.25\n"}});
  const Promotion promotion =
      plan_image_overrides(prod, {parse_image_override("web=ghcr.io/acme/web:1.3.0")});
  ASSERT_EQ(promotion.files.size(), 1u);
  EXPECT_EQ(promotion.files[0].after, kDeploy + "ghcr.io/acme/web:1.3.0\n");

  const std::string digest = "sha256:" + std::string(64, 'c');
  const Promotion by_digest =
      plan_image_overrides(prod, {parse_image_override("nginx=@" + digest)});
  EXPECT_EQ(by_digest.files.at(0).after, kDeploy + "nginx@" + digest + "\n");

  EXPECT_EQ(error_of([&] { plan_image_overrides(prod, {parse_image_override("api=api:1")}); }),
            "image 'api' is not used in 'envs/dev' at HEAD (abc1234)");
}

TEST(PromotePlan, ImageOverridesAreValidated) {
  EXPECT_NE(error_of([] { parse_image_override("web"); }).find("write NAME=REF"),
            std::string::npos);
  EXPECT_NE(
      error_of([] { parse_image_override("web=nginx:1"); }).find("is not an image named 'web'"),
      std::string::npos);
  EXPECT_NE(
      error_of([] { parse_image_override("web=web"); }).find("pins neither a tag nor a digest"),
      std::string::npos);
  EXPECT_EQ(parse_image_override("web=:2").ref.str(), "web:2");
}

TEST(PromotePlan, ImageNamesMatchCanonicallyOrByLastComponent) {
  const auto ref = gitops::manifest::parse_image_ref("docker.io/library/nginx:1").value();
  EXPECT_TRUE(image_name_matches("nginx", ref));
  EXPECT_TRUE(image_name_matches("index.docker.io/nginx", ref));
  EXPECT_FALSE(image_name_matches("ghcr.io/nginx", ref));
  const auto web = gitops::manifest::parse_image_ref("ghcr.io/acme/web").value();
  EXPECT_TRUE(image_name_matches("web", web));
  EXPECT_FALSE(image_name_matches("acme/web", web));
}

TEST(PromoteMessage, SubjectBodyAndTrailers) {
  Promotion promotion;
  promotion.changes = {Change{
      ChangeKind::image, "web", "ghcr.io/acme/web", {"1.2.0"}, "1.3.0", {"envs/prod/app.yaml"}}};
  const Origin origin{"envs/staging", "envs/staging@" + std::string(40, 'a')};
  EXPECT_EQ(commit_message(promotion, origin, "envs/prod", "Pat <pat@example.com>"),
            "promote envs/staging to envs/prod: web 1.2.0 -> 1.3.0\n\n"
            "- web 1.2.0 -> 1.3.0 (ghcr.io/acme/web)\n  in envs/prod/app.yaml\n\n"
            "Promoted-from: envs/staging@" +
                std::string(40, 'a') +
                "\n"
                "Promoted-by: Pat <pat@example.com>\n");
  promotion.changes.push_back(
      Change{ChangeKind::file, "config.yaml", "config.yaml", {}, "config.yaml", {"p/config.yaml"}});
  promotion.changes.push_back(Change{ChangeKind::field,
                                     "values.yaml:image.tag",
                                     "values.yaml:image.tag",
                                     {"1"},
                                     "2",
                                     {"p/values.yaml"}});
  const std::string message = commit_message(promotion, origin, "envs/prod", "pat");
  EXPECT_EQ(message.substr(0, message.find('\n')), "promote envs/staging to envs/prod: 3 changes");
  EXPECT_NE(message.find("\n- add config.yaml\n"), std::string::npos);
  EXPECT_NE(message.find("\n- values.yaml:image.tag 1 -> 2\n  in p/values.yaml\n"),
            std::string::npos);
}

}  // namespace
