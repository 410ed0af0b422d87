// The only translation unit that includes Boost.Process: it takes seconds to compile, and nothing
// outside shared/kube/ may start a process.
#include "kube/kubectl.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "error.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

namespace gitops::kube {

namespace {

using util::lines_of;
using util::trimmed;

namespace asio = boost::asio;
namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

constexpr const char* kNotFoundHint = "(install kubectl, or set $KUBECTL or --kubectl)";

// strerror's "No such file or directory" in git's style: "no such file or directory".
std::string lowercase_first(std::string text) {
  if (!text.empty()) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

std::string resolve_binary(std::string binary, const char* hint = kNotFoundHint) {
  if (binary.empty()) {
    binary = "kubectl";
  }
  if (binary.find('/') != std::string::npos) {
    struct stat info {};
    if (::stat(binary.c_str(), &info) != 0) {
      const int error = errno;
      throw Error("cannot run " + quoted(binary) + ": " +
                  (error == ENOENT || error == ENOTDIR ? std::string("no such file")
                                                       : lowercase_first(std::strerror(error))));
    }
    if (!S_ISREG(info.st_mode) || ::access(binary.c_str(), X_OK) != 0) {
      throw Error("cannot run " + quoted(binary) + ": not an executable file");
    }
    return binary;
  }
  std::string found = bp::search_path(binary).string();
  if (found.empty()) {
    throw Error("cannot run " + quoted(binary) + ": not found in PATH " + hint);
  }
  // A relative PATH entry ("." or "") must not send Boost.Process searching PATH again.
  return found.find('/') == std::string::npos ? "./" + found : found;
}

// kubectl's arguments then the global flags; the flags go before a "--" so that they stay
// kubectl's own and do not reach a command run through it.
std::vector<std::string> argv_of(const KubectlCall& call, const GlobalFlags& flags) {
  std::vector<std::string> argv = call.args;
  const auto global = flags.to_args();
  const auto separator = std::find(argv.begin(), argv.end(), "--");
  argv.insert(separator, global.begin(), global.end());
  return argv;
}

std::string shell_quoted(const std::string& arg) {
  const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-_./=:,@%+", c) != nullptr;
  });
  if (plain) {
    return arg;
  }
  std::string result = "'";
  for (char c : arg) {
    result += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return result + "'";
}

std::string command_line(const std::string& binary, const std::vector<std::string>& argv) {
  std::string line = shell_quoted(binary.empty() ? "kubectl" : binary);
  for (const auto& arg : argv) {
    line += ' ' + shell_quoted(arg);
  }
  return line;
}

// Writing to a child that exited must fail with EPIPE, not kill the plugin.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      ::signal(SIGPIPE, SIG_IGN);
    }
  });
}

// An ignored SIGPIPE survives exec; kubectl gets the default back.
struct DefaultSigpipeInChild : bp::extend::handler {
  template <class Executor>
  void on_exec_setup(Executor&) const {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGPIPE, &action, nullptr);
  }
};

// No kubectl may outlive a plugin killed before it could stop or reap it (the proxy runs until
// stopped; any call may hang): the kernel kills it when the thread that started it ends. Each call
// is a process group of its own, out of reach of the terminal's Ctrl-C.
struct DieWithParent : bp::extend::handler {
  pid_t parent = ::getpid();

  template <class Executor>
  void on_exec_setup(Executor&) const {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
      ::_exit(1);  // the plugin died before the death signal was armed
  }
};

// Concurrent calls: a pipe end inherited by another call's child would keep that pipe open (a
// stdin that never sees EOF), and Boost.Process marks its own exec-error pipe close-on-exec only
// after creating it. So pipes are created, marked and handed to a child one call at a time.
std::mutex launch_mutex;

void set_close_on_exec(int fd) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

struct ChildPipes {
  explicit ChildPipes(asio::io_context& io) : in(io), out(io), err(io) {
    for (const int fd : {in.native_source(), in.native_sink(), out.native_source(),
                         out.native_sink(), err.native_source(), err.native_sink()}) {
      set_close_on_exec(fd);
    }
  }

  void close() {
    boost::system::error_code ignored;
    in.close(ignored);
    out.close(ignored);
    err.close(ignored);
  }

  bp::async_pipe in;
  bp::async_pipe out;
  bp::async_pipe err;
};

// Reads a pipe to its end, chunk by chunk, into `sink`.
class PipeDrain {
 public:
  // `arrived`, if given, runs after each chunk is appended.
  PipeDrain(bp::async_pipe& pipe, std::string& sink, std::function<void()> done,
            std::function<void()> arrived = {})
      : pipe_(pipe), sink_(sink), done_(std::move(done)), arrived_(std::move(arrived)) {}

  void start() {
    pipe_.async_read_some(asio::buffer(chunk_),
                          [this](const boost::system::error_code& error, std::size_t size) {
                            sink_.append(chunk_.data(), size);
                            if (arrived_ && size > 0) {
                              arrived_();
                            }
                            if (error) {
                              done_();
                            } else {
                              start();
                            }
                          });
  }

 private:
  bp::async_pipe& pipe_;
  std::string& sink_;
  std::function<void()> done_;
  std::function<void()> arrived_;
  std::array<char, 64 * 1024> chunk_{};
};

// 128 + signal for a child killed by a signal, as shells report it.
int exit_code_of(int native_status) {
  if (WIFEXITED(native_status)) {
    return WEXITSTATUS(native_status);
  }
  if (WIFSIGNALED(native_status)) {
    return 128 + WTERMSIG(native_status);
  }
  return -1;
}

// Waits for the child after its pipes closed; a child that closed them early and lingers is killed
// at the deadline like any other.
void reap(bp::child& child, bp::group& group, Clock::time_point deadline, bool& timed_out) {
  std::error_code error;
  auto pause = std::chrono::microseconds(50);
  while (child.running(error) && !error) {
    if (Clock::now() >= deadline) {
      timed_out = true;
      group.terminate(error);
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(10));
  }
  child.wait(error);
}

template <class... Extra>
bp::child launch(const std::string& binary, const std::vector<std::string>& argv, ChildPipes& pipes,
                 bp::group& group, Extra... extra) {
  try {
    return bp::child(bp::exe = binary, bp::args = argv, (bp::std_in < pipes.in),
                     (bp::std_out > pipes.out), (bp::std_err > pipes.err), group,
                     DefaultSigpipeInChild{}, extra...);
  } catch (const bp::process_error& error) {
    throw Error("cannot run " + quoted(binary) + ": " + lowercase_first(error.code().message()));
  }
}

// Feeds stdin and drains stdout and stderr until all three are done, or kills the group at the
// deadline.
void exchange(asio::io_context& io, ChildPipes& pipes, bp::group& group, const std::string& input,
              Clock::time_point deadline, ProcessResult& result) {
  asio::steady_timer timer(io, deadline);
  int open_streams = 3;
  auto stream_done = [&] {
    if (--open_streams == 0) {
      timer.cancel();
    }
  };
  auto stdin_done = [&](const boost::system::error_code&, std::size_t) {
    boost::system::error_code ignored;
    pipes.in.close(ignored);
    stream_done();
  };
  if (input.empty()) {
    stdin_done({}, 0);
  } else {
    asio::async_write(pipes.in, asio::buffer(input), stdin_done);
  }
  PipeDrain out(pipes.out, result.out, stream_done);
  PipeDrain err(pipes.err, result.err, stream_done);
  out.start();
  err.start();
  timer.async_wait([&](const boost::system::error_code& error) {
    if (error) {
      return;  // cancelled: every stream finished in time
    }
    result.timed_out = true;
    std::error_code ignored;
    group.terminate(ignored);
    pipes.close();  // a descendant that left the group must not keep us waiting
  });
  io.run();
}

ProcessResult run_process(const std::string& binary, const std::vector<std::string>& argv,
                          const std::string& input, std::chrono::seconds timeout,
                          std::string command) {
  ProcessResult result;
  result.timeout = timeout;
  result.command = std::move(command);
  const auto deadline = Clock::now() + timeout;

  asio::io_context io;
  bp::group group;
  std::unique_lock launch_lock(launch_mutex);
  ChildPipes pipes(io);
  bp::child child = launch(binary, argv, pipes, group, DieWithParent{});
  launch_lock.unlock();

  exchange(io, pipes, group, input, deadline, result);
  reap(child, group, deadline, result.timed_out);
  group.detach();  // what is left of the group is no longer ours to kill
  result.exit_code = exit_code_of(child.native_exit_code());
  return result;
}

std::mutex log_mutex;

void log_call(const KubectlOptions& options, const std::vector<std::string>& argv) {
  if (options.log) {
    std::lock_guard lock(log_mutex);
    options.log(command_line(options.binary, argv));
  }
}

// klog's header: "E1126 21:49:14.151993   17403 memcache.go:265] ".
std::size_t klog_header_size(std::string_view line) {
  const bool looks_like_klog = line.size() > 6 && std::strchr("IWEF", line[0]) != nullptr &&
                               std::all_of(line.begin() + 1, line.begin() + 5,
                                           [](char c) { return std::isdigit(c) != 0; }) &&
                               line[5] == ' ';
  const auto end = line.find("] ");
  return looks_like_klog && end != std::string_view::npos ? end + 2 : 0;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "The Deployment "web" is invalid:" is followed by its reasons as "* field: reason" lines.
std::string with_bullets(const std::vector<std::string_view>& lines, std::size_t index) {
  std::string line(lines[index]);
  if (line.empty() || line.back() != ':') {
    return line;
  }
  std::string separator = " ";
  for (auto i = index + 1; i < lines.size() && starts_with(lines[i], "* "); ++i) {
    line += separator + std::string(lines[i].substr(2));
    separator = "; ";
  }
  return line;
}

// The line of kubectl's stderr that says what went wrong: the first that is neither a warning nor
// klog's logging (kubectl ends with its own summary after those), else the last logged error, else
// the first warning.
std::string meaningful_line(std::string_view err) {
  std::vector<std::string_view> lines;
  for (auto line : lines_of(err))
    lines.push_back(trimmed(line));
  std::string logged;
  std::string warning;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    if (line.empty()) {
      continue;
    }
    if (const auto header = klog_header_size(line); header != 0) {
      logged = std::string(line.substr(header));
    } else if (starts_with(line, "Warning: ")) {
      if (warning.empty()) {
        warning = std::string(line);
      }
    } else {
      return with_bullets(lines, i);
    }
  }
  return logged.empty() ? warning : logged;
}

// The server never answered: a refused connection, an unknown host, a network timeout. An
// "Error from server" came from the server, even when it quotes a webhook's "connection refused".
bool server_unreachable(std::string_view err, std::string_view line) {
  if (starts_with(line, "Error from server")) {
    return false;
  }
  for (const char* sign :
       {"connection refused", "no such host", "dial tcp", "Unable to connect to the server",
        "i/o timeout", "TLS handshake timeout", "network is unreachable", "no route to host"}) {
    if (err.find(sign) != std::string_view::npos) {
      return true;
    }
  }
  return err.find("The connection to the server") != std::string_view::npos &&
         err.find("was refused") != std::string_view::npos;
}

}  // namespace

std::string ProcessResult::error_line() const {
  if (timed_out) {
    return "kubectl did not answer within " + std::to_string(timeout.count()) +
           "s: " + (command.empty() ? std::string("kubectl") : command);
  }
  std::string line = meaningful_line(err);
  if (line.empty()) {
    return "kubectl exited with code " + std::to_string(exit_code);
  }
  if (starts_with(line, "error: ")) {
    line.erase(0, std::strlen("error: "));
  }
  return line;
}

void throw_kubectl_failure(const ProcessResult& result, const std::string& what, ErrorKind kind) {
  if (result.timed_out) {
    // Names the call, which says more than `what`.
    throw Error(result.error_line(), ErrorKind::unreachable);
  }
  std::string reason = result.error_line();
  if (server_unreachable(result.err, reason)) {
    const bool no_cluster_configured = reason.find("localhost:8080") != std::string::npos;
    reason = "cannot reach the cluster: " + reason;
    if (no_cluster_configured) {
      reason += " (no cluster configured? set KUBECONFIG, or pass --kubeconfig or --context)";
    }
    kind = ErrorKind::unreachable;
  } else if (kind == ErrorKind::failed) {
    // kubectl says why only in words: its "Error from server (Forbidden)" and the like.
    if (result.err.find("(Forbidden)") != std::string::npos)
      kind = ErrorKind::forbidden;
    else if (result.err.find("(NotFound)") != std::string::npos)
      kind = ErrorKind::not_found;
    else if (result.err.find("(Conflict)") != std::string::npos ||
             result.err.find("(AlreadyExists)") != std::string::npos)
      kind = ErrorKind::conflict;
  }
  throw Error(what + ": " + reason, kind);
}

Kubectl::Kubectl(KubectlOptions options) : options_(std::move(options)) {
  ignore_sigpipe_once();
}

ProcessResult Kubectl::run(const KubectlCall& call) const {
  const auto argv = argv_of(call, options_.flags);
  log_call(options_, argv);
  // Resolved at each call, not up front: a command that ends up needing no kubectl (gitdiff of
  // two revisions) must work where there is none.
  return run_process(resolve_binary(options_.binary), argv, call.input,
                     options_.timeout + call.waits, command_line("kubectl", call.args));
}

// The running kubectl and the thread that drains its output until it exits.
struct RunningKubectl::State {
  State(std::chrono::seconds limit, std::string command) : pipes(io), timeout(limit) {
    result.command = std::move(command);
  }

  // The thread's work: drain stdout and stderr, note the first line, then reap the child.
  void drain() {
    int open_streams = 2;
    auto stream_done = [&] { --open_streams; };
    PipeDrain out(pipes.out, out_text, stream_done, [this] { note_first_line(); });
    PipeDrain err(pipes.err, err_text, stream_done);
    out.start();
    err.start();
    io.run();
    std::error_code ignored;
    child.wait(ignored);
    std::lock_guard lock(mutex);
    exited = true;
    result.exit_code = exit_code_of(child.native_exit_code());
    result.out = out_text;
    result.err = err_text;
    changed.notify_all();
  }

  void note_first_line() {
    const auto end = out_text.find('\n');
    if (end == std::string::npos) {
      return;
    }
    std::lock_guard lock(mutex);
    if (!line) {
      line = out_text.substr(0, end);
      changed.notify_all();
    }
  }

  asio::io_context io;
  bp::group group;
  ChildPipes pipes;
  bp::child child;
  std::chrono::seconds timeout;
  std::string out_text;  // the drain thread's alone
  std::string err_text;

  std::mutex mutex;  // guards what follows
  std::condition_variable changed;
  std::optional<std::string> line;
  bool exited = false;
  ProcessResult result;

  std::thread thread;
};

RunningKubectl::RunningKubectl(std::unique_ptr<State> state) : state_(std::move(state)) {}
RunningKubectl::RunningKubectl(RunningKubectl&&) noexcept = default;
RunningKubectl& RunningKubectl::operator=(RunningKubectl&&) noexcept = default;

RunningKubectl::~RunningKubectl() {
  if (!state_) {
    return;
  }
  std::error_code ignored;
  state_->group.terminate(ignored);
  state_->io.stop();  // a descendant that left the group must not keep the pipes open
  state_->thread.join();
}

std::string RunningKubectl::first_line(const std::string& what) const {
  std::unique_lock lock(state_->mutex);
  state_->changed.wait_for(lock, state_->timeout,
                           [&] { return state_->line.has_value() || state_->exited; });
  if (state_->line) {
    return *state_->line;
  }
  ProcessResult failure = state_->result;
  if (!state_->exited) {
    failure.timed_out = true;
    failure.timeout = state_->timeout;
  }
  throw_kubectl_failure(failure, what);
}

std::optional<std::string> RunningKubectl::exit_reason() const {
  std::lock_guard lock(state_->mutex);
  if (!state_->exited)
    return std::nullopt;
  return state_->result.error_line();
}

RunningKubectl Kubectl::start(const KubectlCall& call) const {
  const auto argv = argv_of(call, options_.flags);
  log_call(options_, argv);
  const auto binary = resolve_binary(options_.binary);
  std::unique_ptr<RunningKubectl::State> state;
  {
    std::lock_guard launch_lock(launch_mutex);  // the pipes too: see ChildPipes
    state = std::make_unique<RunningKubectl::State>(options_.timeout,
                                                    command_line("kubectl", call.args));
    state->child = launch(binary, argv, state->pipes, state->group, DieWithParent{});
  }
  boost::system::error_code ignored;
  state->pipes.in.close(ignored);
  state->thread = std::thread([raw = state.get()] { raw->drain(); });
  return RunningKubectl(std::move(state));
}

std::vector<ProcessResult> Kubectl::run_all(const std::vector<KubectlCall>& calls,
                                            int concurrency) const {
  std::vector<ProcessResult> results(calls.size());
  util::parallel_for(calls.size(), static_cast<std::size_t>(std::max(concurrency, 1)),
                     [&](std::size_t i) { results[i] = run(calls[i]); });
  return results;
}

ProcessResult run_tool(const ToolCall& call) {
  ignore_sigpipe_once();
  if (call.log) {
    std::lock_guard lock(log_mutex);
    call.log(command_line(call.binary, call.args));
  }
  return run_process(resolve_binary(call.binary, call.not_found_hint.c_str()), call.args,
                     call.input, call.timeout, command_line(call.binary, call.args));
}

std::string Kubectl::run_checked(const KubectlCall& call, const std::string& what) const {
  auto result = run(call);
  if (!result.ok()) {
    throw_kubectl_failure(result, what);
  }
  return std::move(result.out);
}

}  // namespace gitops::kube
