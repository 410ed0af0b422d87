#include "diff/compare.hpp"

#include <gtest/gtest.h>

#include "diff/quantity.hpp"
#include "diff/secret_data.hpp"
#include "error.hpp"
#include "util/base64.hpp"

namespace gitops::diff {
namespace {

using manifest::Object;

Object desired(const char* json) {
  Object object;
  object.body = Value::parse(json);
  object.id = manifest::identity_of(object.body);
  object.api_version = object.body.value("apiVersion", "");
  object.source = {"app.yaml", 1};
  return object;
}

std::vector<std::string> paths_of(const ObjectChange& change) {
  std::vector<std::string> paths;
  for (const auto& field : change.fields)
    paths.push_back(field.path);
  return paths;
}

const char* kDeployment = R"({"apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "team-a", "labels": {"app": "web"}},
  "spec": {"replicas": 2, "template": {"spec": {"containers": [
    {"name": "web", "image": "web:1.0", "ports": [{"containerPort": 80}],
     "resources": {"limits": {"cpu": "500m", "memory": "1Gi"}}},
    {"name": "sidecar", "image": "proxy:2"}]}}}})";

// The same Deployment as the API server returns it: defaults, status, server metadata, containers
// in another order, quantities in canonical spelling.
const char* kLiveDeployment = R"({"apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "team-a", "labels": {"app": "web"}, "uid": "1234",
    "resourceVersion": "77", "generation": 3, "creationTimestamp": "2026-01-01T00:00:00Z",
    "annotations": {"deployment.kubernetes.io/revision": "3"},
    "managedFields": [{"manager": "gitsync", "operation": "Apply", "fieldsV1": {
      "f:metadata": {"f:labels": {"f:app": {}}},
      "f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {
        "k:{\"name\":\"web\"}": {".": {}, "f:image": {}, "f:name": {}}}}}}}}]},
  "spec": {"replicas": 2, "revisionHistoryLimit": 10, "template": {"spec": {
    "restartPolicy": "Always", "containers": [
    {"name": "sidecar", "image": "proxy:2", "imagePullPolicy": "IfNotPresent"},
    {"name": "web", "image": "web:1.0", "terminationMessagePath": "/dev/termination-log",
     "ports": [{"containerPort": 80, "protocol": "TCP"}],
     "resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}}}]}}},
  "status": {"replicas": 2}})";

TEST(Compare, ServerDefaultsStatusAndReorderingAreNoDifference) {
  auto git = desired(kDeployment);
  auto live = Value::parse(kLiveDeployment);
  auto change = compare_object(&git, &live, {});
  EXPECT_EQ(change.action, Action::unchanged) << testing::PrintToString(paths_of(change));
}

TEST(Compare, ChangedImageIsReportedByContainerName) {
  auto git = desired(kDeployment);
  git.body["spec"]["template"]["spec"]["containers"][0]["image"] = "web:1.1";
  auto live = Value::parse(kLiveDeployment);
  auto change = compare_object(&git, &live, {});
  ASSERT_EQ(change.action, Action::update);
  ASSERT_EQ(change.fields.size(), 1u);
  EXPECT_EQ(change.fields[0].path, "spec.template.spec.containers[name=web].image");
  EXPECT_EQ(*change.fields[0].before, "web:1.0");
  EXPECT_EQ(*change.fields[0].after, "web:1.1");
  EXPECT_EQ((*change.before)["spec"]["template"]["spec"]["containers"][0]["image"], "web:1.0");
}

TEST(Compare, FieldOwnedByGitsyncAndDroppedFromGitIsARemoval) {
  auto git = desired(kDeployment);
  git.body["spec"].erase("replicas");
  auto live = Value::parse(kLiveDeployment);
  auto change = compare_object(&git, &live, {});
  ASSERT_EQ(change.action, Action::update);
  EXPECT_EQ(paths_of(change), std::vector<std::string>{"spec.replicas"});
  EXPECT_FALSE(change.fields[0].after.has_value());
}

TEST(Compare, FieldNotOwnedByGitsyncAndAbsentFromGitIsIgnored) {
  auto git = desired(kDeployment);
  git.body["spec"].erase("replicas");
  auto live = Value::parse(kLiveDeployment);
  live["metadata"].erase("managedFields");
  EXPECT_EQ(compare_object(&git, &live, {}).action, Action::unchanged);
}

// A fuzz finding (corpus/compare/finding-managed-fields-not-a-list): managedFields that are not a
// list of entries, or entries whose manager is not a string, own nothing; they are not a crash.
TEST(Compare, MalformedManagedFieldsOwnNothing) {
  auto git = desired(kDeployment);
  git.body["spec"].erase("replicas");
  for (const char* managed : {"2", R"(["entry", 7])", R"([{"manager": 1, "operation": "Apply"}])",
                              R"({"manager": "gitsync"})"}) {
    auto live = Value::parse(kLiveDeployment);
    live["metadata"]["managedFields"] = Value::parse(managed);
    EXPECT_EQ(compare_object(&git, &live, {}).action, Action::unchanged) << managed;
  }
}

TEST(Compare, ContainerOwnedByGitsyncAndDroppedFromGitIsARemoval) {
  auto git = desired(kDeployment);
  auto& containers = git.body["spec"]["template"]["spec"]["containers"];
  containers.erase(containers.begin());  // drop "web", keep "sidecar"
  auto live = Value::parse(kLiveDeployment);
  auto change = compare_object(&git, &live, {});
  EXPECT_EQ(paths_of(change), std::vector<std::string>{"spec.template.spec.containers[name=web]"});
}

TEST(Compare, IgnoreRuleHidesTheField) {
  auto git = desired(kDeployment);
  git.body["spec"]["replicas"] = 5;
  auto live = Value::parse(kLiveDeployment);
  CompareOptions options;
  options.ignore.push_back(parse_ignore_rule("Deployment:spec.replicas"));
  EXPECT_EQ(compare_object(&git, &live, options).action, Action::unchanged);
  options.ignore = {parse_ignore_rule("Service:spec.replicas")};
  EXPECT_EQ(compare_object(&git, &live, options).action, Action::update);
}

TEST(Compare, IgnoreRuleWithWildcardElement) {
  auto git = desired(kDeployment);
  git.body["spec"]["template"]["spec"]["containers"][1]["image"] = "proxy:3";
  auto live = Value::parse(kLiveDeployment);
  CompareOptions options;
  options.ignore.push_back(
      parse_ignore_rule("apps/Deployment:spec.template.spec.containers[*].image"));
  EXPECT_EQ(compare_object(&git, &live, options).action, Action::unchanged);
}

TEST(Compare, PortAsStringEqualsPortAsNumber) {
  auto git = desired(R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
    "spec": {"ports": [{"port": 80, "targetPort": "8080"}]}})");
  auto live = Value::parse(R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
    "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080}]}})");
  EXPECT_EQ(compare_object(&git, &live, {}).action, Action::unchanged);
}

TEST(Compare, DeclaredEmptyValuesEqualAbsentOnes) {
  auto git = desired(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "labels": {}, "creationTimestamp": null}, "data": {"a": "1"}})");
  auto live = Value::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c"}, "data": {"a": "1"}})");
  EXPECT_EQ(compare_object(&git, &live, {}).action, Action::unchanged);
}

TEST(Compare, NewObjectIsCreate) {
  auto git = desired(kDeployment);
  auto change = compare_object(&git, nullptr, {});
  EXPECT_EQ(change.action, Action::create);
  EXPECT_FALSE(change.before.has_value());
  EXPECT_TRUE(change.after.has_value());
}

TEST(Compare, DeletableObjectGoneFromGitIsDelete) {
  BeforeState before;
  auto live = Value::parse(kLiveDeployment);
  auto id = manifest::identity_of(live);
  before.objects[id] = live;
  before.deletable.insert(id);
  auto set = compare({}, before, {});
  ASSERT_EQ(set.objects.size(), 1u);
  EXPECT_EQ(set.objects[0].action, Action::remove);
  EXPECT_FALSE(set.objects[0].before->contains("status"));
}

TEST(Compare, UnreadableObjectIsReportedNotDropped) {
  auto git = desired(kDeployment);
  BeforeState before;
  before.unreadable[git.id] = "forbidden";
  auto set = compare({git}, before, {});
  ASSERT_EQ(set.objects.size(), 1u);
  EXPECT_EQ(set.objects[0].action, Action::unreadable);
  EXPECT_EQ(set.objects[0].reason, "forbidden");
}

TEST(Compare, RevisionBeforeSideReportsRemovedFields) {
  auto b = desired(R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
    "data": {"a": "1"}})");
  auto a = Value::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
    "data": {"a": "1", "b": "2"}})");
  CompareOptions options;
  options.before_is_declared = true;
  EXPECT_EQ(paths_of(compare_object(&b, &a, options)), std::vector<std::string>{"data.b"});
}

const char* kCanary = "s3cr3t-canary";

const char* kGadget = R"({"apiVersion": "example.com/v1", "kind": "Gadget",
  "metadata": {"name": "g", "namespace": "team-a"},
  "spec": {"parts": [{"slot": 1, "side": "right", "label": "b"},
                     {"slot": 1, "side": "left", "label": "c"}]}})";
const char* kLiveGadget = R"({"apiVersion": "example.com/v1", "kind": "Gadget",
  "metadata": {"name": "g", "namespace": "team-a"},
  "spec": {"parts": [{"slot": 1, "side": "left", "label": "a"},
                     {"slot": 1, "side": "right", "label": "b"}]}})";

TEST(Compare, ListIsMatchedByTheKeysTheSchemaDeclares) {
  ListKeys keys;
  keys.add("example.com", "Gadget", "spec.parts", {"slot", "side"});
  CompareOptions options;
  options.list_keys = &keys;
  auto git = desired(kGadget);
  auto live = Value::parse(kLiveGadget);
  auto change = compare_object(&git, &live, options);
  EXPECT_EQ(paths_of(change), std::vector<std::string>{"spec.parts[slot=1,side=left].label"});
}

TEST(Compare, ListTheSchemaDoesNotDescribeFallsBackToTheBuiltInTable) {
  ListKeys keys;
  keys.add("example.com", "Gadget", "spec.other", {"name"});
  CompareOptions options;
  options.list_keys = &keys;
  auto git = desired(kGadget);
  auto live = Value::parse(kLiveGadget);
  // "parts" is in neither: an atomic list, compared element by element in order.
  auto change = compare_object(&git, &live, options);
  EXPECT_EQ(paths_of(change),
            (std::vector<std::string>{"spec.parts[0].label", "spec.parts[0].side",
                                      "spec.parts[1].label", "spec.parts[1].side"}));
}

TEST(Compare, ListWhoseElementsLackASchemaKeyKeepsTheBuiltInKeys) {
  ListKeys keys;
  keys.add("apps", "Deployment", "spec.template.spec.containers", {"name", "defaulted"});
  CompareOptions options;
  options.list_keys = &keys;
  auto git = desired(kDeployment);
  auto live = Value::parse(kLiveDeployment);
  auto change = compare_object(&git, &live, options);
  EXPECT_EQ(change.action, Action::unchanged) << testing::PrintToString(paths_of(change));
}

TEST(Compare, ListTheSchemaDeclaresAtomicIsComparedInOrder) {
  ListKeys keys;
  keys.add("apps", "Deployment", "spec.template.spec.containers", {});
  CompareOptions options;
  options.list_keys = &keys;
  auto git = desired(kDeployment);
  auto live = Value::parse(kLiveDeployment);
  // The live containers come in another order: by index, both differ.
  auto change = compare_object(&git, &live, options);
  EXPECT_EQ(change.action, Action::update);
  auto paths = paths_of(change);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "spec.template.spec.containers[0].name"),
            paths.end())
      << testing::PrintToString(paths);
}

TEST(CompareSecret, ChangedKeyIsReportedAndMaskedEverywhere) {
  auto git = desired(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
    "stringData": {"password": "s3cr3t-canary", "user": "admin"}})");
  Value live = Value::parse(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
    "data": {"user": "YWRtaW4=", "password": "b2xk", "old": "eA=="},
    "managedFields": []})");
  live["metadata"]["managedFields"] = Value::parse(R"([{"manager": "gitsync",
    "operation": "Apply", "fieldsV1": {"f:data": {"f:old": {}, "f:password": {}, "f:user": {}}}}])");
  auto change = compare_object(&git, &live, {});
  ASSERT_EQ(change.action, Action::update);
  EXPECT_EQ(paths_of(change), (std::vector<std::string>{"data.password", "data.old"}));
  std::string everything = change.before->dump() + change.after->dump();
  for (const auto& field : change.fields) {
    everything += field.before.value_or("").dump() + field.after.value_or("").dump();
  }
  EXPECT_EQ(everything.find(kCanary), std::string::npos);
  EXPECT_EQ(everything.find(util::base64_encode(kCanary)), std::string::npos);
  EXPECT_EQ(everything.find("YWRtaW4="), std::string::npos);
  EXPECT_EQ((*change.after)["data"]["password"], kMaskedAfter);
  EXPECT_EQ((*change.after)["data"]["user"], kMasked);
}

TEST(CompareSecret, EqualValuesInStringDataAndDataAreUnchanged) {
  auto git = desired(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
    "stringData": {"user": "admin"}})");
  Value live = Value::parse(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
    "data": {"user": "YWRtaW4="}, "type": "Opaque"})");
  EXPECT_EQ(compare_object(&git, &live, {}).action, Action::unchanged);
}

TEST(CompareSecret, NewSecretIsMasked) {
  auto git = desired(R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
    "stringData": {"password": "s3cr3t-canary"}})");
  auto change = compare_object(&git, nullptr, {});
  EXPECT_EQ(change.after->dump().find(kCanary), std::string::npos);
  EXPECT_EQ((*change.after)["data"]["password"], kMasked);
}

TEST(Quantity, EqualAmountsInDifferentSpellings) {
  EXPECT_EQ(*parse_quantity("500m"), *parse_quantity("0.5"));
  EXPECT_EQ(*parse_quantity("1Gi"), *parse_quantity("1024Mi"));
  EXPECT_EQ(*parse_quantity("1e3"), *parse_quantity("1k"));
  EXPECT_FALSE(parse_quantity("web").has_value());
  EXPECT_FALSE(parse_quantity("1.2.3").has_value());
}

TEST(FieldPath, PrintsAndParsesKeysWithDots) {
  auto path = FieldPath().key("metadata").key("labels").key("app.kubernetes.io/name");
  EXPECT_EQ(path.to_string(), "metadata.labels[\"app.kubernetes.io/name\"]");
  EXPECT_EQ(FieldPath::parse(path.to_string()).steps(), path.steps());
  EXPECT_THROW(FieldPath::parse("spec..replicas"), Error);
}

}  // namespace
}  // namespace gitops::diff
