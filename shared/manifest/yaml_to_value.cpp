#include "manifest/yaml_to_value.hpp"

#include <unordered_set>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "manifest/parse_error.hpp"
#include "manifest/yaml_scalar.hpp"

namespace gitops::manifest {

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

// "tag:yaml.org,2002:int" -> "!!int", as users write it.
std::string short_tag(const std::string& tag) {
  return tag.starts_with(kCoreTagPrefix) ? "!!" + tag.substr(kCoreTagPrefix.size()) : tag;
}

bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
}

class Converter {
 public:
  Converter(const YAML::Node& document, const std::string& file)
      : file_(file), document_line_(line_of(document)) {}

  Value convert(const YAML::Node& node, int depth) {
    if (++nodes_ > kMaxDocumentNodes) {
      throw parse_error(file_, document_line_,
                        "document expands to more than " + std::to_string(kMaxDocumentNodes) +
                            " nodes: too many aliases (billion laughs?)");
    }
    if (depth > kMaxDocumentDepth) {
      throw parse_error(file_, document_line_,
                        "document nests deeper than " + std::to_string(kMaxDocumentDepth) +
                            " levels (an alias that contains itself?)");
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        return scalar(node);
      case YAML::NodeType::Sequence:
        return sequence(node, depth);
      case YAML::NodeType::Map:
        return mapping(node, depth);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        break;
    }
    return Value(nullptr);
  }

 private:
  Value scalar(const YAML::Node& node) {
    auto typed = type_scalar(node.Tag(), node.Scalar());
    if (!typed) {
      throw parse_error(file_, line_of(node),
                        gitops::quoted(node.Scalar()) + " is not a valid " + short_tag(node.Tag()));
    }
    return std::move(*typed);
  }

  Value sequence(const YAML::Node& node, int depth) {
    Value array = Value::array();
    for (const auto& item : node) {
      array.push_back(convert(item, depth + 1));
    }
    return array;
  }

  Value mapping(const YAML::Node& node, int depth) {
    Value object = Value::object();
    std::unordered_set<std::string> written_keys;  // merged keys may be overridden, not repeated
    for (const auto& pair : node) {
      if (is_merge_key(pair.first)) {
        merge(object, pair.second, depth);
        continue;
      }
      std::string key = key_text(pair.first);
      if (!written_keys.insert(key).second) {
        throw parse_error(file_, line_of(pair.first), "duplicate key " + gitops::quoted(key));
      }
      object[key] = convert(pair.second, depth + 1);
    }
    return object;
  }

  // As sigs.k8s.io/yaml: a key is typed like any scalar, then printed (on -> "true", 0x10 -> "16").
  std::string key_text(const YAML::Node& key) {
    if (!key.IsScalar()) {
      throw parse_error(file_, line_of(key),
                        key.IsNull() ? "a mapping key cannot be null"
                                     : "a mapping key must be a scalar, not a list or a mapping");
    }
    Value typed = scalar(key);
    if (typed.is_string()) {
      return typed.get<std::string>();
    }
    if (typed.is_null()) {
      throw parse_error(file_, line_of(key), "a mapping key cannot be null");
    }
    return typed.is_number_float() ? key.Scalar() : typed.dump();
  }

  // go-yaml v2's order: a merge writes over the keys before it, keys after it write over the
  // merge, and of a list of merged mappings the earlier ones win.
  void merge(Value& object, const YAML::Node& value, int depth) {
    std::vector<Value> sources;
    if (value.IsMap()) {
      sources.push_back(convert(value, depth + 1));
    } else if (value.IsSequence()) {
      for (const auto& item : value) {
        if (!item.IsMap()) {
          throw parse_error(file_, line_of(item), "a merge key ('<<') takes mappings only");
        }
        sources.push_back(convert(item, depth + 1));
      }
    } else {
      throw parse_error(file_, line_of(value), "a merge key ('<<') takes mappings only");
    }
    for (auto source = sources.rbegin(); source != sources.rend(); ++source) {
      object.update(*source);
    }
  }

  const std::string& file_;
  int document_line_;
  std::size_t nodes_ = 0;
};

}  // namespace

int line_of(const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

Value yaml_to_value(const YAML::Node& document, const std::string& file) {
  return Converter(document, file).convert(document, 0);
}

}  // namespace gitops::manifest
