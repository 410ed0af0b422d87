#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "error.hpp"
#include "kube/call_bound.hpp"
#include "kube/context.hpp"
#include "kube/discovery.hpp"
#include "kube/global_flags.hpp"
#include "kube/kubectl.hpp"

namespace gitops::kube {
namespace {

using Strings = std::vector<std::string>;

TEST(KubeGlobalFlags, ForwardsNothingWhenNoneGiven) {
  EXPECT_TRUE(GlobalFlags{}.to_args().empty());
}

TEST(KubeGlobalFlags, ForwardsEveryFlagInKubectlSpellingAndOrder) {
  GlobalFlags flags;
  flags.request_timeout = "30s";
  flags.as_groups = {"system:masters", "devs"};
  flags.as = "jane";
  flags.namespace_ = "team-a";
  flags.user = "jane-user";
  flags.cluster = "prod";
  flags.context = "admin";
  flags.kubeconfig = "/home/jane/.kube/config";

  EXPECT_EQ(flags.to_args(),
            (Strings{"--kubeconfig=/home/jane/.kube/config", "--context=admin", "--cluster=prod",
                     "--user=jane-user", "--namespace=team-a", "--as=jane",
                     "--as-group=system:masters", "--as-group=devs", "--request-timeout=30s"}));
}

TEST(KubeGlobalFlags, ForwardsAnEmptyValueTheUserGave) {
  GlobalFlags flags;
  flags.namespace_ = "";
  EXPECT_EQ(flags.to_args(), Strings{"--namespace="});
}

// Captured from `kubectl api-resources -o wide` (kubectl 1.32 against the local cluster with one
// CRD, widgets.kubetest.example.com, installed), cut down to a few rows; trailing blanks kept.
constexpr const char* kApiResources =
    R"(NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND                               VERBS                                                        CATEGORIES
bindings                                         v1                                true         Binding                            create                                                       
componentstatuses                   cs           v1                                false        ComponentStatus                    get,list                                                     
configmaps                          cm           v1                                true         ConfigMap                          create,delete,deletecollection,get,list,patch,update,watch   
events                              ev           v1                                true         Event                              create,delete,deletecollection,get,list,patch,update,watch   
namespaces                          ns           v1                                false        Namespace                          create,delete,get,list,patch,update,watch                    
pods                                po           v1                                true         Pod                                create,delete,deletecollection,get,list,patch,update,watch   all
customresourcedefinitions           crd,crds     apiextensions.k8s.io/v1           false        CustomResourceDefinition           create,delete,deletecollection,get,list,patch,update,watch   api-extensions
deployments                         deploy       apps/v1                           true         Deployment                         create,delete,deletecollection,get,list,patch,update,watch   all
tokenreviews                                     authentication.k8s.io/v1          false        TokenReview                        create                                                       
leases                                           coordination.k8s.io/v1            true         Lease                              create,delete,deletecollection,get,list,patch,update,watch   
events                              ev           events.k8s.io/v1                  true         Event                              create,delete,deletecollection,get,list,patch,update,watch   
widgets                             wd           kubetest.example.com/v1alpha1     true         Widget                             delete,deletecollection,get,list,patch,create,update,watch   all
clusterrolebindings                              rbac.authorization.k8s.io/v1      false        ClusterRoleBinding                 create,delete,deletecollection,get,list,patch,update,watch   
)";

TEST(Discovery, ParsesCoreKindsWithAnEmptyShortName) {
  const auto discovery = Discovery::parse(kApiResources);
  const auto* binding = discovery.find("", "Binding");
  ASSERT_NE(binding, nullptr);
  EXPECT_EQ(binding->group, "");
  EXPECT_EQ(binding->version, "v1");
  EXPECT_EQ(binding->resource, "bindings");
  EXPECT_TRUE(binding->namespaced);
  EXPECT_EQ(binding->verbs, Strings{"create"});
}

TEST(Discovery, ParsesClusterScopedCoreKinds) {
  const auto discovery = Discovery::parse(kApiResources);
  const auto* ns = discovery.find("", "Namespace");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(ns->resource, "namespaces");
  EXPECT_FALSE(ns->namespaced);
  EXPECT_EQ(ns->verbs, (Strings{"create", "delete", "get", "list", "patch", "update", "watch"}));
}

TEST(Discovery, SplitsGroupAndVersion) {
  const auto discovery = Discovery::parse(kApiResources);
  const auto* deployment = discovery.find("apps", "Deployment");
  ASSERT_NE(deployment, nullptr);
  EXPECT_EQ(deployment->group, "apps");
  EXPECT_EQ(deployment->version, "v1");
  EXPECT_EQ(deployment->resource, "deployments");
  EXPECT_TRUE(deployment->namespaced);

  const auto* binding = discovery.find("rbac.authorization.k8s.io", "ClusterRoleBinding");
  ASSERT_NE(binding, nullptr);
  EXPECT_FALSE(binding->namespaced);
  EXPECT_EQ(binding->resource, "clusterrolebindings");
}

TEST(Discovery, ParsesKindsOfCustomResources) {
  const auto discovery = Discovery::parse(kApiResources);
  const auto* widget = discovery.find("kubetest.example.com", "Widget");
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->version, "v1alpha1");
  EXPECT_EQ(widget->resource, "widgets");
  EXPECT_TRUE(widget->namespaced);
  EXPECT_EQ(widget->verbs.size(), 8u);

  const auto* crd = discovery.find("apiextensions.k8s.io", "CustomResourceDefinition");
  ASSERT_NE(crd, nullptr);
  EXPECT_FALSE(crd->namespaced);
}

TEST(Discovery, KeepsEveryRowInTableOrder) {
  const auto discovery = Discovery::parse(kApiResources);
  ASSERT_EQ(discovery.all().size(), 13u);
  EXPECT_EQ(discovery.all().front().kind, "Binding");
  EXPECT_EQ(discovery.all().back().kind, "ClusterRoleBinding");
}

TEST(Discovery, DoesNotFindAKindInAnotherGroup) {
  const auto discovery = Discovery::parse(kApiResources);
  EXPECT_EQ(discovery.find("", "Deployment"), nullptr);
  EXPECT_EQ(discovery.find("apps", "deployment"), nullptr);
  EXPECT_EQ(discovery.find("example.com", "Widget"), nullptr);
}

TEST(Discovery, PrefersTheFirstRowOfAGroupAndKind) {
  const auto discovery = Discovery::parse(
      "NAME      SHORTNAMES   APIVERSION   NAMESPACED   KIND     VERBS\n"
      "things                 example/v1   true         Thing    [get]\n"
      "thingz                 example/v2   false        Thing    [list]\n");
  ASSERT_NE(discovery.find("example", "Thing"), nullptr);
  EXPECT_EQ(discovery.find("example", "Thing")->resource, "things");
}

TEST(Discovery, AddsKindsOfANewCustomResourceDefinition) {
  auto discovery = Discovery::parse(kApiResources);
  discovery.add({"example.com", "v1", "Gadget", "gadgets", false, {}});
  discovery.add({"apps", "v1", "Deployment", "deployments-again", false, {}});
  ASSERT_NE(discovery.find("example.com", "Gadget"), nullptr);
  EXPECT_FALSE(discovery.find("example.com", "Gadget")->namespaced);
  EXPECT_EQ(discovery.find("apps", "Deployment")->resource, "deployments");
}

TEST(Discovery, TellsApartOneKindInTwoGroups) {
  const auto discovery = Discovery::parse(kApiResources);
  ASSERT_NE(discovery.find("", "Event"), nullptr);
  ASSERT_NE(discovery.find("events.k8s.io", "Event"), nullptr);
  EXPECT_EQ(discovery.find("", "Event")->version, "v1");
  EXPECT_EQ(discovery.find("events.k8s.io", "Event")->group, "events.k8s.io");
}

// Some kubectl builds print the verbs as a Go slice.
TEST(Discovery, ReadsBracketedVerbs) {
  const auto discovery = Discovery::parse(
      "NAME                SHORTNAMES   APIVERSION   NAMESPACED   KIND               VERBS        "
      "CATEGORIES\n"
      "componentstatuses   cs           v1           false        ComponentStatus    [get list]   "
      "[all]\n");
  ASSERT_NE(discovery.find("", "ComponentStatus"), nullptr);
  EXPECT_EQ(discovery.find("", "ComponentStatus")->verbs, (Strings{"get", "list"}));
}

TEST(Discovery, RejectsATableWithoutItsHeader) {
  try {
    Discovery::parse("pods   po   v1   true   Pod\n");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(),
                 "cannot read 'kubectl api-resources -o wide' output at line 1: expected a header "
                 "with NAME, APIVERSION, NAMESPACED and KIND");
  }
}

TEST(Discovery, RejectsARowThatIsNotAligned) {
  EXPECT_THROW(Discovery::parse("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND   VERBS\n"
                                "pods po v1 true Pod [get]\n"),
               Error);
}

TEST(Discovery, ReadsAnEmptyOutputAsNoKinds) {
  EXPECT_TRUE(Discovery::parse("").all().empty());
}

ProcessResult failed(std::string err, int exit_code = 1) {
  ProcessResult result;
  result.exit_code = exit_code;
  result.err = std::move(err);
  return result;
}

TEST(KubeErrorLine, StripsOnlyALeadingError) {
  EXPECT_EQ(failed("error: failed to create configmap: configmaps is forbidden: User \"viewer\" "
                   "cannot create resource \"configmaps\" in API group \"\" in the namespace "
                   "\"default\"\n")
                .error_line(),
            "failed to create configmap: configmaps is forbidden: User \"viewer\" cannot create "
            "resource \"configmaps\" in API group \"\" in the namespace \"default\"");
}

TEST(KubeErrorLine, KeepsTheServersOwnPrefix) {
  EXPECT_EQ(failed("Error from server (Forbidden): configmaps \"x\" is forbidden: User \"viewer\" "
                   "cannot get resource \"configmaps\"\n")
                .error_line(),
            "Error from server (Forbidden): configmaps \"x\" is forbidden: User \"viewer\" cannot "
            "get resource \"configmaps\"");
}

TEST(KubeErrorLine, SkipsLoggingAndWarnings) {
  EXPECT_EQ(failed("W1126 21:49:14.151993   17403 warnings.go:70] metadata.name: odd\n"
                   "Warning: resource configmaps/x is missing an annotation\n"
                   "  \n"
                   "E1126 21:49:14.151993   17403 memcache.go:265] \"Unhandled Error\" "
                   "err=\"couldn't get current server API group list\"\n"
                   "The connection to the server 127.0.0.1:1 was refused - did you specify the "
                   "right host or port?\n")
                .error_line(),
            "The connection to the server 127.0.0.1:1 was refused - did you specify the right "
            "host or port?");
}

TEST(KubeErrorLine, FallsBackToTheLastLoggedErrorThenAWarning) {
  EXPECT_EQ(
      failed("E1126 21:49:14.1 1 a.go:1] first\nE1126 21:49:14.2 1 a.go:2] last\n").error_line(),
      "last");
  EXPECT_EQ(failed("Warning: only this\n").error_line(), "Warning: only this");
}

TEST(KubeErrorLine, JoinsTheReasonsOfAnInvalidObject) {
  EXPECT_EQ(failed("The Deployment \"web\" is invalid: \n"
                   "* spec.selector: Required value\n"
                   "* spec.template.metadata.labels: Invalid value: \"x\"\n")
                .error_line(),
            "The Deployment \"web\" is invalid: spec.selector: Required value; "
            "spec.template.metadata.labels: Invalid value: \"x\"");
}

TEST(KubeErrorLine, NamesTheExitCodeWhenStderrIsEmpty) {
  EXPECT_EQ(failed("", 3).error_line(), "kubectl exited with code 3");
  EXPECT_EQ(failed(" \n\n", 139).error_line(), "kubectl exited with code 139");
}

TEST(KubeErrorLine, NamesTheCallThatDidNotAnswer) {
  auto result = failed("partial output\n", 137);
  result.timed_out = true;
  result.timeout = std::chrono::seconds(30);
  result.command = "kubectl get pods -o name";
  EXPECT_EQ(result.error_line(), "kubectl did not answer within 30s: kubectl get pods -o name");
}

std::string failure_message(const ProcessResult& result, const std::string& what) {
  try {
    throw_kubectl_failure(result, what);
  } catch (const Error& error) {
    return error.what();
  }
}

TEST(KubeFailure, SaysWhatFailedThenKubectlsReason) {
  EXPECT_EQ(failure_message(failed("Error from server (NotFound): namespaces \"x\" not found\n"),
                            "cannot read namespace 'x'"),
            "cannot read namespace 'x': Error from server (NotFound): namespaces \"x\" not found");
}

TEST(KubeFailure, SaysTheClusterIsUnreachable) {
  EXPECT_EQ(failure_message(failed("E1126 21:49:14.151993   17403 memcache.go:265] dial tcp "
                                   "127.0.0.1:1: connect: connection refused\n"
                                   "The connection to the server 127.0.0.1:1 was refused - did "
                                   "you specify the right host or port?\n"),
                            "cannot list namespaces"),
            "cannot list namespaces: cannot reach the cluster: The connection to the server "
            "127.0.0.1:1 was refused - did you specify the right host or port?");
  EXPECT_EQ(failure_message(failed("Unable to connect to the server: dial tcp: lookup "
                                   "nowhere.example: no such host\n"),
                            "cannot list namespaces"),
            "cannot list namespaces: cannot reach the cluster: Unable to connect to the server: "
            "dial tcp: lookup nowhere.example: no such host");
}

TEST(KubeFailure, HintsWhenNoClusterIsConfigured) {
  const auto message = failure_message(
      failed("The connection to the server localhost:8080 was refused - did you specify the "
             "right host or port?\n"),
      "cannot list namespaces");
  EXPECT_EQ(message.rfind("cannot list namespaces: cannot reach the cluster: The connection to "
                          "the server localhost:8080 was refused",
                          0),
            0u);
  EXPECT_NE(message.find("KUBECONFIG"), std::string::npos);
}

TEST(KubeFailure, AnUnreachableWebhookIsTheServersError) {
  EXPECT_EQ(failure_message(failed("Error from server (InternalError): Internal error occurred: "
                                   "failed calling webhook \"w.example.com\": dial tcp "
                                   "10.0.0.5:443: connect: connection refused\n"),
                            "cannot apply 'web'"),
            "cannot apply 'web': Error from server (InternalError): Internal error occurred: "
            "failed calling webhook \"w.example.com\": dial tcp 10.0.0.5:443: connect: "
            "connection refused");
}

TEST(KubeFailure, NamesTheCallThatDidNotAnswer) {
  auto result = failed("", 137);
  result.timed_out = true;
  result.timeout = std::chrono::seconds(5);
  result.command = "kubectl get pods";
  EXPECT_EQ(failure_message(result, "cannot list pods"),
            "kubectl did not answer within 5s: kubectl get pods");
}

TEST(KubeCallBound, IsTheRequestTimeoutAndAMargin) {
  EXPECT_EQ(call_bound("3s"), std::chrono::seconds(8));
  EXPECT_EQ(call_bound("1m30s"), std::chrono::seconds(95));
  EXPECT_EQ(call_bound("1.5h"), std::chrono::seconds(5405));
  EXPECT_EQ(call_bound("2"), std::chrono::seconds(7));  // whole seconds, as kubectl reads them
  EXPECT_EQ(call_bound("500ms"), std::chrono::seconds(6));
}

TEST(KubeCallBound, DefaultsWithoutAUsableRequestTimeout) {
  EXPECT_EQ(call_bound(std::nullopt), kDefaultCallBound);
  EXPECT_EQ(call_bound("0"), kDefaultCallBound);  // kubectl's "no timeout"
  EXPECT_EQ(call_bound("0s"), kDefaultCallBound);
  for (const char* malformed : {"", "soon", "3x", "s", "1.2.3s", "-3s"}) {
    EXPECT_EQ(call_bound(malformed), kDefaultCallBound) << malformed;
  }
}

constexpr const char* kMinifiedConfig = R"({
  "kind": "Config",
  "apiVersion": "v1",
  "preferences": {},
  "clusters": [{"name": "local", "cluster": {"server": "https://127.0.0.1:6443"}}],
  "users": [{"name": "team-a", "user": {"token": "REDACTED"}}],
  "contexts": [{"name": "team-a", "context": {"cluster": "local", "user": "team-a",
                "namespace": "team-a"}}],
  "current-context": "team-a"
})";

TEST(KubeTarget, ReadsContextServerAndNamespace) {
  const auto target = parse_target(kMinifiedConfig, {});
  EXPECT_EQ(target.context, "team-a");
  EXPECT_EQ(target.server, "https://127.0.0.1:6443");
  EXPECT_EQ(target.namespace_, "team-a");
}

TEST(KubeTarget, TheNamespaceFlagWins) {
  GlobalFlags flags;
  flags.namespace_ = "other";
  EXPECT_EQ(parse_target(kMinifiedConfig, flags).namespace_, "other");
}

TEST(KubeTarget, DefaultsTheNamespace) {
  const auto target = parse_target(
      R"({"clusters": [{"name": "c", "cluster": {"server": "https://x"}}],
          "contexts": [{"name": "admin", "context": {"cluster": "c", "user": "u"}}],
          "current-context": "admin"})",
      {});
  EXPECT_EQ(target.context, "admin");
  EXPECT_EQ(target.server, "https://x");
  EXPECT_EQ(target.namespace_, "default");
}

TEST(KubeTarget, RefusesAConfigWithoutCurrentContext) {
  try {
    parse_target(R"({"clusters": [], "contexts": [], "current-context": ""})", {});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "no current context in the kubeconfig: set one or pass --context");
  }
}

}  // namespace
}  // namespace gitops::kube
