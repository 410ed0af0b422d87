// Sync waves order a sync's objects, lowest first, and a wave that is no whole number is refused
// naming the file, line and object.

#include "sync/waves.hpp"

#include <gtest/gtest.h>

#include "error_of.hpp"
#include "manifest/parse.hpp"

namespace gitops::testing {
namespace {

std::vector<manifest::Object> parse(const std::string& yaml) {
  return manifest::parse_manifests(yaml, "app/waves.yaml");
}

std::string config_map(const std::string& name, const std::string& annotations) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name +
         "\n  namespace: shop\n  annotations: {" + annotations + "}\n";
}

std::vector<std::string> names(const std::vector<const manifest::Object*>& wave) {
  std::vector<std::string> found;
  for (const auto* object : wave)
    found.push_back(object->id.name);
  return found;
}

TEST(SyncWaves, LowestWaveFirstAndTheGivenOrderWithinAWave) {
  const auto objects = parse(config_map("late", "gitops.kubectl.dev/sync-wave: \"2\"") + "---\n" +
                             config_map("plain", "") + "---\n" +
                             config_map("early", "argocd.argoproj.io/sync-wave: \"-1\"") + "---\n" +
                             config_map("also-plain", ""));
  std::vector<const manifest::Object*> pointers;
  for (const auto& object : objects)
    pointers.push_back(&object);
  const auto waves = sync::group_by_wave(pointers);
  ASSERT_EQ(waves.size(), 3U);
  EXPECT_EQ(names(waves[0]), std::vector<std::string>{"early"});
  EXPECT_EQ(names(waves[1]), (std::vector<std::string>{"plain", "also-plain"}));
  EXPECT_EQ(names(waves[2]), std::vector<std::string>{"late"});
}

TEST(SyncWaves, WaveThatIsNoWholeNumberIsRefusedNamingFileLineAndObject) {
  const auto objects = parse(config_map("first", "") + "---\n" +
                             config_map("bad", "gitops.kubectl.dev/sync-wave: \"soon\""));
  EXPECT_EQ(error_of([&] { sync::sync_wave(objects[1]); }),
            "cannot read 'app/waves.yaml' at line 8: ConfigMap shop/bad has "
            "gitops.kubectl.dev/sync-wave: 'soon', which is no whole number");
}

}  // namespace
}  // namespace gitops::testing
