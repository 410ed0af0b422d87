#include "diff/field_path.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "error.hpp"

namespace gitops::diff {

namespace {

bool is_plain_key(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

// A key written ["..."] (\" and \\ escaped) from just after its opening quote: the key, and
// where the text goes on after the closing "]; nullopt when it does not close.
std::optional<std::pair<std::string, std::size_t>> read_quoted_key(const std::string& text,
                                                                   std::size_t at) {
  std::string key;
  for (; at < text.size(); ++at) {
    if (text[at] == '\\' && at + 1 < text.size()) {
      key += text[++at];
    } else if (text[at] == '"') {
      if (text.compare(at, 2, "\"]") != 0)
        return std::nullopt;
      return std::make_pair(key, at + 2);
    } else {
      key += text[at];
    }
  }
  return std::nullopt;
}

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

}  // namespace

FieldPath FieldPath::key(const std::string& name) const {
  FieldPath path = *this;
  path.steps_.push_back({PathStep::Type::key, name});
  return path;
}

FieldPath FieldPath::element(const std::string& selector) const {
  FieldPath path = *this;
  path.steps_.push_back({PathStep::Type::element, selector});
  return path;
}

const std::string& FieldPath::last_key() const {
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
    if (it->type == PathStep::Type::key)
      return it->text;
  }
  return empty_string();
}

const std::string& FieldPath::parent_key() const {
  bool skipped_last = false;
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
    if (it->type != PathStep::Type::key)
      continue;
    if (skipped_last)
      return it->text;
    skipped_last = true;
  }
  return empty_string();
}

std::string FieldPath::schema_path() const {
  std::string text;
  for (const auto& step : steps_) {
    if (step.type == PathStep::Type::element)
      text += "[]";
    else
      text += (text.empty() ? "" : ".") + step.text;
  }
  return text;
}

std::string FieldPath::to_string() const {
  std::string text;
  for (const auto& step : steps_) {
    if (step.type == PathStep::Type::element) {
      text += "[" + step.text + "]";
    } else if (is_plain_key(step.text)) {
      text += (text.empty() ? "" : ".") + step.text;
    } else {
      text += "[\"";
      for (char c : step.text)
        text += c == '"' || c == '\\' ? std::string{'\\', c} : std::string(1, c);
      text += "\"]";
    }
  }
  return text;
}

FieldPath FieldPath::parse(const std::string& text) {
  FieldPath path;
  std::size_t at = 0;
  auto fail = [&](const std::string& why) {
    throw Error("malformed field path " + quoted(text) + ": " + why);
  };
  while (at < text.size()) {
    if (text[at] == '.') {
      if (at == 0 || at + 1 == text.size())
        fail("a '.' needs a key on both sides");
      ++at;
    }
    if (text.compare(at, 2, "[\"") == 0) {
      auto quoted_key = read_quoted_key(text, at + 2);
      if (!quoted_key)
        fail("unclosed '[\"'");
      path.steps_.push_back({PathStep::Type::key, quoted_key->first});
      at = quoted_key->second;
      continue;
    }
    if (text[at] == '[') {
      auto close = text.find(']', at);
      if (close == std::string::npos)
        fail("unclosed '['");
      std::string inside = text.substr(at + 1, close - at - 1);
      if (inside.empty()) {
        fail("empty '[]'");
      } else {
        path.steps_.push_back({PathStep::Type::element, inside});
      }
      at = close + 1;
      continue;
    }
    auto end = text.find_first_of(".[", at);
    if (end == std::string::npos)
      end = text.size();
    if (end == at)
      fail("empty key");
    path.steps_.push_back({PathStep::Type::key, text.substr(at, end - at)});
    at = end;
  }
  if (path.steps_.empty())
    fail("empty path");
  return path;
}

}  // namespace gitops::diff
