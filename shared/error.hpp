#pragma once

#include <stdexcept>
#include <string>

namespace gitops {

// The one exception type. Library code throws it with a git-style message (lowercase, no final
// period, the subject quoted: "cannot read 'envs/prod/app.yaml' at line 12: ..."); each program
// catches it in exactly one place, prints "kubectl-<plugin>: error: <message>" and exits with
// exit_code (2 unless a caller says otherwise; 1 is reserved for "differences found").
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = 2)
      : std::runtime_error(message), exit_code_(exit_code) {}

  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Quotes a subject the way git does in messages: 'envs/prod/app.yaml'.
inline std::string quoted(const std::string& subject) {
  return "'" + subject + "'";
}
// For non-const strings, so that argument-dependent lookup does not pick std::quoted instead.
inline std::string quoted(std::string& subject) {
  return "'" + subject + "'";
}

}  // namespace gitops
