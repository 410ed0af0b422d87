// Which folders and files render as what (charts, Jsonnet), and what a render says when a folder
// holds nothing it can render: decided from paths alone.

#include "manifest/render_roots.hpp"

#include <gtest/gtest.h>

#include "error_of.hpp"

namespace gitops::testing {
namespace {

using Names = std::vector<std::string>;

std::vector<git::File> files_at(const Names& paths) {
  std::vector<git::File> files;
  for (const auto& path : paths)
    files.push_back({path, ""});
  return files;
}

TEST(ChartRoots, AFolderHoldingChartYamlIsAChartAndItsSubchartsAreNot) {
  const auto files = files_at({"charts/web/Chart.yaml", "charts/web/charts/redis/Chart.yaml",
                               "charts/web/templates/deployment.yaml", "charts/web/values.yaml",
                               "envs/prod/app.yaml"});
  EXPECT_EQ(manifest::chart_roots(files), (Names{"charts/web"}));
}

TEST(ChartRoots, AChartInsideAKustomizationRendersThroughKustomize) {
  const auto files = files_at(
      {"overlay/charts/web/Chart.yaml", "overlay/kustomization.yaml", ".github/chart/Chart.yaml"});
  EXPECT_EQ(manifest::chart_roots(files), Names{});
}

TEST(JsonnetFiles, EveryJsonnetFileOutsideVendorChartsAndKustomizations) {
  const auto files =
      files_at({"apps/a.jsonnet", "apps/b.jsonnet", "apps/lib.libsonnet", "vendor/k/main.jsonnet",
                "apps/vendor/x.jsonnet", "base/kustomization.yaml", "base/gen.jsonnet"});
  EXPECT_EQ(manifest::jsonnet_files(files), (Names{"apps/a.jsonnet", "apps/b.jsonnet"}));
}

TEST(RequireRenderable, ANamedFolderOfUnsupportedFilesIsAnErrorSayingWhatItHolds) {
  const auto files = files_at({"cue/app.cue", "cue/README.md", "apps/web.yaml"});
  const auto message = error_of([&] { manifest::require_renderable(files, {"apps", "cue"}); });
  EXPECT_EQ(message,
            "cannot render 'cue': it holds 2 files (app.cue, README.md), none of which renders "
            "(gitops renders *.yaml, *.yml and *.json manifests, kustomizations, Helm charts with "
            "their Chart.yaml, and *.jsonnet files)");
}

TEST(RequireRenderable, ChartsJsonnetAndManifestsAreRenderable) {
  const auto files = files_at({"c/Chart.yaml", "j/main.jsonnet", "k/kustomization.yaml"});
  EXPECT_EQ(error_of([&] { manifest::require_renderable(files, {"c", "j", "k"}); }), "(no error)");
}

TEST(RequireRenderable, OnlyLibrariesAreNotRenderable) {
  const auto files = files_at({"lib/util.libsonnet"});
  EXPECT_NE(error_of([&] { manifest::require_renderable(files, {"lib"}); }).find("util.libsonnet"),
            std::string::npos);
}

TEST(UnrenderedFolders, TheLargestFoldersWithNothingToRenderAreNamed) {
  const auto files = files_at({"README.md", "apps/web.yaml", "apps/cue/app.cue", "docs/a.md",
                               "docs/img/b.png", "charts/web/Chart.yaml", "charts/web/files/x.txt",
                               "lib/k.libsonnet", ".github/workflows/ci.txt"});
  EXPECT_EQ(manifest::unrendered_folders(files), (Names{"apps/cue", "docs"}));
}

}  // namespace
}  // namespace gitops::testing
