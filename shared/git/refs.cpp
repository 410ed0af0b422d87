#include "git/refs.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "git/handles.hpp"

namespace gitops::git {
namespace {

// The name git prints for a ref of a kind users type, or "" for other refs (notes, stashes,
// a remote's symbolic HEAD).
std::string short_name(std::string_view ref) {
  constexpr std::array<std::string_view, 3> prefixes = {"refs/heads/", "refs/remotes/",
                                                        "refs/tags/"};
  for (const auto prefix : prefixes) {
    if (!ref.starts_with(prefix)) {
      continue;
    }
    const std::string_view name = ref.substr(prefix.size());
    if (prefix == "refs/remotes/" && name.ends_with("/HEAD")) {
      return "";
    }
    return std::string(name);
  }
  return "";
}

int collect_name(const char* ref, void* payload) {
  if (std::string name = short_name(ref); !name.empty()) {
    static_cast<std::vector<std::string>*>(payload)->push_back(std::move(name));
  }
  return 0;
}

}  // namespace

std::vector<std::string> list_refs(const Writer& writer) {
  std::vector<std::string> names;
  check(git_reference_foreach_name(raw(writer), collect_name, &names), "cannot list refs");
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace gitops::git
