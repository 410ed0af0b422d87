#include "manifest/yaml_path.hpp"

#include <yaml-cpp/yaml.h>

#include "error.hpp"

namespace gitops::manifest {
namespace {

[[noreturn]] void malformed(const std::string& path, const std::string& why) {
  throw Error("invalid value path " + quoted(path) + ": " + why +
              " (write keys separated by dots, e.g. spec.chart.spec.version or "
              "containers[0].image)");
}

// "containers[0]" -> key "containers" and index 0.
void append_step(const std::string& path, std::string segment, std::vector<PathStep>& steps) {
  std::optional<std::size_t> index;
  const std::size_t open = segment.find('[');
  if (open != std::string::npos) {
    if (!segment.ends_with(']') || open + 2 >= segment.size()) {
      malformed(path, "unbalanced [ ]");
    }
    const std::string digits = segment.substr(open + 1, segment.size() - open - 2);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) {
      malformed(path, quoted(digits) + " is not an index");
    }
    index = std::stoul(digits);
    segment.erase(open);
  }
  if (!segment.empty()) {
    steps.push_back(PathStep{segment, std::nullopt});
  } else if (!index || steps.empty()) {
    malformed(path, "empty key");
  }
  if (index) {
    steps.push_back(PathStep{"", index});
  }
}

}  // namespace

std::vector<PathStep> parse_value_path(const std::string& path) {
  if (path.empty()) {
    malformed(path, "empty path");
  }
  std::vector<PathStep> steps;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    append_step(path, path.substr(start, dot - start), steps);
    if (dot == std::string::npos) {
      return steps;
    }
    start = dot + 1;
  }
}

std::string format_value_path(const std::vector<PathStep>& path) {
  std::string text;
  for (const PathStep& step : path) {
    if (step.index) {
      text += "[" + std::to_string(*step.index) + "]";
    } else {
      text += (text.empty() ? "" : ".") + step.key;
    }
  }
  return text;
}

std::optional<YAML::Node> value_of(const YAML::Node& mapping, const std::string& key) {
  if (!mapping.IsMap()) {
    return std::nullopt;
  }
  for (const auto& pair : mapping) {
    if (pair.first.IsScalar() && pair.first.Scalar() == key) {
      return pair.second;
    }
  }
  return std::nullopt;
}

std::optional<YAML::Node> key_node(const YAML::Node& mapping, const std::string& key) {
  if (!mapping.IsMap()) {
    return std::nullopt;
  }
  for (const auto& pair : mapping) {
    if (pair.first.IsScalar() && pair.first.Scalar() == key) {
      return pair.first;
    }
  }
  return std::nullopt;
}

std::optional<YAML::Node> node_at(const YAML::Node& document, const std::vector<PathStep>& path) {
  // Nodes are copied into optionals, never assigned: yaml-cpp's assignment rewrites the node
  // assigned to.
  std::optional<YAML::Node> current(document);
  for (const PathStep& step : path) {
    if (step.index) {
      if (!current->IsSequence() || *step.index >= current->size()) {
        return std::nullopt;
      }
      const YAML::Node& sequence = *current;
      YAML::Node item = sequence[*step.index];
      current.emplace(item);
    } else {
      auto next = value_of(*current, step.key);
      if (!next) {
        return std::nullopt;
      }
      current.emplace(*next);
    }
  }
  return current;
}

}  // namespace gitops::manifest
