#include "sync/recorded_inventory.hpp"

#include "error.hpp"
#include "sync/present_sync.hpp"
#include "sync/record_store.hpp"

namespace gitops::sync {

RecordedInventory recorded_inventory(kube::ApiClient& api, const std::string& record_namespace,
                                     const std::string& app) {
  RecordedInventory inventory;
  std::optional<AppRecord> record;
  try {
    record = load_record(api, record_namespace, app);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::forbidden)
      throw;
    inventory.notes.push_back(std::string("deletions are not shown: ") + error.what());
    return inventory;
  }
  if (!record)
    return inventory;
  if (record->pin) {
    inventory.notes.push_back(
        "app " + app + " is PINNED " + describe_pin(*record) +
        " (the cluster was rolled back on purpose with gitrevert --cluster-only)");
  }
  for (const auto& member : record->objects)
    inventory.ids.insert(member.id);
  return inventory;
}

}  // namespace gitops::sync
