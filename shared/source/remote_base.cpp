#include "source/remote_base.hpp"

#include <array>

#include "util/text.hpp"

namespace gitops::source {

namespace {

// kustomize reads a resource as remote by its look: a URL, or a host it knows.
bool looks_remote(std::string_view resource) {
  if (resource.find("://") != std::string_view::npos)
    return true;
  for (std::string_view prefix :
       {"git@", "git::", "github.com/", "gitlab.com/", "bitbucket.org/"}) {
    if (resource.starts_with(prefix))
      return true;
  }
  return false;
}

// The text after `marker` up to the first of `ends` (or the end of the line).
std::optional<std::string> text_after(std::string_view text, std::string_view marker,
                                      std::string_view ends) {
  const auto at = text.find(marker);
  if (at == std::string_view::npos)
    return std::nullopt;
  auto rest = text.substr(at + marker.size());
  rest = rest.substr(0, rest.find_first_of(ends));
  const auto reason = util::trimmed(rest);
  return reason.empty() ? std::nullopt : std::optional<std::string>(reason);
}

// Why kustomize could not fetch `url`: git's own words when it cloned ("fatal: unable to access
// ..."), else those of the HTTP GET it tried first ("dial tcp ...: connection refused").
std::string reason_for(std::string_view error, const std::string& url) {
  if (auto fatal = text_after(error, "fatal: ", "\n"))
    return *fatal;
  // klog escapes the quotes of a one-line error, not those of a multi-line one.
  for (const auto& get : {"Get \"" + url + "\": ", "Get \\\"" + url + "\\\": "}) {
    if (auto reason = text_after(error, get, "'\n"))
      return *reason;
  }
  return "kustomize could not fetch it";
}

}  // namespace

std::optional<UnfetchedBase> unfetched_remote_base(std::string_view kustomize_error) {
  constexpr std::string_view marker = "accumulating resources from '";
  // The innermost resource that failed comes last; a local base may hold the remote one.
  for (auto at = kustomize_error.rfind(marker); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : kustomize_error.rfind(marker, at - 1)) {
    const auto start = at + marker.size();
    const auto end = kustomize_error.find('\'', start);
    if (end == std::string_view::npos)
      continue;
    const std::string url(kustomize_error.substr(start, end - start));
    if (looks_remote(url))
      return UnfetchedBase{url, reason_for(kustomize_error.substr(end), url)};
  }
  return std::nullopt;
}

}  // namespace gitops::source
