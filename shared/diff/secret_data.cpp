#include "diff/secret_data.hpp"

namespace gitops::diff {

bool is_secret(const manifest::ObjectId& id) {
  return id.group.empty() && id.kind == "Secret";
}

std::string base64_encode(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
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
      data[key] = base64_encode(value.is_string() ? value.get<std::string>() : value.dump());
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
