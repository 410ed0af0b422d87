#include "git/push_retry.hpp"

namespace gitops::git {

PushOutcome push_with_redo(int max_attempts, const std::function<PushResult()>& push,
                           const std::function<void()>& redo) {
  PushOutcome outcome;
  while (outcome.attempts < max_attempts) {
    ++outcome.attempts;
    if (push() == PushResult::pushed) {
      outcome.pushed = true;
      return outcome;
    }
    if (outcome.attempts < max_attempts) {
      redo();
    }
  }
  return outcome;
}

}  // namespace gitops::git
