#include "trust/sign.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "error.hpp"
#include "git/identity.hpp"
#include "git/signing_config.hpp"
#include "kube/kubectl.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

namespace gitops::trust {

namespace fs = std::filesystem;

namespace {

// "~/.ssh/id_ed25519" as git reads user.signingkey.
std::string expand_home(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (path.starts_with("~/") && home != nullptr)
    return std::string(home) + path.substr(1);
  return path;
}

std::string reason_of(const kube::ProcessResult& result) {
  if (result.timed_out)
    return result.error_line();
  std::string reason;
  for (auto line : util::lines_of(result.err)) {
    auto text = util::trimmed(line);
    if (!text.empty() && !text.starts_with("[GNUPG:]"))
      reason = std::string(text);
  }
  return reason.empty() ? "exited with code " + std::to_string(result.exit_code) : reason;
}

git::SignCommit ssh_signer(std::string key, const ToolOptions& tools) {
  if (key.empty())
    throw Error(
        "signing with SSH (gpg.format=ssh) needs a key: set user.signingkey or give --sign=KEY");
  return [key = std::move(key), tools](const std::string& payload) {
    // A literal public key ("key::ssh-ed25519 AAAA..."), as git allows: its private half is in
    // the ssh-agent.
    std::optional<util::TempDir> folder;
    std::string key_file = expand_home(key);
    std::vector<std::string> args = {"-Y", "sign", "-n", "git", "-f"};
    if (key.starts_with("key::") || key.starts_with("ssh-")) {
      folder.emplace("kubectl-gitops-sign");
      key_file = (folder->path() / "key.pub").string();
      std::ofstream(key_file) << (key.starts_with("key::") ? key.substr(5) : key) << "\n";
      args.insert(args.begin(), "-U");
    }
    args.push_back(key_file);
    const auto result = kube::run_tool(
        {"ssh-keygen", args, tools.timeout, "(install OpenSSH 8.2 or newer)", tools.log, payload});
    if (!result.ok() || !result.out.starts_with("-----BEGIN SSH SIGNATURE-----"))
      throw Error("cannot sign the commit with the SSH key " + quoted(key) + ": " +
                  reason_of(result));
    return result.out;
  };
}

git::SignCommit openpgp_signer(std::string key, const ToolOptions& tools) {
  return [key = std::move(key), tools](const std::string& payload) {
    const auto result =
        kube::run_tool({"gpg",
                        {"--status-fd", "2", "--detach-sign", "--armor", "--local-user", key},
                        tools.timeout,
                        "(install GnuPG)",
                        tools.log,
                        payload});
    if (!result.ok() || result.err.find("[GNUPG:] SIG_CREATED ") == std::string::npos)
      throw Error("cannot sign the commit with the OpenPGP key " + quoted(key) + ": " +
                  reason_of(result));
    return result.out;
  };
}

}  // namespace

git::SignCommit commit_signer(const git::Writer& writer, const std::optional<std::string>& sign,
                              const ToolOptions& tools) {
  const auto config = git::signing_config(writer);
  if (!sign && !config.sign_commits)
    return {};
  const std::string key = sign && !sign->empty() ? *sign : config.key;
  if (config.format == "ssh")
    return ssh_signer(key, tools);
  if (config.format == "openpgp")
    return openpgp_signer(key.empty() ? git::require_identity(writer).str() : key, tools);
  throw Error("cannot sign commits with gpg.format=" + config.format +
              ": only ssh and openpgp are supported");
}

}  // namespace gitops::trust
