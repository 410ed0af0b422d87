#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "diff/change_set.hpp"
#include "diff/ignore_rules.hpp"
#include "diff/list_keys.hpp"
#include "manifest/object.hpp"

namespace gitops::diff {

struct CompareOptions {
  std::vector<IgnoreRule> ignore;
  // Fields this manager applied (managedFields, operation Apply) and git no longer declares are
  // removals: the next sync takes them away.
  std::string field_manager = "gitsync";
  // The before side is a revision (gitdiff A..B) rather than a live object: every field it has
  // was declared, so a field only it has is a removal.
  bool before_is_declared = false;
  // The merge keys the cluster's schema declares; lists it does not describe (or all, when null)
  // fall back to the built-in table of merge_keys.hpp.
  const ListKeys* list_keys = nullptr;
};

// The before side of a comparison: live objects (or revision A's), objects that could not be read,
// and the objects that should be deleted when git no longer declares them (the app's inventory, or
// every object of revision A).
struct BeforeState {
  std::map<ObjectId, Value> objects;
  std::map<ObjectId, std::string> unreadable;  // id -> reason
  std::set<ObjectId> deletable;
};

// Compares one object. `desired` or `before` may be null (create, delete); not both.
ObjectChange compare_object(const manifest::Object* desired, const Value* before,
                            const CompareOptions& options);

// Compares every desired object with its before state, adds deletions for deletable objects git
// no longer declares, and returns the change set in identity order.
ChangeSet compare(const std::vector<manifest::Object>& desired, const BeforeState& before,
                  const CompareOptions& options);

}  // namespace gitops::diff
