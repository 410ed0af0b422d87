#pragma once

#include <string>
#include <vector>

#include "manifest/value.hpp"

namespace gitops::diff {

using manifest::Value;

// The fields that identify an element of a list of objects (a list-map in OpenAPI terms:
// x-kubernetes-list-map-keys), so that lists are compared element by element whatever their order.
// Built in for the core kinds' lists, keyed by the field's name; empty for an atomic list.
std::vector<std::string> merge_keys_for(const std::string& field, const Value& desired_list);

// The selector naming one element by its keys, as printed in paths: "name=web",
// "containerPort=80,protocol=TCP". Missing keys take their API defaults (protocol TCP).
std::string element_selector(const std::vector<std::string>& keys, const Value& element);

}  // namespace gitops::diff
