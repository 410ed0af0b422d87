#include "sync/history_entry.hpp"

namespace gitops::sync {

std::string to_string(SyncResult result) {
  switch (result) {
    case SyncResult::succeeded:
      return "succeeded";
    case SyncResult::failed:
      return "failed";
    case SyncResult::unhealthy:
      return "unhealthy";
  }
  return "failed";
}

std::string to_string(SyncKind kind) {
  switch (kind) {
    case SyncKind::sync:
      return "sync";
    case SyncKind::revert:
      return "revert";
    case SyncKind::cluster_only_rollback:
      return "cluster-only rollback";
    case SyncKind::rollback:
      return "rollback";
  }
  return "sync";
}

std::optional<SyncResult> parse_sync_result(std::string_view word) {
  for (const SyncResult result :
       {SyncResult::succeeded, SyncResult::failed, SyncResult::unhealthy}) {
    if (word == to_string(result))
      return result;
  }
  return std::nullopt;
}

std::optional<SyncKind> parse_sync_kind(std::string_view word) {
  for (const SyncKind kind :
       {SyncKind::sync, SyncKind::revert, SyncKind::cluster_only_rollback, SyncKind::rollback}) {
    if (word == to_string(kind))
      return kind;
  }
  return std::nullopt;
}

}  // namespace gitops::sync
