#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gitops::manifest {

// What an image reference pins: a tag, a digest, both, or neither (Docker's implicit "latest").
struct ImageVersion {
  std::string tag;     // "1.3.0", "" when none
  std::string digest;  // "sha256:<64 hex>", "" when none

  bool operator==(const ImageVersion&) const = default;

  // ":1.3.0@sha256:...", ":1.3.0", "@sha256:...", or "": what follows the name in a reference.
  std::string suffix() const;
  // For people: "1.3.0", "1.3.0@sha256:0123456789ab" (digests cut to 12 hex digits),
  // "sha256:0123456789ab", or "(untagged)".
  std::string describe() const;
};

// A container image reference as Docker and Kubernetes read it:
// [registry[:port]/]repository[:tag][@digest]. The first component is a registry only when it
// looks like a host (a '.' or a ':' in it, or "localhost"): in `localhost:5000/web:1.2` the
// registry is localhost:5000 and the tag 1.2; `team/web` is a Docker Hub repository.
struct ImageRef {
  std::string name;  // registry and repository as written: "localhost:5000/web", "nginx"
  ImageVersion version;

  // The reference as written: name, then version.suffix().
  std::string str() const;
  // "localhost:5000", or "" when the registry is implied (Docker Hub).
  std::string registry() const;
  // The repository path without the registry: "web", "team/web", "nginx".
  std::string repository() const;
  // The name with Docker's defaults made explicit, for comparing names written differently:
  // "docker.io/library/nginx" for "nginx", "index.docker.io/library/nginx" and
  // "docker.io/nginx"; "ghcr.io/acme/web" for itself.
  std::string canonical_name() const;
  // The last path component: "web" for "ghcr.io/acme/web".
  std::string short_name() const;
};

// Parses a reference; nullopt when it is not one (a template such as "${IMAGE}", an upper-case
// repository, an empty tag, a malformed digest).
std::optional<ImageRef> parse_image_ref(std::string_view text);

}  // namespace gitops::manifest
