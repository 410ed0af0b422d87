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

std::string describe_commit_and_push(const std::string& short_sha, const std::string& branch,
                                     bool pushed, const std::string& remote, int push_attempts) {
  std::string text;
  if (!short_sha.empty())
    text += "committed " + short_sha + " on " + branch + "\n";
  if (pushed) {
    text += "pushed " + branch + " to " + remote;
    if (push_attempts > 1) {
      text += " (redone on the remote's new tip: " + std::to_string(push_attempts) + " attempts)";
    }
    text += "\n";
  }
  return text;
}

}  // namespace gitops::git
