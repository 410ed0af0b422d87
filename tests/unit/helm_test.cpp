// helm is found as kubectl is, and a missing or too old one is one clear line.

#include "kube/helm.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "error_of.hpp"
#include "run_command.hpp"
#include "util/temp_dir.hpp"

namespace gitops::testing {
namespace {

TEST(HelmVersion, ThreeFourteenOrNewerIsSupported) {
  EXPECT_TRUE(kube::helm_version_supported("v3.14.0"));
  EXPECT_TRUE(kube::helm_version_supported("v3.22.0"));
  EXPECT_TRUE(kube::helm_version_supported("v4.0.1+g1234"));
  EXPECT_FALSE(kube::helm_version_supported("v3.13.3"));
  EXPECT_FALSE(kube::helm_version_supported("v2.17.0"));
  EXPECT_FALSE(kube::helm_version_supported("garbage"));
}

TEST(Helm, AMissingHelmIsOneLineSayingHowToGetOne) {
  kube::Helm helm({"/nonexistent/helm"});
  EXPECT_EQ(error_of([&] { helm.version(); }), "cannot run '/nonexistent/helm': no such file");
  kube::Helm from_path({"gitops-no-such-helm"});
  EXPECT_EQ(error_of([&] { from_path.version(); }),
            "cannot run 'gitops-no-such-helm': not found in PATH (install helm 3.14 or newer, or "
            "set $HELM or --helm)");
}

TEST(Helm, ATooOldHelmIsRefused) {
  util::TempDir folder("gitops-helm-test");
  const auto fake = folder.path() / "helm";
  std::ofstream(fake) << "#!/bin/sh\nprintf v3.10.2\n";
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  kube::Helm helm({fake.string()});
  EXPECT_EQ(error_of([&] { helm.version(); }),
            "'" + fake.string() +
                "' is helm v3.10.2; charts need helm 3.14 or newer (set $HELM or --helm)");
}

TEST(RenderFlags, SetNeedsKeyEqualsValue) {
  const auto run = run_command("gitdiff", {"--set", "image.tag"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "kubectl-gitdiff: error: --set needs KEY=VALUE, not 'image.tag'\n");
}

TEST(RenderFlags, ExtStrNeedsAName) {
  const auto run = run_command("gitsync", {"--ext-str", "=prod"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "kubectl-gitsync: error: --ext-str needs NAME=VALUE, not '=prod'\n");
}

}  // namespace
}  // namespace gitops::testing
