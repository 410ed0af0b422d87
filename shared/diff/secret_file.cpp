#include "diff/secret_file.hpp"

#include <cctype>
#include <exception>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "diff/pair_by_name.hpp"
#include "diff/secret_data.hpp"
#include "diff/secret_generator.hpp"
#include "manifest/parse.hpp"
#include "manifest/render.hpp"
#include "manifest/yaml_emit.hpp"

namespace gitops::diff {
namespace {

constexpr std::string_view kHiddenNote =
    "# values hidden: this file names a Secret that cannot be masked key by key\n";

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Whether text names kind Secret the way YAML or JSON write it: `kind: Secret`, `"kind":"Secret"`,
// `{kind: 'Secret'}`, `\"kind\": \"Secret\"`; not ExternalSecret or SecretStore.
bool names_secret_kind(std::string_view text) {
  constexpr std::string_view kKind = "kind";
  constexpr std::string_view kSecret = "Secret";
  for (std::size_t at = text.find(kKind); at != std::string_view::npos;
       at = text.find(kKind, at + 1)) {
    if (at > 0 && is_word(text[at - 1])) {
      continue;
    }
    std::size_t i = at + kKind.size();
    auto skip = [&](std::string_view chars) {
      while (i < text.size() && chars.find(text[i]) != std::string_view::npos) {
        ++i;
      }
    };
    skip("\\\"' \t");
    if (i >= text.size() || text[i] != ':') {
      continue;
    }
    ++i;
    skip("\\\"' \t\r\n");
    if (text.substr(i, kSecret.size()) == kSecret &&
        (i + kSecret.size() == text.size() || !is_word(text[i + kSecret.size()]))) {
      return true;
    }
  }
  return false;
}

bool is_secret_object(const Value& value) {
  if (!value.is_object()) {
    return false;
  }
  const auto kind = value.find("kind");
  return kind != value.end() && *kind == "Secret";
}

// A `*List` with items, whose items are objects of the file as parse_manifests reads them.
bool is_list(const Value& document) {
  if (!document.is_object()) {
    return false;
  }
  const auto kind = document.find("kind");
  const auto items = document.find("items");
  return kind != document.end() && kind->is_string() &&
         kind->get_ref<const std::string&>().ends_with("List") && items != document.end() &&
         items->is_array();
}

// The objects of a document: its items when it is a List, else itself.
std::vector<Value*> objects_of(Value& document) {
  if (!is_list(document)) {
    return {&document};
  }
  std::vector<Value*> objects;
  for (Value& item : document["items"]) {
    objects.push_back(&item);
  }
  return objects;
}

// Whether `value` names kind Secret other than as the kind of an object of the file (`object`):
// in a string, or as a mapping under another key. A Secret's data and stringData are not looked
// into: they are masked.
bool names_secret_elsewhere(const Value& value, bool object) {
  if (value.is_string()) {
    return names_secret_kind(value.get_ref<const std::string&>());
  }
  if (value.is_array()) {
    for (const Value& item : value) {
      if (names_secret_elsewhere(item, false)) {
        return true;
      }
    }
    return false;
  }
  if (!value.is_object()) {
    return false;
  }
  const bool secret = is_secret_object(value);
  if (secret && !object) {
    return true;
  }
  const bool list = object && is_list(value);
  for (const auto& [key, item] : value.items()) {
    if (secret && (key == "data" || key == "stringData")) {
      continue;
    }
    if (list && key == "items") {
      for (const Value& member : item) {
        if (names_secret_elsewhere(member, true)) {
          return true;
        }
      }
    } else if (names_secret_elsewhere(item, false)) {
      return true;
    }
  }
  return false;
}

enum class Shape {
  plain,   // no Secret: shown as it is
  secret,  // Secrets, masked key by key
  hidden,  // names a Secret that cannot be masked key by key: no content shown
};

// One side of an edit, parsed. Moving it keeps `secrets` valid (they point into the documents).
struct Side {
  std::optional<std::vector<Value>> documents;  // nullopt: the text does not parse as YAML
  std::vector<Value*> secrets;                  // in file order
  Shape shape = Shape::plain;
};

// A kustomization (`kustomization`) is masked for its secretGenerators too (secret_generator.hpp).
Side read_side(const std::string& text, bool kustomization) {
  Side side;
  try {
    side.documents = manifest::parse_yaml_documents(text, "");
  } catch (const std::exception&) {
    const bool generator = kustomization && text.find("secretGenerator") != std::string::npos;
    side.shape = names_secret_kind(text) || generator ? Shape::hidden : Shape::plain;
    return side;
  }
  for (Value& document : *side.documents) {
    if (names_secret_elsewhere(document, true)) {
      side.secrets.clear();
      side.shape = Shape::hidden;
      return side;
    }
    for (Value* object : objects_of(document)) {
      if (is_secret_object(*object)) {
        side.secrets.push_back(object);
      }
    }
  }
  const bool generator = kustomization && has_secret_generator(*side.documents);
  side.shape = side.secrets.empty() && !generator ? Shape::plain : Shape::secret;
  return side;
}

// "namespace/name" of a Secret, as pair_by_name pairs them.
std::string name_of(const Value& secret) {
  const auto metadata = secret.find("metadata");
  if (metadata == secret.end() || !metadata->is_object()) {
    return "/";
  }
  auto text = [&](const char* key) {
    const auto found = metadata->find(key);
    return found != metadata->end() && found->is_string() ? found->get<std::string>()
                                                          : std::string();
  };
  return text("namespace") + "/" + text("name");
}

// data or stringData of a Secret, or null when it has none (or it is null: no value to hide).
Value* values_of(Value* secret, const char* field) {
  if (secret == nullptr) {
    return nullptr;
  }
  const auto found = secret->find(field);
  return found == secret->end() || found->is_null() ? nullptr : &*found;
}

// Every value of a mapping, or the whole of anything else.
void mask_all(Value& values, const char* marker) {
  if (!values.is_object()) {
    values = marker;
    return;
  }
  for (auto& [key, value] : values.items()) {
    value = marker;
  }
}

// One field of a pair of Secrets, key by key where both sides are mappings.
void mask_field(Value* before, Value* after, bool paired) {
  if (!paired) {
    for (Value* values : {before, after}) {
      if (values) {
        mask_all(*values, kMasked);
      }
    }
  } else if (before && after && before->is_object() && after->is_object()) {
    for (auto& [key, value] : after->items()) {
      const auto old = before->find(key);
      if (old == before->end()) {
        value = kMaskedAfter;
      } else {
        const bool same = *old == value;
        *old = same ? kMasked : kMaskedBefore;
        value = same ? kMasked : kMaskedAfter;
      }
    }
    for (auto& [key, value] : before->items()) {
      if (!after->contains(key)) {
        value = kMaskedBefore;
      }
    }
  } else if (before && after && *before == *after) {
    mask_all(*before, kMasked);
    mask_all(*after, kMasked);
  } else {
    if (before) {
      mask_all(*before, kMaskedBefore);
    }
    if (after) {
      mask_all(*after, kMaskedAfter);
    }
  }
}

void mask_secrets(Side* before, Side* after) {
  const std::vector<Value*> none;
  for (auto [old, now] :
       pair_by_name(before ? before->secrets : none, after ? after->secrets : none, name_of)) {
    for (const char* field : {"data", "stringData"}) {
      mask_field(values_of(old, field), values_of(now, field), old && now);
    }
  }
}

std::string shown_text(const Side& side, const char* marker) {
  if (side.shape == Shape::hidden || !side.documents) {
    return std::string(kHiddenNote) + marker + "\n";
  }
  std::string text;
  for (const Value& document : *side.documents) {
    if (document.is_null()) {
      continue;
    }
    if (!text.empty()) {
      text += "---\n";
    }
    text += manifest::to_yaml(document);
    if (!text.ends_with('\n')) {
      text += '\n';
    }
  }
  return text;
}

}  // namespace

bool holds_secret(const std::string& text) {
  return read_side(text, false).shape != Shape::plain;
}

FileEdit masked_file_edit(const FileEdit& edit) {
  const bool kustomization = manifest::is_kustomization_file(edit.path);
  std::optional<Side> before;
  std::optional<Side> after;
  if (edit.before) {
    before.emplace(read_side(*edit.before, kustomization));
  }
  if (edit.after) {
    after.emplace(read_side(*edit.after, kustomization));
  }
  auto plain = [](const std::optional<Side>& side) { return !side || side->shape == Shape::plain; };
  if (plain(before) && plain(after)) {
    return edit;
  }
  mask_secrets(before ? &*before : nullptr, after ? &*after : nullptr);
  if (kustomization) {
    auto documents = [](std::optional<Side>& side) {
      return side && side->documents ? &*side->documents : nullptr;
    };
    mask_generator_literals(documents(before), documents(after));
  }
  const bool same = edit.before == edit.after;
  FileEdit shown{edit.path, std::nullopt, std::nullopt};
  if (before) {
    shown.before = shown_text(*before, same ? kMasked : kMaskedBefore);
  }
  if (after) {
    shown.after = shown_text(*after, same ? kMasked : kMaskedAfter);
  }
  return shown;
}

}  // namespace gitops::diff
