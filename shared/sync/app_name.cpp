#include "sync/app_name.hpp"

#include <cctype>
#include <filesystem>
#include <functional>

#include "error.hpp"

namespace gitops::sync {

namespace {
constexpr std::size_t kMaxName = 55;
}

std::string derive_app_name(const std::string& repository_root,
                            const std::vector<std::string>& paths) {
  std::string raw = std::filesystem::path(repository_root).filename().string();
  for (const auto& path : paths) {
    if (!path.empty() && path != ".")
      raw += "-" + path;
  }
  std::string name;
  for (char c : raw) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool keep = std::isalnum(static_cast<unsigned char>(lower));
    if (keep) {
      name += lower;
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
  }
  while (!name.empty() && name.back() == '-')
    name.pop_back();
  if (name.empty())
    name = "app";
  if (name.size() > kMaxName) {
    // Keep it unique when shortened: the tail becomes a hash of the whole.
    auto hash = std::to_string(std::hash<std::string>{}(raw) % 1000000);
    name = name.substr(0, kMaxName - hash.size() - 1);
    while (!name.empty() && name.back() == '-')
      name.pop_back();
    name += "-" + hash;
  }
  return name;
}

void validate_app_name(const std::string& name) {
  bool valid = !name.empty() && name.size() <= kMaxName && std::isalnum(name.front()) &&
               std::isalnum(name.back());
  for (char c : name) {
    valid = valid && (std::islower(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c)) || c == '-');
  }
  if (!valid) {
    throw Error("invalid app name " + quoted(name) +
                " for --app: use lowercase letters, digits and '-', at most 55 characters");
  }
}

}  // namespace gitops::sync
