// The app lock against an API answered from memory: taking it, refusing a live holder, taking
// over an expired one with a version guard, breaking it with a precondition, releasing it.

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "error_of.hpp"
#include "fake_api.hpp"
#include "manifest/json_parse.hpp"
#include "sync/lock.hpp"

namespace gitops::testing {
namespace {

using Lines = std::vector<std::string>;

constexpr const char* kLease =
    "/apis/coordination.k8s.io/v1/namespaces/records/leases/gitsync-shop";

std::string rfc3339_ago(std::chrono::seconds ago) {
  const std::time_t when = std::time(nullptr) - ago.count();
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000000Z", &utc);
  return text;
}

std::string lease_body(const std::string& holder, std::chrono::seconds renewed_ago) {
  const auto time = rfc3339_ago(renewed_ago);
  return R"({"metadata":{"name":"gitsync-shop","resourceVersion":"41"},"spec":{"holderIdentity":")" +
         holder + R"(","acquireTime":")" + time + R"(","renewTime":")" + time +
         R"(","leaseDurationSeconds":60}})";
}

TEST(AppLock, TakesAFreeLockAndReleasesIt) {
  FakeApi api;
  api.on("POST", "/apis/coordination.k8s.io/v1/namespaces/records/leases", 201);
  {
    auto lock = sync::AppLock::acquire(api, "records", "shop", "alice (pid 7)");
    const auto lease = manifest::parse_json(api.sent[0].body, "lease");
    EXPECT_EQ(lease["metadata"]["name"], "gitsync-shop");
    EXPECT_EQ(lease["spec"]["holderIdentity"], "alice (pid 7)");
    lock.renew();
  }
  EXPECT_EQ(api.lines(), (Lines{"POST /apis/coordination.k8s.io/v1/namespaces/records/leases",
                                std::string("PATCH ") + kLease, std::string("DELETE ") + kLease}));
  EXPECT_EQ(api.sent[1].content_type, "application/merge-patch+json");
}

TEST(AppLock, LiveHolderIsNamedAndNothingIsReplaced) {
  FakeApi api;
  api.on("POST", "/apis/", 409, status_body(409, "AlreadyExists", "leases already exists"));
  api.on("GET", kLease, 200, lease_body("bob (pid 9)", std::chrono::seconds(5)));
  const auto message =
      error_of([&] { sync::AppLock::acquire(api, "records", "shop", "alice (pid 7)"); });
  EXPECT_TRUE(message.starts_with("app 'shop' is being synced by 'bob (pid 9)' since ")) << message;
  EXPECT_EQ(api.sent.size(), 2u);
}

TEST(AppLock, ExpiredHolderIsTakenOverGuardedByItsVersion) {
  FakeApi api;
  api.on("POST", "/apis/", 409, status_body(409, "AlreadyExists", "leases already exists"));
  api.on("GET", kLease, 200, lease_body("bob (pid 9)", std::chrono::hours(1)));
  auto lock = sync::AppLock::acquire(api, "records", "shop", "alice (pid 7)");
  ASSERT_EQ(api.sent.size(), 3u);
  EXPECT_EQ(api.sent[2].method, "PUT");
  const auto replacement = manifest::parse_json(api.sent[2].body, "lease");
  EXPECT_EQ(replacement["metadata"]["resourceVersion"], "41");
  EXPECT_EQ(replacement["spec"]["holderIdentity"], "alice (pid 7)");
}

TEST(AppLock, BreakingDeletesOnlyTheVersionThatWasRead) {
  FakeApi api;
  api.on("GET", kLease, 200, lease_body("bob (pid 9)", std::chrono::seconds(5)));
  const auto holder = sync::AppLock::holder(api, "records", "shop");
  ASSERT_TRUE(holder);
  EXPECT_TRUE(holder->describe().starts_with("'bob (pid 9)' since ")) << holder->describe();
  sync::AppLock::break_lock(api, "records", "shop", *holder);
  ASSERT_EQ(api.sent.size(), 2u);
  EXPECT_EQ(api.sent[1].method, "DELETE");
  EXPECT_EQ(manifest::parse_json(api.sent[1].body, "options")["preconditions"]["resourceVersion"],
            "41");
}

TEST(AppLock, BreakingALockThatChangedHandsIsRefused) {
  FakeApi api;
  api.on("GET", kLease, 200, lease_body("bob (pid 9)", std::chrono::seconds(5)));
  api.on("DELETE", kLease, 409, status_body(409, "Conflict", "the ResourceVersion does not match"));
  const auto holder = sync::AppLock::holder(api, "records", "shop");
  EXPECT_TRUE(error_of([&] {
                sync::AppLock::break_lock(api, "records", "shop", *holder);
              }).starts_with("the lock of app 'shop' changed hands while breaking it"));
}

TEST(AppLock, NoLeaseMeansNotLocked) {
  FakeApi api;
  api.on("GET", kLease, 404, status_body(404, "NotFound", "not found"));
  EXPECT_FALSE(sync::AppLock::holder(api, "records", "shop"));
}

}  // namespace
}  // namespace gitops::testing
