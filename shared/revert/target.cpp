#include "revert/target.hpp"

#include <vector>

#include "error.hpp"

namespace gitops::revert {

namespace {

// Successful syncs, newest first, one per revision.
std::vector<const sync::SyncRecord*> distinct_revisions(const sync::AppRecord& record) {
  std::vector<const sync::SyncRecord*> revisions;
  for (const auto& entry : record.history) {
    if (entry.result != sync::SyncResult::succeeded)
      continue;
    bool seen = false;
    for (const auto* known : revisions)
      seen = seen || known->commit == entry.commit;
    if (!seen)
      revisions.push_back(&entry);
  }
  return revisions;
}

}  // namespace

const sync::SyncRecord* live_record(const sync::AppRecord& record) {
  if (record.pin) {
    for (const auto& entry : record.history) {
      if (entry.commit == record.pin->commit && entry.result == sync::SyncResult::succeeded)
        return &entry;
    }
  }
  return record.current();
}

const sync::SyncRecord& rollback_target(const sync::AppRecord& record,
                                        const std::optional<std::string>& to,
                                        std::optional<int> steps) {
  auto revisions = distinct_revisions(record);
  if (revisions.empty()) {
    throw Error("app " + quoted(record.name) + " has no successful sync to roll back to");
  }
  if (to) {
    for (const auto* entry : revisions) {
      if (entry->commit == *to)
        return *entry;
    }
    throw Error("revision " + to->substr(0, 7) + " is not in the sync history of app " +
                quoted(record.name) + " (see kubectl gitrevert --list --app " + record.name + ")");
  }
  // Count from the live revision, which a pin may have moved back already.
  const auto* live = live_record(record);
  std::size_t start = 0;
  while (start < revisions.size() && live && revisions[start]->commit != live->commit)
    ++start;
  const int back = steps.value_or(1);
  if (back < 1)
    throw Error("--steps takes a number of revisions of at least 1");
  if (start + back >= revisions.size()) {
    throw Error("app " + quoted(record.name) + " has only " +
                std::to_string(revisions.size() - start - 1) +
                " earlier synced revision(s); cannot go back " + std::to_string(back));
  }
  return *revisions[start + back];
}

}  // namespace gitops::revert
