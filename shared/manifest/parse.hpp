#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "manifest/object.hpp"

namespace gitops::manifest {

// Parses a YAML (or JSON) stream of one or more documents into objects.
// - Scalars are typed as sigs.k8s.io/yaml types them (YAML 1.1: unquoted yes/no/on/off are
//   booleans, 0123 is octal, ~ and null are null); quoted scalars are always strings.
// - A document with neither apiVersion nor kind is not a manifest and is skipped; a document with
//   only one of them is an error. `kind: List` (any *List with items) is expanded into its items.
// - Duplicate keys, unterminated quotes and alias bombs are errors.
// Errors are Error("cannot parse 'FILE' at line N: REASON"), line 1-based.
std::vector<Object> parse_manifests(std::string_view text, const std::string& file);

// Every document of a YAML stream as a Value, with parse_manifests' checks but none of its rules
// about manifests (what a file that may hold a Secret is read with, to mask it).
std::vector<Value> parse_yaml_documents(std::string_view text, const std::string& file);

}  // namespace gitops::manifest
