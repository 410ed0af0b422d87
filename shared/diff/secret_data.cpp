#include "diff/secret_data.hpp"

#include <algorithm>
#include <vector>

#include "util/base64.hpp"

namespace gitops::diff {

bool is_secret(const manifest::ObjectId& id) {
  return id.group.empty() && id.kind == "Secret";
}

namespace {

void mask_all(std::string& text, const std::string& value) {
  if (value.empty())
    return;
  for (auto at = text.find(value); at != std::string::npos;
       at = text.find(value, at + std::string(kMasked).size())) {
    text.replace(at, value.size(), kMasked);
  }
}

}  // namespace

std::string mask_secret_values_in(std::string text, const Value& secret) {
  std::vector<std::string> values;
  for (const char* field : {"data", "stringData"}) {
    auto found = secret.find(field);
    if (found == secret.end() || !found->is_object())
      continue;
    for (const auto& [key, value] : found->items()) {
      const auto written = value.is_string() ? value.get<std::string>() : value.dump();
      values.push_back(written);
      if (std::string(field) == "data") {
        if (auto decoded = util::base64_decode(written))
          values.push_back(*decoded);
      } else {
        values.push_back(util::base64_encode(written));
      }
    }
  }
  // The longest first, so that a value holding another is masked whole.
  std::sort(values.begin(), values.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& value : values)
    mask_all(text, value);
  return text;
}

void fold_string_data(Value& secret) {
  auto string_data = secret.find("stringData");
  if (string_data == secret.end())
    return;
  if (string_data->is_object()) {
    Value& data = secret["data"];
    if (!data.is_object())
      data = Value::object();
    for (const auto& [key, value] : string_data->items()) {
      data[key] = util::base64_encode(value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  secret.erase("stringData");
}

void mask_secret_values(Value& secret, const char* marker) {
  for (const char* field : {"data", "stringData"}) {
    auto values = secret.find(field);
    if (values == secret.end() || !values->is_object())
      continue;
    for (auto& [key, value] : values->items())
      value = marker;
  }
}

}  // namespace gitops::diff
