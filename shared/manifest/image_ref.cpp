#include "manifest/image_ref.hpp"

#include <regex>

namespace gitops::manifest {
namespace {

// The grammar of github.com/distribution/reference (IPv6 registries left out).
const std::regex& path_component() {
  static const std::regex pattern("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
  return pattern;
}
const std::regex& registry_host() {
  static const std::regex pattern(
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
      "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?");
  return pattern;
}
const std::regex& tag_pattern() {
  static const std::regex pattern("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  return pattern;
}
const std::regex& digest_pattern() {
  static const std::regex pattern(
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
  return pattern;
}

// Docker's rule (reference/normalize.go): a first component names a registry when it has a '.' or
// a ':', is "localhost", or has upper-case letters (which a repository cannot).
bool looks_like_registry(std::string_view component) {
  if (component == "localhost" || component.find_first_of(".:") != std::string_view::npos) {
    return true;
  }
  for (char c : component) {
    if (c >= 'A' && c <= 'Z') {
      return true;
    }
  }
  return false;
}

bool full_match(std::string_view text, const std::regex& pattern) {
  return std::regex_match(text.begin(), text.end(), pattern);
}

bool valid_name(std::string_view name) {
  std::size_t slash = name.find('/');
  if (slash != std::string_view::npos && looks_like_registry(name.substr(0, slash))) {
    if (!full_match(name.substr(0, slash), registry_host())) {
      return false;
    }
    name.remove_prefix(slash + 1);
  }
  while (true) {
    slash = name.find('/');
    if (!full_match(name.substr(0, slash), path_component())) {
      return false;
    }
    if (slash == std::string_view::npos) {
      return true;
    }
    name.remove_prefix(slash + 1);
  }
}

std::string short_digest(const std::string& digest) {
  const std::size_t colon = digest.find(':');
  return colon == std::string::npos ? digest : digest.substr(0, colon + 1 + 12);
}

}  // namespace

std::string ImageVersion::suffix() const {
  std::string result;
  if (!tag.empty()) {
    result += ":" + tag;
  }
  if (!digest.empty()) {
    result += "@" + digest;
  }
  return result;
}

std::string ImageVersion::describe() const {
  if (tag.empty() && digest.empty()) {
    return "(untagged)";
  }
  if (digest.empty()) {
    return tag;
  }
  return tag.empty() ? short_digest(digest) : tag + "@" + short_digest(digest);
}

std::string ImageRef::str() const {
  return name + version.suffix();
}

std::string ImageRef::registry() const {
  const std::size_t slash = name.find('/');
  if (slash == std::string::npos || !looks_like_registry(std::string_view(name).substr(0, slash))) {
    return "";
  }
  return name.substr(0, slash);
}

std::string ImageRef::repository() const {
  const std::string host = registry();
  return host.empty() ? name : name.substr(host.size() + 1);
}

std::string ImageRef::canonical_name() const {
  std::string host = registry();
  std::string path = repository();
  if (host.empty() || host == "index.docker.io" || host == "registry-1.docker.io") {
    host = "docker.io";
  }
  if (host == "docker.io" && path.find('/') == std::string::npos) {
    path = "library/" + path;
  }
  return host + "/" + path;
}

std::string ImageRef::short_name() const {
  const std::size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::optional<ImageRef> parse_image_ref(std::string_view text) {
  ImageRef ref;
  const std::size_t at = text.find('@');
  if (at != std::string_view::npos) {
    ref.version.digest = std::string(text.substr(at + 1));
    if (!full_match(ref.version.digest, digest_pattern())) {
      return std::nullopt;
    }
    text = text.substr(0, at);
  }
  // A tag's ':' comes after the last '/': the one in "localhost:5000/web" is the registry's port.
  const std::size_t last_slash = text.rfind('/');
  const std::size_t colon = text.find(':', last_slash == std::string_view::npos ? 0 : last_slash);
  if (colon != std::string_view::npos) {
    ref.version.tag = std::string(text.substr(colon + 1));
    if (!full_match(ref.version.tag, tag_pattern())) {
      return std::nullopt;
    }
    text = text.substr(0, colon);
  }
  if (text.empty() || !valid_name(text)) {
    return std::nullopt;
  }
  ref.name = std::string(text);
  return ref;
}

}  // namespace gitops::manifest
