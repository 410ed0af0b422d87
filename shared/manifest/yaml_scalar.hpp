#pragma once

#include <optional>
#include <string_view>

#include "manifest/value.hpp"

namespace gitops::manifest {

// Types one scalar the way sigs.k8s.io/yaml does (go-yaml v2's resolve.go, YAML 1.1 rules), so that
// equal manifests compare equal to what the API server stores.
// `tag` is yaml-cpp's: "?" for a plain scalar, typed by its text (yes/on -> true, 0123 -> 83,
// 1.10 -> 1.1, ~ -> null ...); "!" for a quoted or block scalar, always a string; or an explicit
// tag such as "tag:yaml.org,2002:int". Unknown tags leave the text a string, as go-yaml does.
// Returns nullopt when the text does not fit its explicit tag (`!!int abc`).
std::optional<Value> type_scalar(std::string_view tag, std::string_view text);

}  // namespace gitops::manifest
