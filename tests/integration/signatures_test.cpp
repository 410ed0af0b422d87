// Trusted delivery with real keys: commits signed by the git CLI with ssh-keygen keys and with a
// gpg key made in a GNUPGHOME of the test's own, verified by gitsync, gitdiff and gitpromote
// (--verify-signatures), and the commits gitpromote and gitrevert make signed and checked with
// git verify-commit. The trust files live outside the repositories, except where that is the test.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

// Keys made once for the whole suite: SSH keys for alice (trusted) and mallory (not), and an
// OpenPGP key for carol in a GNUPGHOME of its own.
class Keys {
 public:
  Keys() {
    for (const char* name : {"alice", "mallory"}) {
      auto made = shell("ssh-keygen -q -t ed25519 -N '' -C " + std::string(name) + " -f " +
                        shell_quote((folder_ / name).string()));
      EXPECT_EQ(made.exit_code, 0) << made.err;
    }
    fs::create_directories(gnupg());
    fs::permissions(gnupg(), fs::perms::owner_all, fs::perm_options::replace);
    auto made = shell(gpg_env() +
                      " gpg --batch --passphrase '' --quick-gen-key 'Carol <carol@example.com>' "
                      "ed25519 sign 0");
    EXPECT_EQ(made.exit_code, 0) << made.err;
    auto exported = shell(gpg_env() + " gpg --armor --export carol@example.com > " +
                          shell_quote(carol_keys().string()));
    EXPECT_EQ(exported.exit_code, 0) << exported.err;
    // Dave's key, binary, in a GNUPGHOME of its own: trusted by no commit's signer.
    const auto dave_home = folder_ / "gnupg-dave";
    fs::create_directories(dave_home);
    fs::permissions(dave_home, fs::perms::owner_all, fs::perm_options::replace);
    const auto dave_env = "GNUPGHOME=" + shell_quote(dave_home.string());
    auto dave =
        shell(dave_env +
              " gpg --batch --passphrase '' --quick-gen-key 'Dave <dave@example.com>' "
              "ed25519 sign 0 && " +
              dave_env + " gpg --export dave@example.com > " + shell_quote(dave_keys().string()) +
              " && " + dave_env + " gpgconf --kill gpg-agent");
    EXPECT_EQ(dave.exit_code, 0) << dave.err;
  }
  ~Keys() { shell(gpg_env() + " gpgconf --kill gpg-agent"); }

  fs::path key(const std::string& name) const { return folder_ / name; }
  std::string public_key(const std::string& name) const {
    auto text = trimmed(read_file(folder_ / (name + ".pub")));
    return text.substr(0, text.rfind(' '));  // without the comment
  }
  fs::path gnupg() const { return folder_ / "gnupg"; }
  std::string gpg_env() const { return "GNUPGHOME=" + shell_quote(gnupg().string()); }
  fs::path carol_keys() const { return folder_ / "carol.asc"; }
  fs::path dave_keys() const { return folder_ / "dave.gpg"; }

  // An allowed-signers file outside every repository: `line_for_alice` then alice's key.
  fs::path allowed_signers(const std::string& name, const std::string& options) const {
    const auto path = folder_ / name;
    std::ofstream(path) << "alice@example.com " << options << (options.empty() ? "" : " ")
                        << public_key("alice") << "\n";
    return path;
  }

 private:
  ScratchFolder folder_{"gitops-test-keys"};
};

Keys& keys() {
  static Keys made;  // once per run; its gpg-agent is stopped at exit
  return made;
}

// Commits everything in `repo` the way a user signs: git commit -S.
std::string commit_ssh_signed(const TempRepo& repo, const std::string& key,
                              const std::string& message) {
  EXPECT_EQ(repo.git("add -A").exit_code, 0);
  auto committed = repo.git("-c gpg.format=ssh -c user.signingkey=" + shell_quote(key) +
                            " commit -q -S --allow-empty -m " + shell_quote(message));
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  return trimmed(repo.git("rev-parse HEAD").out);
}

std::string commit_gpg_signed(const TempRepo& repo, const std::string& message) {
  EXPECT_EQ(repo.git("add -A").exit_code, 0);
  auto committed = shell(keys().gpg_env() +
                             " GIT_AUTHOR_NAME=Carol GIT_AUTHOR_EMAIL=carol@example.com"
                             " GIT_COMMITTER_NAME=Carol GIT_COMMITTER_EMAIL=carol@example.com "
                             "git -c gpg.format=openpgp -c user.signingkey=carol@example.com "
                             "commit -q -S --allow-empty -m " +
                             shell_quote(message),
                         repo.path());
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  return trimmed(repo.git("rev-parse HEAD").out);
}

class SignatureVerification : public ClusterTest {
 protected:
  SignatureVerification() : ClusterTest("sv") {}

  RunResult gitsync(std::vector<std::string> args) {
    args.insert(args.begin(), "app");
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return run_plugin("gitsync", args, repo_.path());
  }
  RunResult gitsync_ssh(const std::string& mode, const fs::path& allowed) {
    return gitsync({"--verify-signatures", mode, "--allowed-signers", allowed.string()});
  }

  void write_config(const std::string& value) {
    repo_.write("app/config.yaml", config_map(ns_, "config", value));
  }
  std::string live_value() {
    return kubectl("get configmap config -n " + ns_ + " -o jsonpath={.data.key} --ignore-not-found",
                   "", false)
        .out;
  }
  bool has_record() {
    return kubectl("get configmap gitsync-" + app_ + " -n " + records_ + " -o name", "", false)
               .exit_code == 0;
  }
  void expect_refused(const RunResult& result, const std::string& message) {
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_EQ(result.err, "kubectl-gitsync: error: " + message + "\n");
    EXPECT_EQ(live_value(), "");
    EXPECT_FALSE(has_record());
  }

  fs::path trusted_ = keys().allowed_signers("allowed_signers", "namespaces=\"git\"");
  std::string app_ = unique_name("app");
};

TEST_F(SignatureVerification, SshSignedRevisionSyncsAndNamesItsSigner) {
  write_config("v1");
  const auto sha = commit_ssh_signed(repo_, keys().key("alice"), "v1");
  const auto result = gitsync_ssh("head", trusted_);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("commit " + sha.substr(0, 7) +
                            " signed by alice@example.com (ssh key SHA256:"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(live_value(), "v1");
}

TEST_F(SignatureVerification, OpenPgpSignedRevisionSyncsWithArmoredTrustedKeys) {
  write_config("v1");
  commit_gpg_signed(repo_, "v1");
  const auto result =
      gitsync({"--verify-signatures", "head", "--trusted-keys", keys().carol_keys().string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("signed by Carol <carol@example.com> (openpgp key "), std::string::npos)
      << result.err;
  EXPECT_EQ(live_value(), "v1");
}

TEST_F(SignatureVerification, UnsignedRevisionIsRefusedAndNothingChanges) {
  write_config("v1");
  const auto sha = repo_.commit("v1");
  expect_refused(gitsync_ssh("head", trusted_),
                 "commit " + sha.substr(0, 7) + " is not signed (--verify-signatures head)");
}

TEST_F(SignatureVerification, UnknownKeyIsRefusedNamingItsFingerprint) {
  write_config("v1");
  const auto sha = commit_ssh_signed(repo_, keys().key("mallory"), "v1");
  const auto result = gitsync_ssh("head", trusted_);
  EXPECT_NE(
      result.err.find("error: commit " + sha.substr(0, 7) + " is signed by an unknown key SHA256:"),
      std::string::npos)
      << result.err;
  expect_refused(result, trimmed(result.err.substr(result.err.find("commit "))));
}

TEST_F(SignatureVerification, OpenPgpSignatureOfAKeyNotTrustedIsRefused) {
  write_config("v1");
  const auto sha = commit_gpg_signed(repo_, "v1");
  // Only SSH keys are trusted: an OpenPGP signature has nothing to be checked against.
  expect_refused(gitsync_ssh("head", trusted_),
                 "commit " + sha.substr(0, 7) +
                     " is signed by an unknown key (an OpenPGP signature, and no --trusted-keys "
                     "to check it) (--verify-signatures head)");
}

TEST_F(SignatureVerification, OpenPgpSignatureByAKeyOutsideTheTrustedKeysIsRefused) {
  write_config("v1");
  const auto sha = commit_gpg_signed(repo_, "v1");
  const auto result =
      gitsync({"--verify-signatures", "head", "--trusted-keys", keys().dave_keys().string()});
  EXPECT_NE(result.err.find("error: commit " + sha.substr(0, 7) + " is signed by an unknown key "),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(" (not in --trusted-keys '" + keys().dave_keys().string() +
                            "') (--verify-signatures head)\n"),
            std::string::npos)
      << result.err;
  expect_refused(result, trimmed(result.err.substr(result.err.find("commit "))));
}

TEST_F(SignatureVerification, ExpiredKeyIsRefusedAsNotValidAtThatTime) {
  const auto expired = keys().allowed_signers("expired_signers", "valid-before=\"20200101\"");
  write_config("v1");
  const auto sha = commit_ssh_signed(repo_, keys().key("alice"), "v1");
  const auto result = gitsync_ssh("head", expired);
  EXPECT_NE(result.err.find("error: commit " + sha.substr(0, 7) +
                            " is signed by a key not valid at that time: key has expired"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(" > valid-before 2020-01-01T00:00:00 ('" + expired.string() +
                            "' line 1) (--verify-signatures head)\n"),
            std::string::npos)
      << result.err;
  expect_refused(result, trimmed(result.err.substr(result.err.find("commit "))));
}

TEST_F(SignatureVerification, PrincipalNotAllowedToSignCommitsIsRefused) {
  const auto file_only = keys().allowed_signers("file_signers", "namespaces=\"file\"");
  write_config("v1");
  const auto sha = commit_ssh_signed(repo_, keys().key("alice"), "v1");
  const auto result = gitsync_ssh("head", file_only);
  EXPECT_NE(result.err.find("error: commit " + sha.substr(0, 7) +
                            " is signed by 'alice@example.com', a principal not allowed to sign "
                            "git commits"),
            std::string::npos)
      << result.err;
  expect_refused(result, trimmed(result.err.substr(result.err.find("commit "))));
}

TEST_F(SignatureVerification, TamperedSignatureIsRefusedAsBad) {
  write_config("v1");
  commit_ssh_signed(repo_, keys().key("alice"), "v1");
  // The same signature over another commit object: the message changed after signing.
  const auto raw = repo_.git("cat-file commit HEAD").out;
  const auto at = raw.find("\n\nv1");
  ASSERT_NE(at, std::string::npos) << raw;
  const auto forged = raw.substr(0, at) + "\n\nv2 (forged)\n";
  repo_.write("forged.txt", forged);
  const auto written = repo_.git("hash-object -t commit -w forged.txt");
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const auto sha = trimmed(written.out);
  repo_.remove("forged.txt");
  ASSERT_EQ(repo_.git("reset -q --hard " + sha).exit_code, 0);
  expect_refused(gitsync_ssh("head", trusted_),
                 "commit " + sha.substr(0, 7) + " has a bad signature (--verify-signatures head)");
}

TEST_F(SignatureVerification, StrictRefusesAnUnsignedCommitUnderASignedHead) {
  write_config("v1");
  commit_ssh_signed(repo_, keys().key("alice"), "v1");
  ASSERT_EQ(gitsync_ssh("strict", trusted_).exit_code, 0);

  write_config("v2");
  const auto unsigned_sha = repo_.commit("v2, unsigned");
  repo_.write("notes.txt", "outside the app\n");
  repo_.commit("notes, unsigned but outside the app");
  write_config("v3");
  const auto head = commit_ssh_signed(repo_, keys().key("alice"), "v3");

  const auto strict = gitsync_ssh("strict", trusted_);
  EXPECT_EQ(strict.exit_code, 2) << strict.out << strict.err;
  EXPECT_NE(strict.err.find("error: commit " + unsigned_sha.substr(0, 7) + " (in "),
            std::string::npos)
      << strict.err;
  EXPECT_NE(strict.err.find(".." + head.substr(0, 7) + ", changing app) is not signed " +
                            "(--verify-signatures strict)"),
            std::string::npos)
      << strict.err;
  EXPECT_EQ(live_value(), "v1");

  // gitdiff against the cluster starts at the same record.
  const auto diff = run_plugin("gitdiff",
                               {"app", "--verify-signatures", "strict", "--allowed-signers",
                                trusted_.string(), "--app", app_, "--record-namespace", records_},
                               repo_.path());
  EXPECT_EQ(diff.exit_code, 2) << diff.out << diff.err;
  EXPECT_EQ(diff.out, "");
  EXPECT_EQ(diff.err.substr(0, diff.err.find(" (in ")),
            "kubectl-gitdiff: error: commit " + unsigned_sha.substr(0, 7));

  // head looks at the revision alone.
  const auto head_only = gitsync_ssh("head", trusted_);
  EXPECT_EQ(head_only.exit_code, 0) << head_only.err;
  EXPECT_EQ(live_value(), "v3");
}

TEST_F(SignatureVerification, TrustFileInsideTheRepositoryIsRefused) {
  repo_.write("trust/allowed_signers", read_file(trusted_));
  write_config("v1");
  commit_ssh_signed(repo_, keys().key("alice"), "v1");
  const auto inside = repo_.path() / "trust" / "allowed_signers";
  expect_refused(gitsync_ssh("head", inside),
                 "refusing --allowed-signers '" + inside.string() +
                     "': it lies inside the repository being verified, where whoever can push "
                     "could widen it; keep it outside the repository");
}

TEST_F(SignatureVerification, GitDiffShowsWhoSignedInItsHeaderAndJson) {
  write_config("v1");
  commit_ssh_signed(repo_, keys().key("alice"), "v1");
  const auto result = run_plugin("gitdiff",
                                 {"app", "--verify-signatures", "head", "--allowed-signers",
                                  trusted_.string(), "--app", app_, "--record-namespace", records_},
                                 repo_.path());
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(result.out.starts_with("commit ")) << result.out;
  EXPECT_NE(result.out.find(" signed by alice@example.com (ssh key SHA256:"), std::string::npos)
      << result.out;

  const auto json =
      run_plugin("gitdiff",
                 {"app", "--verify-signatures", "head", "--allowed-signers", trusted_.string(),
                  "--app", app_, "--record-namespace", records_, "-o", "json"},
                 repo_.path());
  ASSERT_EQ(json.exit_code, 1) << json.err;
  const auto signature = nlohmann::json::parse(json.out)["source"]["signature"];
  EXPECT_EQ(signature["format"], "ssh");
  EXPECT_EQ(signature["principal"], "alice@example.com");
  EXPECT_TRUE(signature["fingerprint"].get<std::string>().starts_with("SHA256:")) << signature;
}

// gitdiff --rev A..B needs no cluster; strict checks the commits in A..B.
class SignatureRange : public ::testing::Test {
 protected:
  RunResult gitdiff(const std::string& mode, const std::string& range) {
    return run_plugin("gitdiff",
                      {"app", "--rev", range, "--verify-signatures", mode, "--allowed-signers",
                       trusted_.string()},
                      repo_.path());
  }
  void write(const std::string& value) {
    repo_.write("app/config.yaml", config_map("default", "config", value));
  }

  TempRepo repo_;
  fs::path trusted_ = keys().allowed_signers("allowed_signers", "namespaces=\"git\"");
};

TEST_F(SignatureRange, StrictChecksEveryCommitOfTheRangeThatChangesThePaths) {
  write("v1");
  const auto from = commit_ssh_signed(repo_, keys().key("alice"), "v1");
  write("v2");
  const auto unsigned_sha = repo_.commit("v2");
  write("v3");
  const auto to = commit_ssh_signed(repo_, keys().key("alice"), "v3");

  const auto head = gitdiff("head", from + ".." + to);
  EXPECT_EQ(head.exit_code, 1) << head.err;
  EXPECT_TRUE(head.out.starts_with("commit " + to.substr(0, 7) + " signed by alice@example.com"))
      << head.out;

  const auto strict = gitdiff("strict", from + ".." + to);
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_EQ(strict.out, "");
  EXPECT_EQ(strict.err, "kubectl-gitdiff: error: commit " + unsigned_sha.substr(0, 7) + " (in " +
                            from.substr(0, 7) + ".." + to.substr(0, 7) +
                            ", changing app) is not signed (--verify-signatures strict)\n");
}

// gitpromote checks its source revision and signs the commit it makes; no cluster needed.
class SignaturePromote : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.git("config user.name 'Pat Promoter'");
    repo_.git("config user.email pat@example.com");
    repo_.write("envs/staging/app.yaml", image("web:1.1"));
    repo_.write("envs/prod/app.yaml", image("web:1.0"));
  }
  static std::string image(const std::string& ref) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
           "    spec:\n      containers:\n      - name: web\n        image: " +
           ref + "\n";
  }
  RunResult promote(std::vector<std::string> args, const std::string& env = "") {
    args.insert(args.begin(), {"--from", "envs/staging", "--to", "envs/prod"});
    return run_plugin("gitpromote", args, repo_.path(),
                      "HOME=" + shell_quote(home_.path().string()) + " " + env);
  }
  std::string head() { return trimmed(repo_.git("rev-parse HEAD").out); }
  RunResult verify_commit() {
    return shell(keys().gpg_env() + " git -c gpg.ssh.allowedSignersFile=" +
                     shell_quote(trusted_.string()) + " verify-commit HEAD",
                 repo_.path());
  }

  TempRepo repo_;
  ScratchFolder home_{"gitops-test-home"};
  fs::path trusted_ = keys().allowed_signers("allowed_signers", "namespaces=\"git\"");
};

TEST_F(SignaturePromote, UnsignedSourceIsRefusedAndNothingIsCommitted) {
  const auto source = repo_.commit("staging runs 1.1");
  const auto result =
      promote({"--verify-signatures", "head", "--allowed-signers", trusted_.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "kubectl-gitpromote: error: commit " + source.substr(0, 7) +
                            " is not signed (--verify-signatures head)\n");
  EXPECT_EQ(head(), source);
}

TEST_F(SignaturePromote, SignedSourceIsPromotedInACommitSignedWithSshThatGitVerifies) {
  commit_ssh_signed(repo_, keys().key("alice"), "staging runs 1.1");
  repo_.git("config gpg.format ssh");
  const auto result = promote({"--verify-signatures", "head", "--allowed-signers",
                               trusted_.string(), "--sign=" + keys().key("alice").string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(repo_.read("envs/prod/app.yaml").find("web:1.1"), std::string::npos);
  const auto verified = verify_commit();
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.err.find("Good \"git\" signature for alice@example.com"), std::string::npos)
      << verified.err;
}

TEST_F(SignaturePromote, GitConfigurationAloneSignsWithOpenPgp) {
  repo_.commit("staging runs 1.1");
  repo_.git("config commit.gpgsign true");
  repo_.git("config gpg.format openpgp");
  repo_.git("config user.signingkey carol@example.com");
  const auto result = promote({}, keys().gpg_env());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto verified = verify_commit();
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.err.find("Good signature from \"Carol <carol@example.com>\""),
            std::string::npos)
      << verified.err;
}

TEST_F(SignaturePromote, UnsignedWithoutConfigurationOrFlag) {
  repo_.commit("staging runs 1.1");
  const auto result = promote({});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(verify_commit().exit_code, 0);
  EXPECT_EQ(repo_.git("cat-file commit HEAD").out.find("gpgsig"), std::string::npos);
}

// gitrevert signs its revert commit as git's configuration says.
class SignatureRevert : public ClusterTest {
 protected:
  SignatureRevert() : ClusterTest("sr") {}
  RunResult run(const std::string& plugin, std::vector<std::string> args) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return run_plugin(plugin, args, repo_.path());
  }
  std::string app_ = unique_name("app");
  fs::path trusted_ = keys().allowed_signers("allowed_signers", "namespaces=\"git\"");
};

TEST_F(SignatureRevert, RevertCommitIsSignedWithSshAndGitVerifiesIt) {
  repo_.git("config user.name 'Test Author'");
  repo_.git("config user.email author@example.com");
  for (const char* version : {"v1", "v2"}) {
    repo_.write("app/config.yaml", config_map(ns_, "config", version));
    repo_.commit(version);
    const auto synced = run("gitsync", {"app"});
    ASSERT_EQ(synced.exit_code, 0) << synced.err;
  }
  repo_.git("config gpg.format ssh");
  repo_.git("config user.signingkey " + shell_quote(keys().key("alice").string()));
  const auto reverted = run("gitrevert", {"-S"});
  ASSERT_EQ(reverted.exit_code, 0) << reverted.out << reverted.err;
  const auto verified = shell(
      "git -c gpg.ssh.allowedSignersFile=" + shell_quote(trusted_.string()) + " verify-commit HEAD",
      repo_.path());
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.err.find("Good \"git\" signature for alice@example.com"), std::string::npos)
      << verified.err;
}

}  // namespace
}  // namespace gitops::testing
