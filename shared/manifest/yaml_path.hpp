#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/node/node.h>

namespace gitops::manifest {

// One step of a path into a document: a mapping key, or an index into a sequence.
struct PathStep {
  std::string key;
  std::optional<std::size_t> index;
};

// "spec.chart.spec.version", "image.tag", "spec.containers[0].image": keys separated by dots,
// [N] after a key for a sequence's item. Throws Error naming the path when malformed.
std::vector<PathStep> parse_value_path(const std::string& path);

// "spec.containers[0].image" again.
std::string format_value_path(const std::vector<PathStep>& path);

// The node at `path` in `document`, or nullopt when some step is missing.
std::optional<YAML::Node> node_at(const YAML::Node& document, const std::vector<PathStep>& path);

// The value of `key` in a mapping, or nullopt (never creates it, unlike yaml-cpp's operator[]).
std::optional<YAML::Node> value_of(const YAML::Node& mapping, const std::string& key);

// The key node of `key` in a mapping, for its mark.
std::optional<YAML::Node> key_node(const YAML::Node& mapping, const std::string& key);

}  // namespace gitops::manifest
