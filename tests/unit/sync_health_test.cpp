// The health rules gitsync --wait applies to each live object.

#include "sync/health.hpp"

#include <gtest/gtest.h>

namespace gitops::testing {
namespace {

using manifest::Value;
using sync::assess_health;
using sync::HealthState;

Value parse(const char* json) {
  return Value::parse(json);
}

HealthState state_of(const char* json) {
  return assess_health(parse(json)).state;
}

TEST(Health, ObjectBeingDeletedIsTerminating) {
  EXPECT_EQ(state_of(R"({"apiVersion":"v1","kind":"ConfigMap",
                         "metadata":{"name":"a","deletionTimestamp":"2026-01-01T00:00:00Z"}})"),
            HealthState::terminating);
}

TEST(Health, UnobservedGenerationIsInProgress) {
  const auto health = assess_health(parse(R"({"apiVersion":"example.com/v1","kind":"Widget",
      "metadata":{"generation":3},"status":{"observedGeneration":2}})"));
  EXPECT_EQ(health.state, HealthState::in_progress);
  EXPECT_EQ(health.reason, "generation 3 not observed yet (observed 2)");
}

TEST(Health, StalledIsFailedAndReconcilingInProgress) {
  EXPECT_EQ(state_of(R"({"apiVersion":"example.com/v1","kind":"Widget","status":{"conditions":[
      {"type":"Stalled","status":"True","reason":"Broken","message":"no quota"}]}})"),
            HealthState::failed);
  EXPECT_EQ(state_of(R"({"apiVersion":"example.com/v1","kind":"Widget","status":{"conditions":[
      {"type":"Reconciling","status":"True"}]}})"),
            HealthState::in_progress);
}

TEST(Health, ReadyConditionDecidesForOtherKinds) {
  EXPECT_EQ(state_of(R"({"apiVersion":"example.com/v1","kind":"Widget","status":{"conditions":[
      {"type":"Ready","status":"True"}]}})"),
            HealthState::current);
  const auto waiting = assess_health(parse(R"({"apiVersion":"example.com/v1","kind":"Widget",
      "status":{"conditions":[{"type":"Ready","status":"False","reason":"Pending"}]}})"));
  EXPECT_EQ(waiting.state, HealthState::in_progress);
  EXPECT_EQ(waiting.reason, "Ready is False: Pending");
  EXPECT_EQ(state_of(R"({"apiVersion":"v1","kind":"ConfigMap","data":{}})"), HealthState::current);
}

TEST(Health, DeploymentFollowsRolloutStatus) {
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"generation":2},"spec":{"replicas":3},
      "status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":3}})"),
            HealthState::current);
  const auto rolling = assess_health(parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"generation":2},"spec":{"replicas":3},
      "status":{"observedGeneration":2,"replicas":4,"updatedReplicas":3,"availableReplicas":3}})"));
  EXPECT_EQ(rolling,
            (sync::Health{HealthState::in_progress, "1 old replicas pending termination"}));
  const auto unavailable = assess_health(parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"generation":1},"spec":{"replicas":2},
      "status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,"availableReplicas":1}})"));
  EXPECT_EQ(unavailable.reason, "1 of 2 updated replicas available");
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":1}})"),
            HealthState::in_progress)
      << "a Deployment no controller has observed yet";
}

TEST(Health, DeploymentPastItsProgressDeadlineIsFailed) {
  const auto health = assess_health(parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"generation":1},"status":{"observedGeneration":1,"conditions":[
      {"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
       "message":"ReplicaSet \"web-1\" has timed out progressing."}]}})"));
  EXPECT_EQ(health.state, HealthState::failed);
  EXPECT_EQ(health.reason,
            "progress deadline exceeded: ReplicaSet \"web-1\" has timed out progressing.");
}

TEST(Health, StatefulSetWaitsForReadyReplicasAndTheNewRevision) {
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"replicas":2},
      "status":{"observedGeneration":1,"readyReplicas":2,"currentRevision":"a",
                "updateRevision":"b"}})"),
            HealthState::in_progress);
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"replicas":2},
      "status":{"observedGeneration":1,"readyReplicas":2,"currentRevision":"b",
                "updateRevision":"b"}})"),
            HealthState::current);
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"replicas":2},
      "status":{"observedGeneration":1,"readyReplicas":1}})"),
            HealthState::in_progress);
}

TEST(Health, DaemonSetWaitsUntilEveryScheduledPodIsUpdatedAndAvailable) {
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"DaemonSet","status":{
      "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,
      "numberAvailable":2}})"),
            HealthState::in_progress);
  EXPECT_EQ(state_of(R"({"apiVersion":"apps/v1","kind":"DaemonSet","status":{
      "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,
      "numberAvailable":3}})"),
            HealthState::current);
}

TEST(Health, JobIsCurrentOnceCompleteAndFailedWhenItFailed) {
  EXPECT_EQ(state_of(R"({"apiVersion":"batch/v1","kind":"Job","status":{"conditions":[
      {"type":"Complete","status":"True"}]}})"),
            HealthState::current);
  EXPECT_EQ(state_of(R"({"apiVersion":"batch/v1","kind":"Job","status":{"active":1}})"),
            HealthState::in_progress);
  const auto failed = assess_health(parse(R"({"apiVersion":"batch/v1","kind":"Job","status":{
      "conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded",
      "message":"Job has reached the specified backoff limit"}]}})"));
  EXPECT_EQ(failed.state, HealthState::failed);
  EXPECT_EQ(failed.reason,
            "job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
}

TEST(Health, PodIsReadyOrCrashLoopingAndTheFailureNamesContainerAndExitCode) {
  EXPECT_EQ(state_of(R"({"apiVersion":"v1","kind":"Pod","status":{"phase":"Running",
      "conditions":[{"type":"Ready","status":"True"}]}})"),
            HealthState::current);
  EXPECT_EQ(state_of(R"({"apiVersion":"v1","kind":"Pod","status":{"phase":"Pending"}})"),
            HealthState::in_progress);
  const auto crashing = assess_health(parse(R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"web-7d9c"},"status":{"phase":"Running","containerStatuses":[
      {"name":"web","state":{"waiting":{"reason":"CrashLoopBackOff"}},
       "lastState":{"terminated":{"exitCode":1}}}]}})"));
  EXPECT_EQ(crashing, (sync::Health{HealthState::failed,
                                    "pod web-7d9c container web CrashLoopBackOff (exit 1)"}));
}

TEST(Health, FailedPodNamesTheContainerThatExited) {
  const auto pod = parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"smoke-x"},
      "status":{"phase":"Failed","containerStatuses":[
      {"name":"test","state":{"terminated":{"exitCode":1}}}]}})");
  EXPECT_EQ(sync::pod_failure(pod), "pod smoke-x container test failed (exit 1)");
  EXPECT_EQ(sync::pod_failure(parse(R"({"kind":"Pod","status":{"phase":"Running"}})")),
            std::nullopt);
}

TEST(Health, ClaimIsCurrentWhenBound) {
  EXPECT_EQ(state_of(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
      "status":{"phase":"Bound"}})"),
            HealthState::current);
  EXPECT_EQ(state_of(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
      "status":{"phase":"Pending"}})"),
            HealthState::in_progress);
}

TEST(Health, CrdMustBeEstablishedAndApiServiceAvailable) {
  EXPECT_EQ(state_of(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "status":{"conditions":[{"type":"Established","status":"True"}]}})"),
            HealthState::current);
  EXPECT_EQ(state_of(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "status":{"conditions":[{"type":"NamesAccepted","status":"False","reason":"Conflict"}]}})"),
            HealthState::failed);
  EXPECT_EQ(state_of(R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
      "status":{"conditions":[{"type":"Available","status":"False","reason":"Missing"}]}})"),
            HealthState::in_progress);
  EXPECT_EQ(state_of(R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
      "status":{"conditions":[{"type":"Available","status":"True"}]}})"),
            HealthState::current);
}

}  // namespace
}  // namespace gitops::testing
