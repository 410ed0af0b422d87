#include "diff/ignore_rules.hpp"

#include <sstream>

#include "error.hpp"

namespace gitops::diff {

IgnoreRule parse_ignore_rule(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw Error("malformed ignore rule " + quoted(text) +
                ": expected KIND:FIELD.PATH, e.g. Deployment:spec.replicas");
  }
  try {
    return {text.substr(0, colon), FieldPath::parse(text.substr(colon + 1)), text};
  } catch (const Error& error) {
    throw Error("malformed ignore rule " + quoted(text) + ": " + error.what());
  }
}

std::vector<IgnoreRule> parse_ignore_file(const std::string& content, const std::string& file) {
  std::vector<IgnoreRule> rules;
  std::istringstream lines(content);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (auto hash = line.find('#'); hash != std::string::npos)
      line.erase(hash);
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos)
      continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    try {
      rules.push_back(parse_ignore_rule(line));
    } catch (const Error& error) {
      throw Error("cannot read " + quoted(file) + " at line " + std::to_string(number) + ": " +
                  error.what());
    }
  }
  return rules;
}

namespace {

bool kind_matches(const std::string& pattern, const manifest::ObjectId& id) {
  if (pattern == "*" || pattern == id.kind)
    return true;
  return pattern == id.group + "/" + id.kind;
}

bool is_prefix(const FieldPath& rule, const FieldPath& path) {
  const auto& want = rule.steps();
  const auto& have = path.steps();
  if (want.size() > have.size())
    return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].type != have[i].type)
      return false;
    if (want[i].type == PathStep::Type::element && want[i].text == "*")
      continue;
    if (want[i].text != have[i].text)
      return false;
  }
  return true;
}

}  // namespace

bool is_ignored(const std::vector<IgnoreRule>& rules, const manifest::ObjectId& id,
                const FieldPath& path) {
  for (const auto& rule : rules) {
    if (kind_matches(rule.kind, id) && is_prefix(rule.path, path))
      return true;
  }
  return false;
}

}  // namespace gitops::diff
