#include "trust/allowed_signers.hpp"

#include <algorithm>
#include <cctype>

#include "error.hpp"

namespace gitops::trust {

namespace {

// The fields of a line: separated by blanks, where a double-quoted part (with \" inside) keeps
// its blanks, as sshd's authorized_keys options do.
std::vector<std::string> fields_of(const std::string& line, const std::string& where) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted_part = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted_part && c == '\\' && i + 1 < line.size() && line[i + 1] == '"') {
      field += "\\\"";
      ++i;
    } else if (c == '"') {
      quoted_part = !quoted_part;
      field += c;
    } else if (!quoted_part && (c == ' ' || c == '\t')) {
      if (!field.empty())
        fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted_part)
    throw Error(where + ": unterminated quote");
  if (!field.empty())
    fields.push_back(field);
  return fields;
}

// Splits at commas outside double quotes.
std::vector<std::string> comma_separated(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  bool quoted_part = false;
  for (const char c : text) {
    if (c == '"')
      quoted_part = !quoted_part;
    if (c == ',' && !quoted_part) {
      items.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  items.push_back(item);
  return items;
}

std::string unquoted(const std::string& text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    std::string inner;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
      if (text[i] == '\\' && i + 2 < text.size() && text[i + 1] == '"')
        ++i;
      inner += text[i];
    }
    return inner;
  }
  return text;
}

bool is_key_type(const std::string& field) {
  return field.starts_with("ssh-") || field.starts_with("ecdsa-") || field.starts_with("sk-ssh-") ||
         field.starts_with("sk-ecdsa-");
}

// YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, optionally ending in Z (UTC), as ssh-keygen reads them.
bool is_ssh_time(std::string text) {
  if (text.ends_with('Z') || text.ends_with('z'))
    text.pop_back();
  return (text.size() == 8 || text.size() == 12 || text.size() == 14) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

void apply_option(AllowedSigner& signer, const std::string& option, const std::string& where) {
  const auto equals = option.find('=');
  const std::string name = option.substr(0, equals);
  const std::string value = equals == std::string::npos ? "" : unquoted(option.substr(equals + 1));
  std::string lowered = name;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lowered == "cert-authority" && equals == std::string::npos) {
    signer.cert_authority = true;
  } else if (lowered == "namespaces" && equals != std::string::npos) {
    signer.namespaces.emplace();
    for (const auto& item : comma_separated(value)) {
      if (!item.empty())
        signer.namespaces->push_back(item);
    }
  } else if ((lowered == "valid-after" || lowered == "valid-before") &&
             equals != std::string::npos) {
    if (!is_ssh_time(value))
      throw Error(where + ": " + lowered + " takes a time as YYYYMMDD[HHMM[SS]][Z], not " +
                  quoted(value));
    (lowered == "valid-after" ? signer.valid_after : signer.valid_before) = value;
  } else {
    throw Error(where + ": unknown option " + quoted(option));
  }
}

}  // namespace

bool AllowedSigner::allows_namespace(const std::string& name_space) const {
  if (!namespaces)
    return true;
  // ssh-keygen matches namespaces as patterns; "*" and exact names are what files use.
  return std::any_of(namespaces->begin(), namespaces->end(),
                     [&](const std::string& item) { return item == "*" || item == name_space; });
}

std::vector<AllowedSigner> parse_allowed_signers(const std::string& text, const std::string& file) {
  std::vector<AllowedSigner> signers;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r'))
      line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#')
      continue;

    const std::string where = quoted(file) + " line " + std::to_string(number);
    const auto fields = fields_of(line, where);
    AllowedSigner signer;
    signer.line = number;
    for (const auto& principal : comma_separated(unquoted(fields[0]))) {
      if (principal.empty())
        throw Error(where + ": an empty principal");
      signer.principals.push_back(principal);
    }
    std::size_t next = 1;
    if (next < fields.size() && !is_key_type(fields[next])) {
      for (const auto& option : comma_separated(fields[next]))
        apply_option(signer, option, where);
      ++next;
    }
    if (next + 1 >= fields.size() || !is_key_type(fields[next]))
      throw Error(where + ": expected PRINCIPALS [OPTIONS] KEYTYPE BASE64-KEY");
    signer.key_type = fields[next];
    signer.key = fields[next + 1];
    signers.push_back(std::move(signer));
  }
  return signers;
}

}  // namespace gitops::trust
