#include "manifest/hook.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "error.hpp"
#include "manifest/parse.hpp"

namespace gitops::manifest {
namespace {

// One Job from a manifest whose metadata.annotations are `annotations` (YAML lines, indented 4).
Object job_with(const std::string& annotations) {
  auto objects = parse_manifests(
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n"
      "  namespace: shop\n  annotations:\n" +
          annotations,
      "envs/prod/migrate.yaml");
  return objects.at(0);
}

std::string error_of(const Object& object) {
  try {
    hook_spec(object);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(ManifestHook, OurArgoAndHelmWordsMeanTheSamePhases) {
  using enum HookPhase;
  const std::vector<std::pair<std::string, std::vector<HookPhase>>> cases = {
      {"    gitops.kubectl.dev/hook: pre-sync\n", {pre_sync}},
      {"    gitops.kubectl.dev/hook: post-sync, sync-fail\n", {post_sync, sync_fail}},
      {"    argocd.argoproj.io/hook: PreSync\n", {pre_sync}},
      {"    argocd.argoproj.io/hook: Sync\n", {sync}},
      {"    argocd.argoproj.io/hook: PostSync\n", {post_sync}},
      {"    argocd.argoproj.io/hook: SyncFail\n", {sync_fail}},
      {"    helm.sh/hook: pre-install,pre-upgrade\n", {pre_sync}},
      {"    helm.sh/hook: post-install,post-upgrade\n", {post_sync}},
  };
  for (const auto& [annotations, phases] : cases) {
    const auto spec = hook_spec(job_with(annotations));
    ASSERT_TRUE(spec) << annotations;
    EXPECT_EQ(spec->phases, phases) << annotations;
  }
}

TEST(ManifestHook, HooksNoSyncRunsHaveNoPhase) {
  for (const std::string annotations :
       {"    gitops.kubectl.dev/hook: skip\n", "    argocd.argoproj.io/hook: Skip\n",
        "    helm.sh/hook: test\n", "    helm.sh/hook: pre-delete\n"}) {
    const auto spec = hook_spec(job_with(annotations));
    ASSERT_TRUE(spec) << annotations;
    EXPECT_TRUE(spec->phases.empty()) << annotations;
  }
}

TEST(ManifestHook, HelmCrdInstallIsAnOrdinaryObject) {
  EXPECT_FALSE(hook_spec(job_with("    helm.sh/hook: crd-install\n")));
}

TEST(ManifestHook, OurAnnotationWinsOverArgoAndHelm) {
  const auto spec =
      hook_spec(job_with("    helm.sh/hook: post-install\n"
                         "    gitops.kubectl.dev/hook: pre-sync\n"));
  EXPECT_EQ(spec->phases, std::vector<HookPhase>{HookPhase::pre_sync});
  EXPECT_EQ(spec->annotation, "gitops.kubectl.dev/hook: pre-sync");
}

TEST(ManifestHook, BeforeHookCreationIsTheDefaultDeletePolicy) {
  const auto spec = hook_spec(job_with("    gitops.kubectl.dev/hook: pre-sync\n"));
  EXPECT_TRUE(spec->delete_before_creation);
  EXPECT_FALSE(spec->delete_on_success);
  EXPECT_FALSE(spec->delete_on_failure);
}

TEST(ManifestHook, DeletePoliciesComeFromAnyVocabulary) {
  const auto ours =
      hook_spec(job_with("    gitops.kubectl.dev/hook: pre-sync\n"
                         "    gitops.kubectl.dev/hook-delete-policy: hook-succeeded\n"));
  EXPECT_FALSE(ours->delete_before_creation);
  EXPECT_TRUE(ours->delete_on_success);
  const auto argo =
      hook_spec(job_with("    argocd.argoproj.io/hook: PostSync\n"
                         "    argocd.argoproj.io/hook-delete-policy: "
                         "HookFailed,BeforeHookCreation\n"));
  EXPECT_TRUE(argo->delete_before_creation);
  EXPECT_TRUE(argo->delete_on_failure);
  const auto helm =
      hook_spec(job_with("    argocd.argoproj.io/hook: PreSync\n"
                         "    helm.sh/hook-delete-policy: hook-succeeded\n"));
  EXPECT_TRUE(helm->delete_on_success);
}

TEST(ManifestHook, UnknownWordsAreRefusedNamingTheFileLineAndObject) {
  EXPECT_EQ(error_of(job_with("    gitops.kubectl.dev/hook: presync\n")),
            "cannot read 'envs/prod/migrate.yaml' at line 1: batch/Job shop/migrate has "
            "gitops.kubectl.dev/hook: 'presync', not one of post-sync, pre-sync, skip, sync, "
            "sync-fail");
  EXPECT_EQ(error_of(job_with("    helm.sh/hook: pre-install\n"
                              "    helm.sh/hook-delete-policy: always\n")),
            "cannot read 'envs/prod/migrate.yaml' at line 1: batch/Job shop/migrate has "
            "helm.sh/hook-delete-policy: 'always', not one of before-hook-creation, "
            "hook-succeeded, hook-failed");
}

TEST(ManifestHook, TakeHooksLeavesTheAppObjects) {
  auto objects = parse_manifests(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\n"
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: smoke-\n  annotations:\n"
      "    gitops.kubectl.dev/hook: post-sync\n",
      "app.yaml");
  const auto hooks = take_hooks(objects);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].id.kind, "ConfigMap");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].id.name, "smoke-");
  EXPECT_TRUE(has_generated_name(hooks[0]));
  EXPECT_FALSE(has_generated_name(objects[0]));
}

}  // namespace
}  // namespace gitops::manifest
