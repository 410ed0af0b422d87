// --policy's dry run against an API answered from memory: what is sent (a server-side apply with
// dryRun=All, only for what a sync would write) and how each answer reads (the policy, webhook or
// server that refused it, and its message; a missing right is one error; a Secret's values never
// show).

#include <gtest/gtest.h>

#include "diff/present_policy.hpp"
#include "diff/secret_data.hpp"
#include "error_of.hpp"
#include "fake_api.hpp"
#include "manifest/parse.hpp"
#include "pipeline/admission_check.hpp"
#include "served_kinds.hpp"
#include "util/base64.hpp"

namespace gitops::testing {
namespace {

using Lines = std::vector<std::string>;

// A plan with one object per action: web is created, config updated, old deleted, same unchanged.
pipeline::Plan plan_of(const std::string& manifests) {
  pipeline::Plan plan;
  plan.desired = manifest::parse_manifests(manifests, "envs/prod/app.yaml");
  plan.discovery = served_kinds();
  for (const auto& object : plan.desired) {
    diff::ObjectChange change;
    change.id = object.id;
    change.api_version = object.api_version;
    change.action = object.id.name == "same" ? diff::Action::unchanged : diff::Action::update;
    if (object.id.name == "web")
      change.action = diff::Action::create;
    plan.report.changes.objects.push_back(change);
  }
  diff::ObjectChange removed;
  removed.id = {"", "ConfigMap", "shop", "old"};
  removed.api_version = "v1";
  removed.action = diff::Action::remove;
  plan.report.changes.objects.push_back(removed);
  return plan;
}

const char* kApp =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n---\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: shop}\n---\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same, namespace: shop}\n";

const char* kPolicyDenial =
    "deployments.apps \\\"web\\\" is forbidden: ValidatingAdmissionPolicy "
    "'gitops-pinned-images' with binding 'pinned-in-shop' denied request: images need a tag "
    "other than latest, or a digest: web (nginx:latest)";

TEST(AdmissionCheck, DryRunsOnlyWhatASyncWouldCreateOrUpdate) {
  FakeApi api;
  const auto plan = plan_of(kApp);
  const auto check = pipeline::check_admission(api, plan, "gitsync");
  EXPECT_EQ(api.lines(), (Lines{"PATCH /apis/apps/v1/namespaces/shop/deployments/"
                                "web?fieldManager=gitsync&force=true&dryRun=All",
                                "PATCH /api/v1/namespaces/shop/configmaps/"
                                "config?fieldManager=gitsync&force=true&dryRun=All"}));
  EXPECT_EQ(api.sent[0].content_type, "application/apply-patch+yaml");
  EXPECT_EQ(check.checked, 2);
  EXPECT_TRUE(check.passed());
}

TEST(AdmissionCheck, NamesThePolicyItsBindingAndItsMessage) {
  FakeApi api;
  api.on("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", 422,
         status_body(422, "Invalid", kPolicyDenial));
  const auto check = pipeline::check_admission(api, plan_of(kApp), "gitsync");
  ASSERT_EQ(check.denied.size(), 1u);
  const auto& denial = check.denied[0];
  EXPECT_EQ(denial.id.to_string(), "apps/Deployment shop/web");
  EXPECT_EQ(denial.by, "ValidatingAdmissionPolicy");
  EXPECT_EQ(denial.policy, "gitops-pinned-images");
  EXPECT_EQ(denial.binding, "pinned-in-shop");
  EXPECT_EQ(denial.message, "images need a tag other than latest, or a digest: web (nginx:latest)");
  EXPECT_EQ(denial.source, "envs/prod/app.yaml:1");
  EXPECT_EQ(diff::denial_line(denial),
            "denied apps/v1 Deployment shop/web (envs/prod/app.yaml:1) by "
            "ValidatingAdmissionPolicy 'gitops-pinned-images' (binding 'pinned-in-shop'): images "
            "need a tag other than latest, or a digest: web (nginx:latest)");
  EXPECT_EQ(diff::policy_summary_line(check), "policy: 2 checked, 1 denied");
}

TEST(AdmissionCheck, NamesTheWebhookThatDenied) {
  FakeApi api;
  api.on("PATCH", "/api/v1/namespaces/shop/configmaps/config", 400,
         status_body(400, "BadRequest",
                     "admission webhook \\\"deny.example.com\\\" denied the request: no "
                     "config on Fridays"));
  const auto check = pipeline::check_admission(api, plan_of(kApp), "gitsync");
  ASSERT_EQ(check.denied.size(), 1u);
  EXPECT_EQ(check.denied[0].by, "webhook");
  EXPECT_EQ(check.denied[0].policy, "deny.example.com");
  EXPECT_EQ(check.denied[0].message, "no config on Fridays");
}

TEST(AdmissionCheck, WhatTheServerItselfRefusesIsDeniedByTheServer) {
  FakeApi api;
  api.on("PATCH", "/api/v1/namespaces/shop/configmaps/config", 422,
         status_body(422, "Invalid", "ConfigMap \\\"config\\\" is invalid: data[bad key]"));
  const auto check = pipeline::check_admission(api, plan_of(kApp), "gitsync");
  ASSERT_EQ(check.denied.size(), 1u);
  EXPECT_EQ(check.denied[0].by, "server");
  EXPECT_EQ(diff::denial_line(check.denied[0]),
            "denied v1 ConfigMap shop/config (envs/prod/app.yaml:5) by the API server: ConfigMap "
            "\"config\" is invalid: data[bad key]");
}

TEST(AdmissionCheck, AnObjectWhoseNamespaceIsNotThereYetIsSkippedNotDenied) {
  FakeApi api;
  api.on("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", 404,
         status_body(404, "NotFound", "namespaces \\\"shop\\\" not found"));
  const auto check = pipeline::check_admission(api, plan_of(kApp), "gitsync");
  EXPECT_TRUE(check.passed());
  EXPECT_EQ(check.checked, 1);
  ASSERT_EQ(check.skipped.size(), 1u);
  EXPECT_EQ(diff::skipped_line(check.skipped[0]),
            "not checked apps/v1 Deployment shop/web (envs/prod/app.yaml:1): namespaces \"shop\" "
            "not found");
  EXPECT_EQ(diff::policy_summary_line(check), "policy: 1 checked, 0 denied, 1 not checked");
}

TEST(AdmissionCheck, AnUnknownKindIsSkippedWithoutARequest) {
  FakeApi api;
  const auto check = pipeline::check_admission(
      api, plan_of("apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w}\n"), "gitsync");
  EXPECT_TRUE(api.sent.empty());
  ASSERT_EQ(check.skipped.size(), 1u);
  EXPECT_EQ(check.skipped[0].id.kind, "Widget");
}

TEST(AdmissionCheck, MissingRightsAreOneErrorNamingTheObject) {
  FakeApi api;
  api.on("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", 403,
         status_body(403, "Forbidden",
                     "deployments.apps \\\"web\\\" is forbidden: User \\\"viewer\\\" cannot "
                     "patch resource \\\"deployments\\\" in API group \\\"apps\\\""));
  const auto message = error_of([&] { pipeline::check_admission(api, plan_of(kApp), "gitsync"); });
  EXPECT_NE(message.find("cannot check apps/Deployment shop/web against the cluster's admission"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("needs the rights to patch it"), std::string::npos) << message;
}

TEST(AdmissionCheck, APolicysMessageNeverShowsASecretsValues) {
  FakeApi api;
  // "hunter2" is aHVudGVyMg== in base64; the policy echoes both.
  api.on("PATCH", "/api/v1/namespaces/shop/secrets/db", 422,
         status_body(422, "Invalid",
                     "ValidatingAdmissionPolicy 'no-weak' denied request: weak password "
                     "hunter2 (aHVudGVyMg==) and token s3cr3t"));
  auto plan = plan_of(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\n"
      "data: {password: aHVudGVyMg==}\nstringData: {token: s3cr3t}\n");
  plan.discovery.add({"", "v1", "Secret", "secrets", true, {}});
  const auto check = pipeline::check_admission(api, plan, "gitsync");
  ASSERT_EQ(check.denied.size(), 1u);
  EXPECT_EQ(check.denied[0].message, "weak password *** (***) and token ***");
}

TEST(AdmissionCheck, DeniedErrorCountsTheObjects) {
  diff::PolicyCheck check;
  check.denied.resize(2);
  EXPECT_EQ(pipeline::denied_error(check, "nothing was committed").what(),
            std::string("2 objects denied by the cluster's admission (--policy); nothing was "
                        "committed"));
}

TEST(SecretData, Base64DecodeReadsWhatEncodeWrites) {
  for (const std::string& text :
       std::vector<std::string>{"", "a", "ab", "abc", "hunter2", std::string("\0\xff", 2)})
    EXPECT_EQ(util::base64_decode(util::base64_encode(text)), text);
  EXPECT_EQ(util::base64_decode("not base64!"), std::nullopt);
}

}  // namespace
}  // namespace gitops::testing
