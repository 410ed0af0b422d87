#pragma once

#include <string>
#include <vector>

namespace gitops::diff {

// One step of a field path: a map key, or a list element named by its merge key ("name=web") or
// by its index ("0").
struct PathStep {
  enum class Type { key, element } type = Type::key;
  std::string text;

  bool operator==(const PathStep&) const = default;
};

// A path into an object, printed as users write it in --ignore rules and read it in reports:
// spec.template.spec.containers[name=web].image, metadata.labels["app.kubernetes.io/name"].
class FieldPath {
 public:
  FieldPath() = default;

  FieldPath key(const std::string& name) const;
  FieldPath element(const std::string& selector) const;

  const std::vector<PathStep>& steps() const { return steps_; }
  // The key this path ends in, or its nearest key when it ends in a list element; "" at the root.
  const std::string& last_key() const;
  // The key before last_key() ("limits" in resources.limits.cpu).
  const std::string& parent_key() const;

  std::string to_string() const;
  // The path as a schema names it, every list element "[]": "spec.containers[].ports" (ListKeys).
  std::string schema_path() const;

  // Parses the printed form (for --ignore rules); "[*]" selects every element. Throws Error on
  // a malformed path.
  static FieldPath parse(const std::string& text);

 private:
  std::vector<PathStep> steps_;
};

}  // namespace gitops::diff
