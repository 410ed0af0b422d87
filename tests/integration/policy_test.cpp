// --policy on gitdiff, gitsync and gitpromote against the starter policies of deploy/policies as
// shipped, enforced by the local cluster's real admission (ValidatingAdmissionPolicies, CEL) in a
// namespace labelled for them: each policy's violation is reported with its name and message in
// every output format, nothing is written or committed on a violation, and what complies passes.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

using Json = nlohmann::json;

const std::string kPolicies = std::string(GITOPS_SOURCE_DIR) + "/deploy/policies";
const std::string kAllowedImage = "registry.example.com/shop/web:1.4.2";

struct Workload {
  std::string name;
  std::string image = kAllowedImage;
  bool requests = true;
  bool privileged = false;
};

std::string deployment(const std::string& ns, const Workload& workload) {
  std::string text =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + workload.name +
      "\n  namespace: " + ns +
      "\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: " + workload.name +
      "}\n  template:\n    metadata:\n      labels: {app: " + workload.name +
      "}\n    spec:\n      containers:\n      - name: main\n" + "        image: " + workload.image +
      "\n";
  if (workload.requests)
    text += "        resources:\n          requests: {cpu: 10m, memory: 16Mi}\n";
  if (workload.privileged)
    text += "        securityContext: {privileged: true}\n";
  return text;
}

// One workload per starter policy that breaks it and no other, and the policy that denies it.
const std::vector<std::pair<Workload, std::string>> kViolations = {
    {{"latest", "registry.example.com/shop/web:latest"}, "gitops-pinned-images"},
    {{"untagged", "registry.example.com/shop/web"}, "gitops-pinned-images"},
    {{"greedy", kAllowedImage, false}, "gitops-resource-requests"},
    {{"root", kAllowedImage, true, true}, "gitops-no-privileged"},
    {{"foreign", "docker.io/library/nginx:1.27.0"}, "gitops-allowed-registries"},
};

class Policy : public ClusterTest {
 protected:
  Policy() : ClusterTest("policy") {}

  // The starter set as shipped, with its parameter's namespace (deploy/namespace.yaml).
  static void SetUpTestSuite() {
    kubectl("apply -f " + std::string(GITOPS_SOURCE_DIR) + "/deploy/namespace.yaml");
    kubectl("apply -k " + kPolicies);
  }

  void SetUp() override {
    ClusterTest::SetUp();
    repo_.git("config user.name 'Pat Promoter'");
    repo_.git("config user.email pat@example.com");
    kubectl("label namespace " + ns_ + " gitops.kubectl.dev/policies=enforce");
    wait_until_enforced();
  }

  // The API server loads policies and bindings from its informers, a moment after they are made.
  void wait_until_enforced() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::set<std::string> waiting;
    for (const auto& [workload, policy] : kViolations)
      waiting.insert(workload.name);
    while (!waiting.empty() && std::chrono::steady_clock::now() < deadline) {
      for (const auto& [workload, policy] : kViolations) {
        if (!waiting.contains(workload.name))
          continue;
        const auto tried = kubectl("apply --dry-run=server -f -", deployment(ns_, workload), false);
        if (tried.exit_code != 0 && tried.err.find(policy) != std::string::npos)
          waiting.erase(workload.name);
      }
      if (!waiting.empty())
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    ASSERT_TRUE(waiting.empty()) << "the starter policies are not enforced within 60 s";
  }

  void write_violations(const std::string& folder) {
    for (const auto& [workload, policy] : kViolations)
      repo_.write(folder + "/" + workload.name + ".yaml", deployment(ns_, workload));
    repo_.write(folder + "/good.yaml", deployment(ns_, {"good"}));
  }

  void write_compliant(const std::string& folder, const std::string& image = kAllowedImage) {
    for (const auto& [workload, policy] : kViolations)
      repo_.write(folder + "/" + workload.name + ".yaml", deployment(ns_, {workload.name, image}));
    repo_.write(folder + "/good.yaml", deployment(ns_, {"good", image}));
  }

  RunResult plugin(const std::string& name, std::vector<std::string> args) {
    if (name != "gitpromote")
      args.insert(args.end(), {"--app", "shop", "--record-namespace", records_});
    return run_plugin(name, args, repo_.path());
  }

  int deployments() {
    const auto listed = kubectl("get deployments -n " + ns_ + " -o name", "", false);
    return lines_of(listed.out);
  }

  // Each violation denied once, by its policy, with the policy's message naming the container.
  static void expect_every_violation(const Json& policy) {
    ASSERT_EQ(policy["denied"].size(), kViolations.size()) << policy.dump(2);
    std::map<std::string, Json> by_name;
    for (const auto& denial : policy["denied"])
      by_name[denial["name"]] = denial;
    for (const auto& [workload, name] : kViolations) {
      const auto& denial = by_name[workload.name];
      EXPECT_EQ(denial["by"], "ValidatingAdmissionPolicy") << denial.dump();
      EXPECT_EQ(denial["policy"], name) << denial.dump();
      EXPECT_EQ(denial["kind"], "Deployment");
      EXPECT_NE(denial["message"].get<std::string>().find("main"), std::string::npos)
          << denial.dump();
    }
    EXPECT_EQ(policy["checked"], kViolations.size() + 1);
  }
};

TEST_F(Policy, GitdiffReportsEachStarterPolicysViolationInEveryFormat) {
  write_violations("app");
  repo_.commit("violations");

  const auto json = plugin("gitdiff", {"app", "--policy", "-o", "json"});
  EXPECT_EQ(json.exit_code, 2) << json.err;
  expect_every_violation(Json::parse(json.out)["policy"]);
  EXPECT_EQ(lines_of(json.err), 1) << json.err;
  EXPECT_NE(json.err.find("kubectl-gitdiff: error: 5 objects denied by the cluster's admission"),
            std::string::npos)
      << json.err;

  const auto text = plugin("gitdiff", {"app", "--policy"});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("denied apps/v1 Deployment " + ns_ +
                          "/latest (app/latest.yaml:1) by ValidatingAdmissionPolicy "
                          "'gitops-pinned-images': images need a tag other than latest, or a "
                          "digest: main (registry.example.com/shop/web:latest)"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("policy: 6 checked, 5 denied"), std::string::npos) << text.out;

  for (const char* format : {"summary", "markdown"}) {
    const auto other = plugin("gitdiff", {"app", "--policy", "-o", format});
    EXPECT_EQ(other.exit_code, 2) << format;
    for (const auto& [workload, policy] : kViolations)
      EXPECT_NE(other.out.find("'" + policy + "'"), std::string::npos) << format << other.out;
  }
  EXPECT_EQ(deployments(), 0) << "a dry run stored something";
}

TEST_F(Policy, GitdiffPassesWhatEveryPolicyAdmits) {
  write_compliant("app");
  repo_.commit("compliant");
  const auto result = plugin("gitdiff", {"app", "--policy", "-o", "json", "-v"});
  EXPECT_EQ(result.exit_code, 1) << result.err;  // differences, none denied
  const auto policy = Json::parse(result.out)["policy"];
  EXPECT_EQ(policy["checked"], 6);
  EXPECT_TRUE(policy["denied"].empty()) << policy.dump(2);
  int patches = 0;
  std::istringstream log(result.err);
  for (std::string line; std::getline(log, line);) {
    if (line.find(" PATCH ") == std::string::npos)
      continue;
    ++patches;
    EXPECT_NE(line.find("dryRun=All"), std::string::npos) << "gitdiff wrote for real: " << line;
  }
  EXPECT_EQ(patches, 6) << result.err;
  EXPECT_EQ(deployments(), 0);
}

TEST_F(Policy, GitdiffWithViewRightsOnlySaysPolicyNeedsPatchRightsInOneLine) {
  write_compliant("app");
  repo_.commit("compliant");
  const auto result = plugin("gitdiff", {"app", "--policy", "--as", "viewer"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(lines_of(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("--policy sends each object as a server-side dry run, which needs the "
                            "rights to patch it"),
            std::string::npos)
      << result.err;
}

TEST_F(Policy, GitsyncWritesNothingWhenAnyPolicyDenies) {
  write_violations("app");
  repo_.commit("violations");
  const auto denied = plugin("gitsync", {"app", "--policy", "-o", "json"});
  EXPECT_EQ(denied.exit_code, 2) << denied.err;
  const auto report = Json::parse(denied.out);
  EXPECT_EQ(report["result"], "denied");
  expect_every_violation(report["policy"]);
  EXPECT_EQ(deployments(), 0);
  EXPECT_EQ(kubectl("get namespace " + records_, "", false).exit_code, 1)
      << "a denied sync must not even create its record namespace";

  const auto text = plugin("gitsync", {"app", "--policy"});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("refused: the cluster's admission denies 5 objects; nothing was written"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.err.find("by ValidatingAdmissionPolicy 'gitops-no-privileged': containers must "
                          "not run privileged: main"),
            std::string::npos)
      << text.err;
  EXPECT_EQ(deployments(), 0);
}

TEST_F(Policy, GitsyncAppliesWhatEveryPolicyAdmits) {
  write_compliant("app");
  repo_.commit("compliant");
  const auto result = plugin("gitsync", {"app", "--policy"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("policy: 6 checked, 0 denied"), std::string::npos) << result.out;
  EXPECT_EQ(deployments(), 6);
}

TEST_F(Policy, GitpromoteCommitsNothingWhenThePromotedFolderWouldBeDenied) {
  write_compliant("envs/prod");
  write_violations("envs/staging");
  const auto before = repo_.commit("staging runs what prod must not");
  const auto denied = plugin("gitpromote", {"--from", "envs/staging", "--to", "envs/prod",
                                            "--files", "*.yaml", "--policy", "-o", "json"});
  EXPECT_EQ(denied.exit_code, 2) << denied.out << denied.err;
  expect_every_violation(Json::parse(denied.out)["policy"]);
  EXPECT_TRUE(Json::parse(denied.out)["commit"].is_null());
  EXPECT_EQ(repo_.git("rev-parse HEAD").out, before + "\n");
  EXPECT_EQ(repo_.git("status --porcelain").out, "");
  EXPECT_NE(denied.err.find("nothing was committed"), std::string::npos) << denied.err;

  const auto dry = plugin("gitpromote", {"--from", "envs/staging", "--to", "envs/prod", "--files",
                                         "*.yaml", "--policy", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 2);
  EXPECT_NE(dry.err.find("'gitops-allowed-registries'"), std::string::npos) << dry.err;
  EXPECT_EQ(repo_.git("rev-parse HEAD").out, before + "\n");
  EXPECT_EQ(deployments(), 0);
}

TEST_F(Policy, GitpromoteCommitsWhatEveryPolicyAdmits) {
  write_compliant("envs/prod");
  write_compliant("envs/staging", "registry.example.com/shop/web:1.5.0");
  const auto before = repo_.commit("staging runs 1.5.0");
  const auto result =
      plugin("gitpromote", {"--from", "envs/staging", "--to", "envs/prod", "--images",
                            "registry.example.com/shop/web", "--policy"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("policy: 6 checked, 0 denied"), std::string::npos) << result.out;
  EXPECT_NE(repo_.git("rev-parse HEAD").out, before + "\n");
  EXPECT_NE(repo_.read("envs/prod/good.yaml").find("web:1.5.0"), std::string::npos);
}

}  // namespace
}  // namespace gitops::testing
