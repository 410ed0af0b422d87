// A chart's dependencies must be vendored, and helm's output maps back to the templates.

#include "manifest/chart.hpp"

#include <gtest/gtest.h>

#include "error_of.hpp"

namespace gitops::testing {
namespace {

using Names = std::vector<std::string>;

const std::string kChart =
    "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n"
    "- name: redis\n  version: 1.2.3\n  repository: https://charts.example.com\n"
    "- name: cache\n  version: 0.1.0\n  repository: file://../cache\n";

TEST(ChartDependencies, VendoredAsAFolderOrAnArchiveTheyAreSatisfied) {
  std::vector<git::File> files = {{"web/Chart.yaml", kChart},
                                  {"web/charts/redis/Chart.yaml", "name: redis\n"},
                                  {"web/charts/cache-0.1.0.tgz", "binary"}};
  EXPECT_EQ(manifest::unvendored_dependencies(files, "web"), Names{});
}

TEST(ChartDependencies, AVendoredFolderIsKnownByTheNameInItsChartYaml) {
  std::vector<git::File> files = {{"web/Chart.yaml", kChart},
                                  {"web/charts/redis-chart/Chart.yaml", "name: redis\n"}};
  EXPECT_EQ(manifest::unvendored_dependencies(files, "web"), Names{"cache"});
}

TEST(ChartDependencies, AnUnvendoredDependencyIsAnErrorSayingToBuildThem) {
  std::vector<git::File> files = {{"web/Chart.yaml", kChart}};
  EXPECT_EQ(error_of([&] { manifest::require_vendored_dependencies(files, "web"); }),
            "cannot render the chart 'web': its dependency 'redis' (Chart.yaml) is not vendored "
            "under 'web/charts'; run 'helm dependency build web' and commit the result (charts "
            "are never fetched while rendering)");
}

TEST(ChartOutput, ObjectsComeFromTheTemplatesTheirSourceCommentNames) {
  const std::string output =
      "---\n# Source: web/templates/service.yaml\napiVersion: v1\nkind: Service\n"
      "metadata:\n  name: web\n"
      "---\n# Source: web/charts/redis/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n"
      "metadata:\n  name: redis\n---\n# Source: web/templates/empty.yaml\n";
  const auto objects = manifest::parse_chart_output(output, "charts/web");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].source.to_string(), "charts/web/templates/service.yaml");
  EXPECT_EQ(objects[1].id.name, "redis");
  EXPECT_EQ(objects[1].source.to_string(), "charts/web/charts/redis/templates/cm.yaml");
}

}  // namespace
}  // namespace gitops::testing
