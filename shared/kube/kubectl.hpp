#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

#include "kube/call_bound.hpp"
#include "kube/global_flags.hpp"

namespace gitops::kube {

struct KubectlOptions {
  std::string binary = "kubectl";  // --kubectl, else $KUBECTL, else "kubectl" from PATH
  GlobalFlags flags;
  // How long one call may run before it is killed with everything it started: call_bound().
  std::chrono::seconds timeout = kDefaultCallBound;
  // Called with the command line of every kubectl call (-v); empty: silent.
  std::function<void(const std::string&)> log;
};

// What one kubectl call did. A failure to start (no such binary) is an Error, not a result.
struct ProcessResult {
  int exit_code = 0;
  std::string out;
  std::string err;
  bool timed_out = false;
  std::chrono::seconds timeout{0};  // the limit the call ran under
  std::string command;              // the call without the global flags: "kubectl get ns -o name"

  bool ok() const { return exit_code == 0 && !timed_out; }
  // kubectl's stderr reduced to one line for messages ("error: " prefixes stripped); for a call
  // killed at its bound, "kubectl did not answer within 8s: kubectl get ...".
  std::string error_line() const;
};

struct KubectlCall {
  std::vector<std::string> args;  // without the global flags
  std::string input;              // fed to stdin
  // How long the call waits by design (`kubectl wait --timeout=60s`), added to its bound.
  std::chrono::seconds waits{0};
};

// A kubectl that keeps running (`kubectl proxy`) until this object is destroyed, which kills its
// whole process group. Its stdin is empty; its output is drained as it comes.
class RunningKubectl {
 public:
  RunningKubectl(RunningKubectl&&) noexcept;
  RunningKubectl& operator=(RunningKubectl&&) noexcept;
  ~RunningKubectl();

  // The first line kubectl writes to stdout ("Starting to serve on ..."), once it has. Throws the
  // Error of throw_kubectl_failure(`what`) when kubectl exits or the timeout passes before.
  std::string first_line(const std::string& what) const;
  // Why kubectl exited (its stderr's one line), once it has; nullopt while it runs.
  std::optional<std::string> exit_reason() const;

  struct State;

 private:
  friend class Kubectl;
  explicit RunningKubectl(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// The only code that starts processes. Every call gets the global flags appended, stdout and
// stderr are captured without deadlock whatever their size, a call that runs past the timeout is
// killed with its whole process group, and no kubectl outlives the plugin: the kernel kills it
// when the thread that started it ends.
class Kubectl {
 public:
  explicit Kubectl(KubectlOptions options);

  ProcessResult run(const KubectlCall& call) const;

  // Starts a call that runs until stopped (`kubectl proxy`), without waiting for anything. It is
  // killed when the calling thread ends: start it from a thread that outlives it.
  RunningKubectl start(const KubectlCall& call) const;

  // Runs the calls with at most `concurrency` at once; results in the order of the calls.
  std::vector<ProcessResult> run_all(const std::vector<KubectlCall>& calls, int concurrency) const;

  // Runs the call and returns stdout; throws Error naming what failed and kubectl's own message
  // ("cannot list configmaps: forbidden: ..."), or a clear line when the server is unreachable.
  std::string run_checked(const KubectlCall& call, const std::string& what) const;

  const KubectlOptions& options() const { return options_; }

 private:
  KubectlOptions options_;
};

// Another tool run through the same machinery (helm; ssh-keygen, gpgv and gpg for commit
// signatures, shared/trust): no global flags, `input` on stdin, the same bound, process group and
// death with the plugin.
struct ToolCall {
  std::string binary;  // a path, or a name looked up in PATH
  std::vector<std::string> args;
  std::chrono::seconds timeout = kDefaultCallBound;
  std::string not_found_hint;  // after "not found in PATH": "(install helm, or set $HELM)"
  std::function<void(const std::string&)> log;
  std::string input;  // fed to stdin
};
ProcessResult run_tool(const ToolCall& call);

// Builds the Error for a failed call: what we tried, then kubectl's reason, with a hint when the
// server could not be reached at all; a call killed at its bound is named instead ("kubectl did
// not answer within 8s: kubectl get ...").
// Its kind is `kind`, unless kubectl's words say more (unreachable, forbidden, not found,
// conflict).
[[noreturn]] void throw_kubectl_failure(const ProcessResult& result, const std::string& what,
                                        ErrorKind kind = ErrorKind::failed);

}  // namespace gitops::kube
