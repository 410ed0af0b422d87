#pragma once

#include <functional>
#include <string>

#include "git/remote.hpp"

namespace gitops::git {

inline constexpr int kPushAttempts = 3;

struct PushOutcome {
  bool pushed = false;
  int attempts = 0;  // pushes tried
};

// Pushes; when the remote moved on (non-fast-forward), calls `redo` (fetch, rebuild the commit on
// the remote's new tip) and pushes again, up to `max_attempts` pushes in all. Never forces. Errors
// from either step propagate. (commit_and_push.hpp is the whole sequence, planning included.)
PushOutcome push_with_redo(int max_attempts, const std::function<PushResult()>& push,
                           const std::function<void()>& redo);

// What gitpromote and gitrevert print after committing: "committed 1a2b3c4 on main" and, when
// pushed, "pushed main to origin (redone on the remote's new tip: 2 attempts)".
std::string describe_commit_and_push(const std::string& short_sha, const std::string& branch,
                                     bool pushed, const std::string& remote, int push_attempts);

}  // namespace gitops::git
