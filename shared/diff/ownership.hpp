#pragma once

#include <string>
#include <vector>

#include "manifest/value.hpp"

namespace gitops::diff {

using manifest::Value;

// The fields a field manager applied to a live object, as one fieldsV1 tree merged from its
// metadata.managedFields entries with operation Apply: {"f:spec": {"f:replicas": {}}}. A field
// that this tree holds and git no longer declares is a change: the next apply removes it.
Value owned_fields(const Value& live, const std::string& manager);

// The subtree for map key `key` ("f:key"), or nullptr.
const Value* owned_key(const Value* owned, const std::string& key);

// The list elements the tree holds by key ("k:{\"name\":\"web\"}"): each element's key fields and
// its subtree.
struct OwnedElement {
  Value keys;
  const Value* fields;
};
std::vector<OwnedElement> owned_elements(const Value* owned);

// Whether `element` carries every key field with the values in `keys`.
bool matches_keys(const Value& element, const Value& keys);

}  // namespace gitops::diff
