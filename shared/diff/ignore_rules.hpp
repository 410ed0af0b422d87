#pragma once

#include <string>
#include <vector>

#include "diff/field_path.hpp"
#include "manifest/object.hpp"

namespace gitops::diff {

// A field left out of the comparison: "Deployment:spec.replicas" (objects an autoscaler owns),
// "apps/Deployment:spec.template.spec.containers[*].image", "*:metadata.labels[\"team\"]".
struct IgnoreRule {
  std::string kind;  // "Deployment", "apps/Deployment" or "*"
  FieldPath path;
  std::string text;  // as written, for messages
};

// Parses one rule; throws Error naming the rule when it is malformed.
IgnoreRule parse_ignore_rule(const std::string& text);

// Parses a rules file (.gitdiffignore): one rule a line, '#' starts a comment. Errors name the
// file and line.
std::vector<IgnoreRule> parse_ignore_file(const std::string& content, const std::string& file);

// Whether `path` of the object is at or below a field some rule ignores.
bool is_ignored(const std::vector<IgnoreRule>& rules, const manifest::ObjectId& id,
                const FieldPath& path);

}  // namespace gitops::diff
