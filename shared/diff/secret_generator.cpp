#include "diff/secret_generator.hpp"

#include <exception>
#include <filesystem>
#include <map>
#include <optional>

#include "diff/pair_by_name.hpp"
#include "diff/secret_data.hpp"
#include "manifest/parse.hpp"
#include "manifest/render.hpp"

namespace gitops::diff {
namespace {

using manifest::Value;

constexpr const char* kHiddenNote =
    "# values hidden: a kustomize secretGenerator reads this file\n";

// The generators of the documents, in file order. Whatever stands where a generator should and is
// not one (a string, a number) cannot be masked key by key: it is masked whole here.
std::vector<Value*> generators_of(std::vector<Value>& documents) {
  std::vector<Value*> generators;
  for (Value& document : documents) {
    if (!document.is_object()) {
      continue;
    }
    const auto found = document.find("secretGenerator");
    if (found == document.end() || found->is_null()) {
      continue;
    }
    if (!found->is_array()) {
      *found = kMasked;
      continue;
    }
    for (Value& generator : *found) {
      if (generator.is_object()) {
        generators.push_back(&generator);
      } else if (!generator.is_null()) {
        generator = kMasked;
      }
    }
  }
  return generators;
}

std::string name_of(const Value& generator) {
  auto text = [&](const char* key) {
    const auto found = generator.find(key);
    return found != generator.end() && found->is_string() ? found->get<std::string>()
                                                          : std::string();
  };
  return text("namespace") + "/" + text("name");
}

// The literals of a generator, or null when it has none.
Value* literals_of(Value* generator) {
  if (generator == nullptr) {
    return nullptr;
  }
  const auto found = generator->find("literals");
  return found == generator->end() || found->is_null() ? nullptr : &*found;
}

// The KEY of a literal `KEY=VALUE`; nullopt for anything else, which is then masked whole.
std::optional<std::string> key_of(const Value& literal) {
  if (!literal.is_string()) {
    return std::nullopt;
  }
  const std::string& text = literal.get_ref<const std::string&>();
  const std::size_t equals = text.find('=');
  return equals == std::string::npos ? std::nullopt : std::optional(text.substr(0, equals));
}

Value masked_literal(const Value& literal, const char* marker) {
  const auto key = key_of(literal);
  return key ? Value(*key + "=" + marker) : Value(marker);
}

void mask_all(Value& literals, const char* marker) {
  if (!literals.is_array()) {
    literals = marker;
    return;
  }
  for (Value& literal : literals) {
    literal = masked_literal(literal, marker);
  }
}

// Whether `literals` has `literal` as it is: the same KEY with the same VALUE.
bool keeps(const Value& literals, const Value& literal) {
  const auto key = key_of(literal);
  for (const Value& other : literals) {
    if (key ? key_of(other) == key : other == literal) {
      return other == literal;
    }
  }
  return false;
}

// One side's literals, each "***" where the other side has it as it is, else `changed`.
Value masked_against(const Value& literals, const Value& other, const char* changed) {
  Value masked = Value::array();
  for (const Value& literal : literals) {
    masked.push_back(masked_literal(literal, keeps(other, literal) ? kMasked : changed));
  }
  return masked;
}

// The literals of a pair of generators, key by key where both are lists.
void mask_literals(Value* before, Value* after, bool paired) {
  if (!paired) {
    for (Value* literals : {before, after}) {
      if (literals) {
        mask_all(*literals, kMasked);
      }
    }
  } else if (before && after && before->is_array() && after->is_array()) {
    Value shown_before = masked_against(*before, *after, kMaskedBefore);
    *after = masked_against(*after, *before, kMaskedAfter);
    *before = std::move(shown_before);
  } else {
    const bool same = before && after && *before == *after;
    if (before) {
      mask_all(*before, same ? kMasked : kMaskedBefore);
    }
    if (after) {
      mask_all(*after, same ? kMasked : kMaskedAfter);
    }
  }
}

// "db.env", "token=token.txt": the path, resolved against the kustomization's folder.
std::string file_of(const std::string& folder, const std::string& entry) {
  const std::size_t equals = entry.find('=');
  const std::string path = equals == std::string::npos ? entry : entry.substr(equals + 1);
  std::string file = (std::filesystem::path(folder) / path).lexically_normal().generic_string();
  while (file.ends_with('/')) {
    file.pop_back();
  }
  return file;
}

}  // namespace

bool has_secret_generator(const std::vector<Value>& documents) {
  for (const Value& document : documents) {
    if (document.is_object() && document.contains("secretGenerator")) {
      return true;
    }
  }
  return false;
}

void mask_generator_literals(std::vector<Value>* before, std::vector<Value>* after) {
  const std::vector<Value*> none;
  const std::vector<Value*> old = before ? generators_of(*before) : none;
  const std::vector<Value*> now = after ? generators_of(*after) : none;
  for (auto [was, is] : pair_by_name(old, now, name_of)) {
    mask_literals(literals_of(was), literals_of(is), was && is);
  }
}

std::vector<std::string> secret_generator_files(const std::string& kustomization_path,
                                                const std::string& text) {
  std::vector<Value> documents;
  try {
    documents = manifest::parse_yaml_documents(text, kustomization_path);
  } catch (const std::exception&) {
    return {};
  }
  const std::string folder = manifest::folder_of(kustomization_path);
  std::vector<std::string> files;
  auto add = [&](const Value& entry) {
    if (entry.is_string()) {
      files.push_back(file_of(folder, entry.get<std::string>()));
    }
  };
  for (Value* generator : generators_of(documents)) {
    for (const char* key : {"envs", "files", "env"}) {
      const auto found = generator->find(key);
      if (found == generator->end()) {
        continue;
      }
      if (found->is_array()) {
        for (const Value& entry : *found) {
          add(entry);
        }
      } else {
        add(*found);
      }
    }
  }
  return files;
}

bool read_by_secret_generator(const std::vector<std::string>& generator_files,
                              const std::string& path) {
  for (const std::string& file : generator_files) {
    if (!file.empty() && (path == file || path.starts_with(file + "/"))) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> kustomizations_above(const std::string& path) {
  std::vector<std::string> kustomizations;
  std::string folder = manifest::folder_of(path);
  while (true) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
      kustomizations.push_back(folder.empty() ? name : folder + "/" + name);
    }
    if (folder.empty()) {
      return kustomizations;
    }
    folder = manifest::folder_of(folder);
  }
}

FileEdit hidden_generator_file(const FileEdit& edit) {
  const bool same = edit.before == edit.after;
  FileEdit shown{edit.path, std::nullopt, std::nullopt};
  if (edit.before) {
    shown.before = std::string(kHiddenNote) + (same ? kMasked : kMaskedBefore) + "\n";
  }
  if (edit.after) {
    shown.after = std::string(kHiddenNote) + (same ? kMasked : kMaskedAfter) + "\n";
  }
  return shown;
}

}  // namespace gitops::diff
