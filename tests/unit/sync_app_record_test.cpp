// The app record's history entries through the ConfigMap and back: each result and kind keeps its
// stored word (records already in clusters must still load), and a word it does not know is
// refused.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_of.hpp"
#include "sync/app_record.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::sync;

SyncRecord entry(SyncResult result, SyncKind kind) {
  SyncRecord record;
  record.commit = "0123456789abcdef0123456789abcdef01234567";
  record.subject = "bump web";
  record.result = result;
  record.kind = kind;
  record.message = result == SyncResult::failed ? "Deployment/web: invalid" : "";
  return record;
}

AppRecord app_with(const std::vector<SyncRecord>& history) {
  AppRecord app;
  app.name = "web";
  app.history = history;
  return app;
}

// The record with its history.json replaced by `history`.
Value stored_with_history(const std::string& history) {
  Value config_map = to_config_map(app_with({}));
  config_map["data"]["history.json"] = history;
  return config_map;
}

TEST(AppRecordHistory, EachResultAndKindRoundTripsWithItsStoredWord) {
  const std::vector<SyncRecord> history = {
      entry(SyncResult::succeeded, SyncKind::sync),
      entry(SyncResult::failed, SyncKind::sync),
      entry(SyncResult::succeeded, SyncKind::revert),
      entry(SyncResult::failed, SyncKind::cluster_only_rollback),
      entry(SyncResult::unhealthy, SyncKind::sync),
      entry(SyncResult::succeeded, SyncKind::rollback),
  };
  const Value config_map = to_config_map(app_with(history));

  const Value stored = Value::parse(config_map["data"]["history.json"].get<std::string>());
  ASSERT_EQ(stored.size(), history.size());
  const std::vector<std::pair<std::string, std::string>> words = {
      {"succeeded", "sync"},   {"failed", "sync"},
      {"succeeded", "revert"}, {"failed", "cluster-only rollback"},
      {"unhealthy", "sync"},   {"succeeded", "rollback"},
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(stored[i]["result"], words[i].first) << i;
    EXPECT_EQ(stored[i]["kind"], words[i].second) << i;
  }

  const AppRecord loaded = from_config_map(config_map);
  ASSERT_EQ(loaded.history.size(), history.size());
  for (std::size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(loaded.history[i].result, history[i].result) << i;
    EXPECT_EQ(loaded.history[i].kind, history[i].kind) << i;
    EXPECT_EQ(loaded.history[i].message, history[i].message) << i;
  }
  EXPECT_EQ(loaded.current(), &loaded.history[0]);
}

TEST(AppRecordHistory, AnEntryWithoutAKindIsASync) {
  const AppRecord loaded = from_config_map(
      stored_with_history(R"([{"commit":"0123456","result":"succeeded","message":""}])"));
  ASSERT_EQ(loaded.history.size(), 1u);
  EXPECT_EQ(loaded.history[0].kind, SyncKind::sync);
  EXPECT_EQ(loaded.history[0].result, SyncResult::succeeded);
}

TEST(AppRecordHistory, AnUnknownResultIsRefusedNamingTheRecordAndTheWord) {
  EXPECT_EQ(error_of([] {
              from_config_map(stored_with_history(R"([{"result":"partial","kind":"sync"}])"));
            }),
            "the app record 'gitsync-web' is damaged: its history holds the unknown result "
            "'partial'");
}

TEST(AppRecordHistory, AnUnknownKindIsRefusedNamingTheRecordAndTheWord) {
  EXPECT_EQ(error_of([] {
              from_config_map(stored_with_history(R"([{"result":"failed","kind":"hotfix"}])"));
            }),
            "the app record 'gitsync-web' is damaged: its history holds the unknown kind "
            "'hotfix'");
}

TEST(AppRecordHistory, TheWordsAreTheOnesTheHistoryShows) {
  EXPECT_EQ(to_string(SyncResult::succeeded), "succeeded");
  EXPECT_EQ(to_string(SyncResult::failed), "failed");
  EXPECT_EQ(to_string(SyncResult::unhealthy), "unhealthy");
  EXPECT_EQ(to_string(SyncKind::sync), "sync");
  EXPECT_EQ(to_string(SyncKind::revert), "revert");
  EXPECT_EQ(to_string(SyncKind::cluster_only_rollback), "cluster-only rollback");
  EXPECT_EQ(parse_sync_kind("cluster-only rollback"), SyncKind::cluster_only_rollback);
  EXPECT_EQ(to_string(SyncKind::rollback), "rollback");
  EXPECT_EQ(parse_sync_kind("rollback"), SyncKind::rollback);
  EXPECT_EQ(parse_sync_result("Succeeded"), std::nullopt);
}

}  // namespace
