#pragma once

#include <stdexcept>
#include <string>

namespace gitops {

// What kind of failure an Error is, so that code deciding what to do with one (skip an object the
// user may not read, say) asks this instead of searching the message.
enum class ErrorKind {
  invalid_input,  // bad flags, manifests, repositories: the user's to fix
  not_found,      // a revision, file, app or object that does not exist
  forbidden,      // the cluster refused these credentials
  unreachable,    // no answer from the cluster, a remote, or kubectl within its bound
  conflict,       // someone else changed it first (a lock, a branch, a field manager)
  failed,         // a tool or server said no for another reason
};

// The one exception type. Library code throws it with a git-style message (lowercase, no final
// period, the subject quoted: "cannot read 'envs/prod/app.yaml' at line 12: ..."); each program
// catches it in exactly one place, prints "kubectl-<plugin>: error: <message>" and exits with
// exit_code(): 2 (1 is reserved for "differences found", 3 for internal errors).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorKind kind = ErrorKind::invalid_input)
      : std::runtime_error(message), kind_(kind) {}

  ErrorKind kind() const { return kind_; }
  int exit_code() const { return 2; }

 private:
  ErrorKind kind_;
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
