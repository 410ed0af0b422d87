#include "diff/list_keys.hpp"

#include <gtest/gtest.h>

#include "diff/openapi_list_keys.hpp"
#include "error.hpp"

namespace gitops::diff {
namespace {

using Keys = std::vector<std::string>;

// A cut of /openapi/v3/apis/apps/v1 as kube-apiserver serves it: kinds refer to their parts by
// $ref, either wrapped in allOf (with a default) or directly.
const char* kAppsV1 = R"({"openapi": "3.0.0", "components": {"schemas": {
  "io.k8s.api.apps.v1.Deployment": {"type": "object", "properties": {
      "kind": {"type": "string"},
      "metadata": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]},
      "spec": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}]},
      "status": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStatus"}]}},
    "x-kubernetes-group-version-kind": [{"group": "apps", "kind": "Deployment", "version": "v1"}]},
  "io.k8s.api.apps.v1.DeploymentSpec": {"type": "object", "properties": {
      "replicas": {"type": "integer"},
      "template": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}]}}},
  "io.k8s.api.apps.v1.DeploymentStatus": {"type": "object", "properties": {
      "conditions": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentCondition"}]},
        "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"]}}},
  "io.k8s.api.apps.v1.DeploymentCondition": {"type": "object", "properties": {
      "type": {"type": "string"}}},
  "io.k8s.api.core.v1.PodTemplateSpec": {"type": "object", "properties": {
      "spec": {"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}}},
  "io.k8s.api.core.v1.PodSpec": {"type": "object", "properties": {
      "containers": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}]},
        "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
        "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"},
      "tolerations": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.api.core.v1.Toleration"}]},
        "x-kubernetes-list-type": "atomic"},
      "resourceGroups": {"type": "object", "additionalProperties": {"type": "object",
        "properties": {"members": {"type": "array", "items": {"type": "string"}}}}}}},
  "io.k8s.api.core.v1.Container": {"type": "object", "properties": {
      "name": {"type": "string"},
      "args": {"type": "array", "items": {"type": "string", "default": ""},
        "x-kubernetes-list-type": "atomic"},
      "env": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.api.core.v1.EnvVar"}]},
        "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]},
      "ports": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.api.core.v1.ContainerPort"}]},
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["containerPort", "protocol"]}}},
  "io.k8s.api.core.v1.EnvVar": {"type": "object", "properties": {"name": {"type": "string"}}},
  "io.k8s.api.core.v1.ContainerPort": {"type": "object", "properties": {
      "containerPort": {"type": "integer"}, "protocol": {"type": "string"}}},
  "io.k8s.api.core.v1.Toleration": {"type": "object", "properties": {"key": {"type": "string"}}},
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {"type": "object", "properties": {
      "finalizers": {"type": "array", "items": {"type": "string", "default": ""},
        "x-kubernetes-list-type": "set"},
      "ownerReferences": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"}]},
        "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["uid"]}}},
  "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference": {"type": "object", "properties": {
      "uid": {"type": "string"}}}}}})";

// The core group is "" in x-kubernetes-group-version-kind.
const char* kCoreV1 = R"({"openapi": "3.0.0", "components": {"schemas": {
  "io.k8s.api.core.v1.Service": {"type": "object", "properties": {
      "spec": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.api.core.v1.ServiceSpec"}]}},
    "x-kubernetes-group-version-kind": [{"group": "", "kind": "Service", "version": "v1"}]},
  "io.k8s.api.core.v1.ServiceSpec": {"type": "object", "properties": {
      "ports": {"type": "array", "items": {"default": {}, "allOf": [
          {"$ref": "#/components/schemas/io.k8s.api.core.v1.ServicePort"}]},
        "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port", "protocol"]}}},
  "io.k8s.api.core.v1.ServicePort": {"type": "object", "properties": {
      "port": {"type": "integer"}, "protocol": {"type": "string"}}}}}})";

// A custom resource: its schema is inline, as the CRD's openAPIV3Schema declares it.
const char* kTestExampleV1 = R"({"openapi": "3.0.0", "components": {"schemas": {
  "com.example.test.v1.Gadget": {"type": "object", "properties": {
      "spec": {"type": "object", "properties": {
        "parts": {"type": "array", "items": {"type": "object", "required": ["slot", "side"],
            "properties": {"slot": {"type": "integer"}, "side": {"type": "string"}}},
          "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["slot", "side"]},
        "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
        "matrix": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        "ports": {"type": "array", "items": {"type": "object"},
          "x-kubernetes-patch-merge-key": "containerPort", "x-kubernetes-patch-strategy": "merge"},
        "names": {"type": "array", "items": {"type": "string"},
          "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]}}}},
    "x-kubernetes-group-version-kind": [
      {"group": "test.example.com", "kind": "Gadget", "version": "v1"}]},
  "com.example.test.v1.GadgetList": {"type": "object", "properties": {
      "items": {"type": "array", "items": {
        "$ref": "#/components/schemas/com.example.test.v1.Gadget"}}},
    "x-kubernetes-group-version-kind": [
      {"group": "test.example.com", "kind": "GadgetList", "version": "v1"}]}}}})";

// apiextensions' JSONSchemaProps holds JSONSchemaProps in its own fields, some of them named like
// the keywords the reader follows (allOf, items).
const char* kApiextensionsV1 = R"({"openapi": "3.0.0", "components": {"schemas": {
  "io.k8s.apiextensions.v1.CustomResourceDefinition": {"type": "object", "properties": {
      "spec": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.CustomResourceDefinitionSpec"}]}},
    "x-kubernetes-group-version-kind": [{"group": "apiextensions.k8s.io",
      "kind": "CustomResourceDefinition", "version": "v1"}]},
  "io.k8s.apiextensions.v1.CustomResourceDefinitionSpec": {"type": "object", "properties": {
      "versions": {"type": "array", "items": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.CustomResourceDefinitionVersion"}]},
        "x-kubernetes-list-type": "atomic"}}},
  "io.k8s.apiextensions.v1.CustomResourceDefinitionVersion": {"type": "object", "properties": {
      "schema": {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.CustomResourceValidation"}}},
  "io.k8s.apiextensions.v1.CustomResourceValidation": {"type": "object", "properties": {
      "openAPIV3Schema": {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.JSONSchemaProps"}}},
  "io.k8s.apiextensions.v1.JSONSchemaProps": {"type": "object", "properties": {
      "allOf": {"type": "array", "items": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.JSONSchemaProps"}]},
        "x-kubernetes-list-type": "atomic"},
      "items": {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.JSONSchemaPropsOrArray"},
      "not": {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.JSONSchemaProps"},
      "properties": {"type": "object", "additionalProperties": {"default": {}, "allOf": [
        {"$ref": "#/components/schemas/io.k8s.apiextensions.v1.JSONSchemaProps"}]}},
      "required": {"type": "array", "items": {"type": "string", "default": ""},
        "x-kubernetes-list-type": "atomic"}}},
  "io.k8s.apiextensions.v1.JSONSchemaPropsOrArray": {
    "$ref": "#/components/schemas/io.k8s.apiextensions.v1.JSONSchemaProps"}}}})";

const std::string kSchemaRoot = "spec.versions[].schema.openAPIV3Schema";

// --- list_keys_from_openapi_v3 ---

TEST(OpenApiListKeys, ContainersOfADeploymentAreKeyedByName) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.containers"), Keys{"name"});
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.containers[].env"), Keys{"name"});
}

TEST(OpenApiListKeys, ContainerPortsAreKeyedByPortAndProtocol) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.containers[].ports"),
            (Keys{"containerPort", "protocol"}));
}

TEST(OpenApiListKeys, AtomicListsHaveNoKeys) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.tolerations"), Keys{});
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.containers[].args"), Keys{});
}

TEST(OpenApiListKeys, MetadataListsAreRead) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.find("apps", "Deployment", "metadata.ownerReferences"), Keys{"uid"});
  EXPECT_EQ(keys.find("apps", "Deployment", "metadata.finalizers"), Keys{});
}

TEST(OpenApiListKeys, StatusIsNotRead) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.find("apps", "Deployment", "status.conditions"), std::nullopt);
}

TEST(OpenApiListKeys, ValuesOfMapsAreNotRead) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.to_text().find("resourceGroups"), std::string::npos) << keys.to_text();
}

TEST(OpenApiListKeys, PartsOfAKindAreNotKindsThemselves) {
  auto keys = list_keys_from_openapi_v3(kAppsV1, "apis/apps/v1");
  EXPECT_EQ(keys.find("", "PodSpec", "containers"), std::nullopt);
  EXPECT_EQ(keys.find("apps", "PodSpec", "containers"), std::nullopt);
}

TEST(OpenApiListKeys, CoreGroupIsEmpty) {
  auto keys = list_keys_from_openapi_v3(kCoreV1, "api/v1");
  EXPECT_EQ(keys.find("", "Service", "spec.ports"), (Keys{"port", "protocol"}));
}

TEST(OpenApiListKeys, CustomResourceListMapHasBothKeys) {
  auto keys = list_keys_from_openapi_v3(kTestExampleV1, "apis/test.example.com/v1");
  EXPECT_EQ(keys.find("test.example.com", "Gadget", "spec.parts"), (Keys{"slot", "side"}));
}

TEST(OpenApiListKeys, SetsAreAtomic) {
  auto keys = list_keys_from_openapi_v3(kTestExampleV1, "apis/test.example.com/v1");
  EXPECT_EQ(keys.find("test.example.com", "Gadget", "spec.tags"), Keys{});
}

TEST(OpenApiListKeys, ListsWithoutAListTypeAreLeftToTheBuiltInTable) {
  auto keys = list_keys_from_openapi_v3(kTestExampleV1, "apis/test.example.com/v1");
  EXPECT_EQ(keys.find("test.example.com", "Gadget", "spec.matrix"), std::nullopt);
  EXPECT_EQ(keys.find("test.example.com", "Gadget", "spec.matrix[]"), std::nullopt);
}

// Older servers marked core lists only for strategic merge, which server-side apply reads as a
// list-map keyed by the patch merge key.
TEST(OpenApiListKeys, ListsWithOnlyAPatchMergeKeyAreKeyedByIt) {
  auto keys = list_keys_from_openapi_v3(kTestExampleV1, "apis/test.example.com/v1");
  EXPECT_EQ(keys.find("test.example.com", "Gadget", "spec.ports"), Keys{"containerPort"});
}

TEST(OpenApiListKeys, ListMapOfScalarsIsLeftToTheBuiltInTable) {
  auto keys = list_keys_from_openapi_v3(kTestExampleV1, "apis/test.example.com/v1");
  EXPECT_EQ(keys.find("test.example.com", "Gadget", "spec.names"), std::nullopt);
}

TEST(OpenApiListKeys, ListKindsReachTheirItemsLists) {
  auto keys = list_keys_from_openapi_v3(kTestExampleV1, "apis/test.example.com/v1");
  EXPECT_EQ(keys.find("test.example.com", "GadgetList", "items[].spec.parts"),
            (Keys{"slot", "side"}));
}

TEST(OpenApiListKeys, RecursiveSchemasAreReadOnceOnEachPath) {
  auto keys = list_keys_from_openapi_v3(kApiextensionsV1, "apis/apiextensions.k8s.io/v1");
  const std::string kind = "CustomResourceDefinition";
  EXPECT_EQ(keys.find("apiextensions.k8s.io", kind, kSchemaRoot + ".allOf"), Keys{});
  EXPECT_EQ(keys.find("apiextensions.k8s.io", kind, kSchemaRoot + ".required"), Keys{});
  EXPECT_EQ(keys.find("apiextensions.k8s.io", kind, kSchemaRoot + ".allOf[].allOf"), std::nullopt);
  EXPECT_EQ(keys.find("apiextensions.k8s.io", kind, kSchemaRoot + ".not.required"), std::nullopt);
}

TEST(OpenApiListKeys, DocumentWithoutSchemasHasNoLists) {
  EXPECT_TRUE(list_keys_from_openapi_v3(R"({"openapi": "3.0.0", "paths": {}})", "api/v1").empty());
}

TEST(OpenApiListKeys, MalformedJsonNamesTheDocument) {
  try {
    list_keys_from_openapi_v3(R"({"components": {"schemas": )", "apis/apps/v1");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot read the OpenAPI schema apis/apps/v1: "),
              std::string::npos)
        << error.what();
  }
}

// --- ListKeys ---

TEST(ListKeys, UnknownKindGroupOrPathIsNotFound) {
  ListKeys keys;
  keys.add("apps", "Deployment", "spec.template.spec.containers", {"name"});
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.volumes"), std::nullopt);
  EXPECT_EQ(keys.find("apps", "StatefulSet", "spec.template.spec.containers"), std::nullopt);
  EXPECT_EQ(keys.find("", "Deployment", "spec.template.spec.containers"), std::nullopt);
  EXPECT_EQ(keys.find("apps", "Deployment", "spec.template.spec.containers"), Keys{"name"});
}

TEST(ListKeys, FirstSchemaToDescribeAListWins) {
  ListKeys keys;
  keys.add("", "Service", "spec.ports", {"port", "protocol"});
  keys.add("", "Service", "spec.ports", {});
  EXPECT_EQ(keys.find("", "Service", "spec.ports"), (Keys{"port", "protocol"}));
}

TEST(ListKeys, MergedTableReplacesTheSameLists) {
  ListKeys keys;
  keys.add("", "Service", "spec.ports", {"port"});
  keys.add("", "Pod", "spec.containers", {"name"});
  ListKeys newer;
  newer.add("", "Service", "spec.ports", {"port", "protocol"});
  keys.merge(newer);
  EXPECT_EQ(keys.find("", "Service", "spec.ports"), (Keys{"port", "protocol"}));
  EXPECT_EQ(keys.find("", "Pod", "spec.containers"), Keys{"name"});
}

TEST(ListKeys, EmptyUntilAListIsAdded) {
  ListKeys keys;
  EXPECT_TRUE(keys.empty());
  keys.add("", "Pod", "spec.tolerations", {});
  EXPECT_FALSE(keys.empty());
}

TEST(ListKeys, RoundTripsThroughText) {
  ListKeys keys;
  keys.add("", "Service", "spec.ports", {"port", "protocol"});
  keys.add("apps", "Deployment", "spec.template.spec.tolerations", {});
  keys.add("test.example.com", "Gadget", "spec.odd\tname\n", {"back\\slash", ""});
  auto text = keys.to_text();
  auto read = ListKeys::from_text(text);
  EXPECT_EQ(read.find("", "Service", "spec.ports"), (Keys{"port", "protocol"}));
  EXPECT_EQ(read.find("apps", "Deployment", "spec.template.spec.tolerations"), Keys{});
  EXPECT_EQ(read.find("test.example.com", "Gadget", "spec.odd\tname\n"), (Keys{"back\\slash", ""}));
  EXPECT_EQ(read.to_text(), text);
}

TEST(ListKeys, EmptyTableRoundTripsThroughText) {
  EXPECT_TRUE(ListKeys::from_text(ListKeys().to_text()).empty());
}

TEST(ListKeys, TextCutShortIsMalformed) {
  ListKeys keys;
  keys.add("", "Service", "spec.ports", {"port", "protocol"});
  auto text = keys.to_text();
  EXPECT_THROW(ListKeys::from_text(text.substr(0, text.size() - 1)), Error);
}

TEST(ListKeys, TextOfAnotherFormatIsMalformed) {
  EXPECT_THROW(ListKeys::from_text(""), Error);
  EXPECT_THROW(ListKeys::from_text("/Service spec.ports\tport\n"), Error);
}

TEST(ListKeys, LineWithoutKindAndPathIsMalformed) {
  auto text = ListKeys().to_text();
  EXPECT_THROW(ListKeys::from_text(text + "spec.ports\tport\n"), Error);
  EXPECT_THROW(ListKeys::from_text(text + "\n"), Error);
  EXPECT_THROW(ListKeys::from_text(text + "/Service spec.ports\tport\\x\n"), Error);
}

}  // namespace
}  // namespace gitops::diff
