// Jsonnet renders in-process: imports from the file's folder and the library paths, external
// variables and top-level arguments as the jsonnet tool takes them, and output shapes.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "error_of.hpp"
#include "manifest/jsonnet_output.hpp"
#include "source/jsonnet.hpp"
#include "util/temp_dir.hpp"

namespace gitops::testing {
namespace {

using Names = std::vector<std::string>;

Names ids(const std::vector<manifest::Object>& objects) {
  Names names;
  for (const auto& object : objects)
    names.push_back(object.id.to_string() + "@" + object.source.to_string());
  return names;
}

TEST(JsonnetOutput, AnObjectAListAnArrayOrAnObjectOfObjects) {
  const std::string cm = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}})";
  const std::string sa = R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"b"}})";
  EXPECT_EQ(ids(manifest::parse_jsonnet_output(cm, "a.jsonnet")), Names{"ConfigMap a@a.jsonnet"});
  EXPECT_EQ(ids(manifest::parse_jsonnet_output("[" + cm + ",[" + sa + "]]", "a.jsonnet")),
            (Names{"ConfigMap a@a.jsonnet", "ServiceAccount b@a.jsonnet"}));
  EXPECT_EQ(ids(manifest::parse_jsonnet_output(
                R"({"apiVersion":"v1","kind":"List","items":[)" + cm + "]}", "a.jsonnet")),
            Names{"ConfigMap a@a.jsonnet"});
  EXPECT_EQ(
      ids(manifest::parse_jsonnet_output(R"({"x":)" + cm + R"(,"y":)" + sa + "}", "a.jsonnet")),
      (Names{"ConfigMap a@a.jsonnet", "ServiceAccount b@a.jsonnet"}));
}

TEST(JsonnetOutput, AnythingElseIsAnErrorNamingTheFile) {
  EXPECT_EQ(error_of([] { manifest::parse_jsonnet_output(R"({"replicas": 3})", "app.jsonnet"); }),
            "cannot render 'app.jsonnet': its output is neither a Kubernetes object, a list of "
            "objects nor a List");
}

TEST(JsonnetBinding, NameEqualsValueOrTheEnvironmentsValue) {
  EXPECT_EQ(source::jsonnet_binding("ext-str", "env=prod"),
            (std::pair<std::string, std::string>{"env", "prod"}));
  EXPECT_EQ(source::jsonnet_binding("ext-str", "eq=a=b").second, "a=b");
  ::setenv("GITOPS_JSONNET_TEST", "from-env", 1);
  EXPECT_EQ(source::jsonnet_binding("ext-str", "GITOPS_JSONNET_TEST").second, "from-env");
  ::unsetenv("GITOPS_JSONNET_TEST");
  EXPECT_NE(error_of([] {
              source::jsonnet_binding("tla-str", "GITOPS_JSONNET_TEST");
            }).find("no environment variable 'GITOPS_JSONNET_TEST' is set"),
            std::string::npos);
}

class Jsonnet : public ::testing::Test {
 protected:
  void write(const std::string& path, const std::string& content) {
    std::filesystem::create_directories((root_.path() / path).parent_path());
    std::ofstream(root_.path() / path) << content;
  }
  util::TempDir root_{"gitops-jsonnet-test"};
};

TEST_F(Jsonnet, ImportsResolveBesideTheFileThenInLibAndVendor) {
  write("vendor/k.libsonnet",
        "{ cm(name):: { apiVersion: 'v1', kind: 'ConfigMap', "
        "metadata: { name: name } } }");
  write("apps/lib/names.libsonnet", "{ first: 'from-lib' }");
  write("apps/local.libsonnet", "{ second: 'local' }");
  write("apps/main.jsonnet",
        "local k = import 'k.libsonnet'; local n = import 'names.libsonnet';\n"
        "local l = import 'local.libsonnet';\n[k.cm(n.first), k.cm(l.second)]");
  const auto json = source::evaluate_jsonnet(root_.path(), "apps/main.jsonnet", {});
  EXPECT_EQ(ids(manifest::parse_jsonnet_output(json, "apps/main.jsonnet")),
            (Names{"ConfigMap from-lib@apps/main.jsonnet", "ConfigMap local@apps/main.jsonnet"}));
}

TEST_F(Jsonnet, ExternalVariablesAndTopLevelArguments) {
  write("main.jsonnet",
        "function(replicas, tier) { env: std.extVar('env'), n: std.extVar('n') + replicas, "
        "tier: tier }");
  source::JsonnetVars vars;
  vars.ext_str = {{"env", "prod"}};
  vars.ext_code = {{"n", "1 + 1"}};
  vars.tla_code = {{"replicas", "3"}};
  vars.tla_str = {{"tier", "web"}};
  const auto value =
      nlohmann::json::parse(source::evaluate_jsonnet(root_.path(), "main.jsonnet", vars));
  EXPECT_EQ(value, nlohmann::json::parse(R"({"env":"prod","n":5,"tier":"web"})"));
}

TEST_F(Jsonnet, AnErrorIsOneLineWithTheRepositoryPath) {
  write("apps/main.jsonnet", "{ a: error 'boom' }");
  EXPECT_EQ(error_of([&] { source::evaluate_jsonnet(root_.path(), "apps/main.jsonnet", {}); }),
            "cannot render 'apps/main.jsonnet': boom (apps/main.jsonnet:1:6-18)");
}

TEST_F(Jsonnet, AnImportOutsideTheRepositoryIsNotRead) {
  write("main.jsonnet", "import '../../../../etc/hostname'");
  EXPECT_NE(error_of([&] {
              source::evaluate_jsonnet(root_.path(), "main.jsonnet", {});
            }).find("cannot find '../../../../etc/hostname'"),
            std::string::npos);
}

}  // namespace
}  // namespace gitops::testing
