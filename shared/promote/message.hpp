#pragma once

#include <string>

#include "promote/promotion.hpp"

namespace gitops::promote {

// Where a promotion comes from, as the commit message names it.
struct Origin {
  std::string label;    // "envs/staging", or "image ghcr.io/acme/web" for --set-image
  std::string trailer;  // "envs/staging@<full sha>", or "image web=ghcr.io/acme/web:1.3.0"
};

// "web 1.2.0 -> 1.3.0", "values.yaml:image.tag 1.2.0 -> 1.3.0", "copy config.yaml",
// "add config.yaml".
std::string describe_change(const Change& change);

// The commit message: subject "promote envs/staging to envs/prod: web 1.2.0 -> 1.3.0" (or "3
// changes"), a body listing every change with the files it writes, and the trailers
// Promoted-from and Promoted-by.
std::string commit_message(const Promotion& promotion, const Origin& origin,
                           const std::string& target, const std::string& promoted_by);

}  // namespace gitops::promote
