#include "trust/verify.hpp"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "error.hpp"
#include "kube/kubectl.hpp"
#include "trust/allowed_signers.hpp"
#include "trust/openpgp_keyring.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

namespace gitops::trust {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSshHint = "(install OpenSSH 8.8 or newer)";
constexpr const char* kGpgvHint = "(install GnuPG's gpgv)";

std::string read_trust_file(const std::string& flag, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in || fs::is_directory(file))
    throw Error("cannot read --" + flag + " " + quoted(file) + ": no such file",
                ErrorKind::not_found);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// A trust file inside the working tree it guards could be widened by a push.
void refuse_inside(const git::Repository& repository, const std::string& flag,
                   const std::string& file) {
  if (repository.is_bare())
    return;
  const fs::path root = fs::weakly_canonical(repository.workdir());
  const fs::path relative = fs::weakly_canonical(fs::absolute(file)).lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..")
    return;
  throw Error("refusing --" + flag + " " + quoted(file) +
              ": it lies inside the repository being verified, where whoever can push could "
              "widen it; keep it outside the repository");
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out)
    throw Error("cannot write " + quoted(path.string()));
}

// The commit time as ssh-keygen's -Overify-time takes it: YYYYmmddHHMMSS in UTC.
std::string ssh_time(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &utc);
  return text;
}

std::string first_line(const std::string& text) {
  for (auto line : util::lines_of(text)) {
    if (auto trimmed_line = util::trimmed(line); !trimmed_line.empty())
      return std::string(trimmed_line);
  }
  return "";
}

// "Good "git" signature for P with ED25519 key SHA256:abc" -> "SHA256:abc".
std::string ssh_fingerprint(const std::string& out) {
  static const std::regex key(R"( key (\S+))");
  std::smatch match;
  const std::string line = first_line(out);
  return std::regex_search(line, match, key) ? match[1].str() : "";
}

// The status lines of gpgv --status-fd 1: "[GNUPG:] VALIDSIG ..." -> {"VALIDSIG", "..."}.
std::vector<std::pair<std::string, std::string>> gpg_status(const std::string& out) {
  std::vector<std::pair<std::string, std::string>> lines;
  for (auto line : util::lines_of(out)) {
    if (!line.starts_with("[GNUPG:] "))
      continue;
    auto rest = std::string(line.substr(9));
    const auto space = rest.find(' ');
    lines.emplace_back(rest.substr(0, space),
                       space == std::string::npos ? "" : rest.substr(space + 1));
  }
  return lines;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> result;
  for (std::string word; in >> word;)
    result.push_back(word);
  return result;
}

}  // namespace

std::optional<VerifyMode> verify_mode(const std::string& text) {
  if (text == "head")
    return VerifyMode::head;
  if (text == "strict")
    return VerifyMode::strict;
  return std::nullopt;
}

std::string mode_name(VerifyMode mode) {
  return mode == VerifyMode::head ? "head" : "strict";
}

std::string describe_signer(const Signer& signer) {
  return signer.principal + " (" + signer.format + " " + signer.fingerprint + ")";
}

struct Verifier::State {
  const git::Repository* repository = nullptr;
  VerifyMode mode;
  TrustRoots roots;
  ToolOptions tools;
  std::vector<AllowedSigner> signers;
  std::unique_ptr<util::TempDir> folder;  // the keyring, and each signature while it is checked
  fs::path keyring;

  kube::ProcessResult run(const std::string& binary, std::vector<std::string> args,
                          std::string input, const char* hint) const {
    return kube::run_tool(
        {binary, std::move(args), tools.timeout, hint, tools.log, std::move(input)});
  }

  // Why a commit is refused, as the end of "commit 1a2b3c4 <reason>".
  [[noreturn]] void refuse(const std::string& label, const std::string& reason) const {
    throw Error("commit " + label + " " + reason + " (--verify-signatures " + mode_name(mode) + ")",
                ErrorKind::failed);
  }

  Signer verify(const git::Commit& commit, const std::string& label) const;
  Signer verify_ssh(const std::string& label, const git::CommitSignature& signed_commit) const;
  Signer verify_openpgp(const std::string& label, const git::CommitSignature& signed_commit) const;
  std::string ssh_key_of(const fs::path& signature, const std::string& payload) const;
};

Verifier::Verifier(const git::Repository& repository, VerifyMode mode, TrustRoots roots,
                   ToolOptions tools)
    : state_(std::make_unique<State>()) {
  state_->repository = &repository;
  state_->mode = mode;
  state_->tools = std::move(tools);
  if (roots.allowed_signers.empty() && roots.trusted_keys.empty())
    throw Error("--verify-signatures needs the keys to trust: --allowed-signers or --trusted-keys");
  state_->folder = std::make_unique<util::TempDir>("kubectl-gitops-verify");
  if (!roots.allowed_signers.empty()) {
    roots.allowed_signers = fs::absolute(roots.allowed_signers).lexically_normal().string();
    const auto text = read_trust_file("allowed-signers", roots.allowed_signers);
    refuse_inside(repository, "allowed-signers", roots.allowed_signers);
    state_->signers = parse_allowed_signers(text, roots.allowed_signers);
  }
  if (!roots.trusted_keys.empty()) {
    roots.trusted_keys = fs::absolute(roots.trusted_keys).lexically_normal().string();
    const auto content = read_trust_file("trusted-keys", roots.trusted_keys);
    refuse_inside(repository, "trusted-keys", roots.trusted_keys);
    state_->keyring = state_->folder->path() / "trusted.gpg";
    write_file(state_->keyring, binary_keyring(content, roots.trusted_keys));
  }
  state_->roots = std::move(roots);
}

Verifier::Verifier(Verifier&&) noexcept = default;
Verifier::~Verifier() = default;

VerifyMode Verifier::mode() const {
  return state_->mode;
}

// The signing key's fingerprint when the signature is sound whoever made it; "" when it is not
// (ssh-keygen -Y check-novalidate).
std::string Verifier::State::ssh_key_of(const fs::path& signature,
                                        const std::string& payload) const {
  const auto checked =
      run("ssh-keygen", {"-Y", "check-novalidate", "-n", "git", "-s", signature.string()}, payload,
          kSshHint);
  return checked.ok() ? ssh_fingerprint(checked.out) : "";
}

Signer Verifier::State::verify_ssh(const std::string& label,
                                   const git::CommitSignature& signed_commit) const {
  const fs::path signature = folder->path() / "commit.sig";
  write_file(signature, signed_commit.signature);
  if (roots.allowed_signers.empty()) {
    const auto key = ssh_key_of(signature, signed_commit.payload);
    if (key.empty())
      refuse(label, "has a bad signature");
    refuse(label, "is signed by an unknown key " + key +
                      " (an SSH signature, and no --allowed-signers to check it)");
  }
  const std::string verify_time = "-Overify-time=" + ssh_time(signed_commit.committer_time);
  const auto found = run(
      "ssh-keygen",
      {"-Y", "find-principals", "-f", roots.allowed_signers, "-s", signature.string(), verify_time},
      "", kSshHint);
  if (!found.ok()) {
    // ssh-keygen names a key outside its validity as "FILE:LINE: key has expired: ..." or
    // "...: key is not yet valid: ...".
    for (auto line : util::lines_of(found.err)) {
      const std::string text(util::trimmed(line));
      const auto at = text.find(": key ");
      if (at != std::string::npos && (text.find("expired") != std::string::npos ||
                                      text.find("not yet valid") != std::string::npos)) {
        const auto prefix = text.substr(0, at);
        const auto colon = prefix.rfind(':');
        const auto where = colon == std::string::npos ? quoted(roots.allowed_signers)
                                                      : quoted(roots.allowed_signers) + " line " +
                                                            prefix.substr(colon + 1);
        refuse(label, "is signed by a key not valid at that time: " + text.substr(at + 2) + " (" +
                          where + ")");
      }
    }
    const auto key = ssh_key_of(signature, signed_commit.payload);
    if (key.empty())
      refuse(label, "has a bad signature");
    refuse(label, "is signed by an unknown key " + key + " (not in --allowed-signers " +
                      quoted(roots.allowed_signers) + ")");
  }
  std::vector<std::string> principals;
  for (auto line : util::lines_of(found.out)) {
    if (auto principal = util::trimmed(line); !principal.empty())
      principals.emplace_back(principal);
  }
  for (const auto& principal : principals) {
    const auto verified = run("ssh-keygen",
                              {"-Y", "verify", "-n", "git", "-f", roots.allowed_signers, "-I",
                               principal, "-s", signature.string(), verify_time},
                              signed_commit.payload, kSshHint);
    if (verified.ok() && verified.out.starts_with("Good"))
      return Signer{"ssh", principal, ssh_fingerprint(verified.out)};
  }
  if (ssh_key_of(signature, signed_commit.payload).empty())
    refuse(label, "has a bad signature");
  // The key is listed and the signature sound: the line does not let its principal sign commits.
  std::string where;
  for (const auto& signer : signers) {
    for (const auto& principal : principals) {
      const bool named = std::find(signer.principals.begin(), signer.principals.end(), principal) !=
                         signer.principals.end();
      if (named && !signer.allows_namespace("git")) {
        where = " (" + quoted(roots.allowed_signers) + " line " + std::to_string(signer.line) +
                " allows only namespaces other than \"git\")";
      }
    }
  }
  refuse(label, "is signed by " + quoted(principals.empty() ? std::string("?") : principals[0]) +
                    ", a principal not allowed to sign git commits" + where);
}

Signer Verifier::State::verify_openpgp(const std::string& label,
                                       const git::CommitSignature& signed_commit) const {
  if (roots.trusted_keys.empty())
    refuse(label,
           "is signed by an unknown key (an OpenPGP signature, and no --trusted-keys to "
           "check it)");
  const fs::path signature = folder->path() / "commit.asc";
  write_file(signature, signed_commit.signature);
  const fs::path home = folder->path() / "gnupg";
  fs::create_directories(home);
  fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace);
  const auto result = run("gpgv",
                          {"--homedir", home.string(), "--keyring", keyring.string(), "--status-fd",
                           "1", signature.string(), "-"},
                          signed_commit.payload, kGpgvHint);
  std::string user_id;
  std::string fingerprint;
  std::string refusal;
  for (const auto& [keyword, rest] : gpg_status(result.out)) {
    const auto fields = words(rest);
    if (keyword == "GOODSIG" && fields.size() >= 1) {
      user_id = rest.substr(rest.find(' ') == std::string::npos ? rest.size() : rest.find(' ') + 1);
    } else if (keyword == "VALIDSIG" && !fields.empty()) {
      fingerprint = fields.front();
    } else if (keyword == "BADSIG") {
      refusal = "has a bad signature";
    } else if (keyword == "EXPKEYSIG" || keyword == "EXPSIG") {
      refusal = "is signed by a key not valid at that time (" +
                std::string(keyword == "EXPKEYSIG" ? "the key has expired"
                                                   : "the signature has expired") +
                ")";
    } else if (keyword == "REVKEYSIG") {
      refusal = "is signed by a key not valid at that time (the key is revoked)";
    } else if (keyword == "NO_PUBKEY" && refusal.empty()) {
      refusal = "is signed by an unknown key " + (fields.empty() ? std::string("?") : fields[0]) +
                " (not in --trusted-keys " + quoted(roots.trusted_keys) + ")";
    }
  }
  if (!refusal.empty())
    refuse(label, refusal);
  if (!result.ok() || fingerprint.empty() || user_id.empty()) {
    refuse(label,
           "could not be verified: " +
               (first_line(result.err).empty() ? result.error_line() : first_line(result.err)));
  }
  return Signer{"openpgp", user_id, fingerprint};
}

Signer Verifier::State::verify(const git::Commit& commit, const std::string& label) const {
  const auto signed_commit = repository->signature(commit);
  if (!signed_commit)
    refuse(label, "is not signed");
  if (signed_commit->signature.starts_with("-----BEGIN SSH SIGNATURE-----"))
    return verify_ssh(label, *signed_commit);
  if (signed_commit->signature.starts_with("-----BEGIN PGP SIGNATURE-----"))
    return verify_openpgp(label, *signed_commit);
  refuse(label,
         "has a signature neither SSH nor OpenPGP (" + first_line(signed_commit->signature) + ")");
}

Signer Verifier::verify_commit(const git::Commit& commit) const {
  return state_->verify(commit, commit.short_sha());
}

Signer Verifier::verify_revision(const git::Commit& head, const std::optional<git::Commit>& since,
                                 const std::vector<std::string>& paths) const {
  const Signer signer = verify_commit(head);
  if (state_->mode != VerifyMode::strict)
    return signer;
  std::string range = since ? since->short_sha() + ".." + head.short_sha() : head.short_sha();
  std::string changing;
  for (const auto& path : paths) {
    if (!path.empty() && path != ".")
      changing += (changing.empty() ? ", changing " : " ") + path;
  }
  auto commits = state_->repository->commits_changing(since, head, paths);
  for (auto it = commits.rbegin(); it != commits.rend(); ++it) {
    if (it->sha != head.sha)
      state_->verify(*it, it->short_sha() + " (in " + range + changing + ")");
  }
  return signer;
}

}  // namespace gitops::trust
