// Every bad input answered (issue 14): malformed, hostile and oversized manifests, broken
// repositories, unreachable or forbidden clusters, bad flags and flag combinations, across the
// four plugins. Each row runs the real plugin and must get one line on stderr naming the culprit,
// an exit code of 2 or more that is not a signal, and no change to the repository or the cluster.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  std::string name;  // the test's name: letters and digits
  std::string plugin;
  std::vector<std::string> args;  // {ns}, {records} and {dir} (a scratch folder) are replaced
  std::vector<std::pair<std::string, std::string>> files;  // committed first; {ns} replaced
  std::string culprit;                                     // what the line must name
  std::function<void(const TempRepo&)> setup = nullptr;    // after the commit
};

// gtest names a failing row by this, not by its bytes.
void PrintTo(const BadInput& row, std::ostream* out) {
  *out << row.name;
}

std::string config_map(const std::string& name) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name +
         "\n  namespace: {ns}\ndata:\n  key: \"1\"\n";
}

std::string deployment(const std::string& image) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {ns}\n"
         "spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
         "      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n"
         "        image: " +
         image + "\n";
}

const std::string kUnreachableKubeconfig =
    "apiVersion: v1\nkind: Config\ncurrent-context: gone\nclusters:\n- name: gone\n  cluster:\n"
    "    server: https://127.0.0.1:1\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n"
    "    user: nobody\nusers:\n- name: nobody\n  user:\n    token: x\n";

std::string billion_laughs() {
  std::string text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a "
      "[x,x,x,x,x,x,x,x,x]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    text += std::string("  ") + level + ": &" + level + " [";
    for (int i = 0; i < 9; ++i)
      text += std::string(i ? ",*" : "*") + static_cast<char>(level - 1);
    text += "]\n";
  }
  return text;
}

// A manifest of many megabytes whose last line is broken.
std::string oversized_broken() {
  std::string text = config_map("big");
  text.reserve(24 << 20);
  for (int i = 0; i < 400000; ++i)
    text += "  k" + std::to_string(i) + ": \"" + std::string(40, 'v') + "\"\n";
  return text + "  broken: [unclosed\n";
}

// One line of 16 MB, unterminated.
std::string oversized_line() {
  return config_map("line") + "  long: \"" + std::string(16 << 20, 'x') + "\n";
}

std::vector<BadInput> rows() {
  // gitsync and gitrevert rows keep to the test's record namespace; gitsync's name the app, so
  // that stderr holds no "app: NAME" line beside the error.
  const auto sync = [](std::vector<std::string> args) {
    if (std::find(args.begin(), args.end(), "--app") == args.end())
      args.insert(args.end(), {"--app", "bad-input"});
    args.insert(args.end(), {"--record-namespace", "{records}"});
    return args;
  };
  const std::vector<std::pair<std::string, std::string>> app = {
      {"app/settings.yaml", config_map("settings")}};
  const auto with = [&](std::string path, std::string content) {
    auto files = app;
    files.emplace_back(std::move(path), std::move(content));
    return files;
  };
  const std::vector<std::pair<std::string, std::string>> envs = {
      {"envs/staging/web.yaml", deployment("registry.example.com/web:1.2.0")},
      {"envs/prod/web.yaml", deployment("registry.example.com/web:1.1.0")}};
  const auto unreachable = [](const TempRepo& repo) {
    repo.write(".git/unreachable.kubeconfig", kUnreachableKubeconfig);
  };

  return {
      // --- malformed, hostile and oversized manifests ---
      {"GitdiffSyntaxError",
       "gitdiff",
       {"app"},
       with("app/bad.yaml", "a: [1, 2\n"),
       "app/bad.yaml"},
      {"GitsyncSyntaxError", "gitsync", sync({"app"}), with("app/bad.yaml", "a: [1, 2\n"),
       "app/bad.yaml"},
      {"GitdiffTabIndentation",
       "gitdiff",
       {"app"},
       with("app/tab.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n"),
       "app/tab.yaml"},
      {"GitsyncDuplicateKey", "gitsync", sync({"app"}),
       with("app/dup.yaml", config_map("dup") + "data:\n  other: x\n"), "app/dup.yaml"},
      {"GitdiffKindWithoutApiVersion",
       "gitdiff",
       {"app"},
       with("app/half.yaml", "kind: ConfigMap\nmetadata:\n  name: half\n"),
       "app/half.yaml"},
      {"GitsyncApiVersionWithoutKind", "gitsync", sync({"app"}),
       with("app/half.yaml", "apiVersion: v1\nmetadata:\n  name: half\n"), "app/half.yaml"},
      {"GitdiffBillionLaughs",
       "gitdiff",
       {"app"},
       with("app/lol.yaml", billion_laughs()),
       "app/lol.yaml"},
      {"GitsyncBillionLaughs", "gitsync", sync({"app"}), with("app/lol.yaml", billion_laughs()),
       "app/lol.yaml"},
      {"GitdiffNestingTooDeep",
       "gitdiff",
       {"app"},
       with("app/deep.yaml", "a: " + std::string(100000, '[') + "\n"),
       "app/deep.yaml"},
      {"GitsyncNestingTooDeep", "gitsync", sync({"app"}),
       with("app/deep.yaml",
            [] {
              std::string text = "a:\n";
              for (int i = 0; i < 20000; ++i)
                text += "- ";
              return text + "x\n";
            }()),
       "app/deep.yaml"},
      {"GitsyncBinaryFile", "gitsync", sync({"app"}),
       with("app/logo.yaml", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe", 18)),
       "app/logo.yaml"},
      {"GitdiffStreamTheYamlParserLoopsOn",
       "gitdiff",
       {"app"},
       with("app/loop.yaml", ", :\n"),
       "app/loop.yaml"},
      {"GitsyncStreamTheYamlParserLoopsOn", "gitsync", sync({"app"}),
       with("app/loop.yaml", config_map("loop") + "---\n, : x\n"), "app/loop.yaml"},
      {"GitdiffListItemNotAnObject",
       "gitdiff",
       {"app"},
       with("app/list.yaml", "apiVersion: v1\nkind: List\nitems:\n- 42\n"),
       "app/list.yaml"},
      {"GitdiffUnterminatedQuote",
       "gitdiff",
       {"app"},
       with("app/quote.yaml", config_map("quote") + "  other: \"open\n"),
       "app/quote.yaml"},
      {"GitsyncUndefinedAlias", "gitsync", sync({"app"}),
       with("app/alias.yaml", config_map("alias") + "  other: *nowhere\n"), "app/alias.yaml"},
      {"GitdiffMetadataNotAMapping",
       "gitdiff",
       {"app"},
       with("app/meta.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: 5\n"),
       "app/meta.yaml"},
      {"GitsyncNoName", "gitsync", sync({"app"}),
       with("app/noname.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: {ns}\n"),
       "app/noname.yaml"},
      {"GitdiffKindTheClusterDoesNotServe",
       "gitdiff",
       {"app"},
       with("app/wombat.yaml",
            "apiVersion: zoo.example.com/v1\nkind: Wombat\nmetadata:\n  name: w\n"
            "  namespace: {ns}\n"),
       "Wombat"},
      {"GitsyncKindTheClusterDoesNotServe", "gitsync", sync({"app"}),
       with("app/wombat.yaml",
            "apiVersion: zoo.example.com/v1\nkind: Wombat\nmetadata:\n  name: w\n"
            "  namespace: {ns}\n"),
       "Wombat"},
      {"GitsyncSameObjectTwice", "gitsync", sync({"app"}),
       with("app/again.yaml", config_map("settings")), "settings"},
      // Made when the row runs: the table itself stays small.
      {"GitdiffOversizedManifestBrokenAtItsEnd",
       "gitdiff",
       {"app"},
       app,
       "app/big.yaml",
       [](const TempRepo& repo) {
         repo.write("app/big.yaml", oversized_broken());
         repo.commit("a big file");
       }},
      {"GitsyncOversizedLine", "gitsync", sync({"app"}), app, "app/line.yaml",
       [](const TempRepo& repo) {
         repo.write("app/line.yaml", oversized_line());
         repo.commit("a long line");
       }},
      {"GitdiffKustomizationMalformed",
       "gitdiff",
       {"app"},
       with("app/kustomization.yaml", "resources: [settings.yaml\n"),
       "app/kustomization.yaml"},
      {"GitsyncKustomizationMissingResource", "gitsync", sync({"app"}),
       with("app/kustomization.yaml", "resources:\n- settings.yaml\n- missing.yaml\n"),
       "missing.yaml"},
      {"GitdiffKustomizationRemoteBaseUnreachable",
       "gitdiff",
       {"app"},
       with("app/kustomization.yaml", "resources:\n- https://127.0.0.1:1/nothing\n"),
       "https://127.0.0.1:1/nothing"},
      {"GitsyncLinkLoop", "gitsync", sync({"app"}), app, "loop.yaml",
       [](const TempRepo& repo) {
         fs::create_symlink("loop.yaml", repo.path() / "app/loop.yaml");
         repo.commit("a loop");
       }},
      {"GitdiffLinkLeavingTheRepository",
       "gitdiff",
       {"app"},
       app,
       "../../outside.yaml",
       [](const TempRepo& repo) {
         fs::create_symlink("../../outside.yaml", repo.path() / "app/outside.yaml");
         repo.commit("a link out");
       }},
      {"GitpromoteSourceManifestBroken",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod"},
       {envs[0], envs[1], {"envs/staging/bad.yaml", "a: [1\n"}},
       "envs/staging/bad.yaml"},
      {"GitpromoteTargetManifestBroken",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod"},
       {envs[0], envs[1], {"envs/prod/bad.yaml", "a: {b\n"}},
       "envs/prod/bad.yaml"},

      // --- broken repositories ---
      {"GitdiffOutsideAnyRepository",
       "gitdiff",
       {"--repo", "{dir}", "app"},
       app,
       "not a git repository"},
      {"GitsyncRevisionThatDoesNotExist", "gitsync", sync({"--rev", "nosuch", "app"}), app,
       "nosuch"},
      {"GitdiffRangeEndThatDoesNotExist",
       "gitdiff",
       {"--rev", "HEAD..nosuch", "app"},
       app,
       "nosuch"},
      {"GitdiffPathNotInTheRevision", "gitdiff", {"envs/none"}, app, "envs/none"},
      {"GitsyncPathOutsideTheRepository", "gitsync", sync({"../elsewhere"}), app, "../elsewhere"},
      {"GitdiffRepositoryWithoutCommits", "gitdiff", {"app"}, {}, "HEAD"},
      {"GitsyncCorruptObject", "gitsync", sync({"app"}), app, "app/settings.yaml",
       [](const TempRepo& repo) {
         const auto blob = repo.git("rev-parse HEAD:app/settings.yaml").out.substr(0, 40);
         const auto object = repo.path() / ".git/objects" / blob.substr(0, 2) / blob.substr(2);
         fs::permissions(object, fs::perms::owner_all);
         repo.write(".git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2), "garbage");
       }},
      {"GitdiffRepoFlagThatDoesNotExist",
       "gitdiff",
       {"--repo", "/no/such/repo", "app"},
       app,
       "/no/such/repo"},
      {"GitpromoteSourceFolderMissing",
       "gitpromote",
       {"--from", "envs/qa", "--to", "envs/prod"},
       envs,
       "envs/qa"},
      {"GitpromoteTargetFolderMissing",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/dev"},
       envs,
       "envs/dev"},
      {"GitpromoteRevisionThatDoesNotExist",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod", "--rev", "nosuch"},
       envs,
       "nosuch"},
      {"GitpromotePushWithoutTheRemote",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod", "--branch", "promote", "--push"},
       envs,
       "origin"},
      {"GitpromoteRemoteRepositoryUnreachable",
       "gitpromote",
       {"--repo", "http://127.0.0.1:1/shop.git", "--from", "envs/staging", "--to", "envs/prod",
        "--push"},
       envs,
       "127.0.0.1:1"},
      {"GitrevertCommitOfAnAppNeverSynced", "gitrevert",
       sync({"--app", "shop", "--commit", "0123456789abcdef0123456789abcdef01234567"}), app,
       "unknown app 'shop'"},
      {"GitrevertEmptyApp", "gitrevert", sync({"--app", "", "--list"}), app, "--app"},

      // --- unreachable or forbidden clusters ---
      {"GitdiffKubeconfigThatDoesNotExist",
       "gitdiff",
       {"--kubeconfig", "/no/such", "app"},
       app,
       "/no/such"},
      {"GitsyncKubeconfigThatDoesNotExist", "gitsync", sync({"--kubeconfig", "/no/such", "app"}),
       app, "/no/such"},
      {"GitrevertKubeconfigThatDoesNotExist", "gitrevert",
       sync({"--kubeconfig", "/no/such", "--app", "shop", "--list"}), app, "/no/such"},
      {"GitdiffContextThatDoesNotExist", "gitdiff", {"--context", "nosuch", "app"}, app, "nosuch"},
      {"GitsyncContextThatDoesNotExist", "gitsync", sync({"--context", "nosuch", "app"}), app,
       "nosuch"},
      {"GitdiffUnreachableCluster",
       "gitdiff",
       {"--kubeconfig", ".git/unreachable.kubeconfig", "--request-timeout", "2s", "app"},
       app,
       "127.0.0.1:1",
       unreachable},
      {"GitsyncUnreachableCluster", "gitsync",
       sync({"--kubeconfig", ".git/unreachable.kubeconfig", "--request-timeout", "2s", "app"}), app,
       "127.0.0.1:1", unreachable},
      {"GitrevertUnreachableCluster", "gitrevert",
       sync({"--kubeconfig", ".git/unreachable.kubeconfig", "--request-timeout", "2s", "--app",
             "shop", "--list"}),
       app, "127.0.0.1:1", unreachable},
      {"GitpromoteVerifySourceUnreachableCluster",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod", "--verify-source", "--record-namespace",
        "{records}", "--kubeconfig", ".git/unreachable.kubeconfig", "--request-timeout", "2s"},
       envs,
       "127.0.0.1:1",
       unreachable},
      {"GitsyncForbiddenForAViewer", "gitsync", sync({"--context", "viewer", "app"}), app,
       "forbidden"},
      {"GitsyncForbiddenOutsideTheTeamNamespace", "gitsync", sync({"--context", "team-a", "app"}),
       app, "forbidden"},
      {"GitrevertAppNeverSynced", "gitrevert", sync({"--app", "never-synced", "--list"}), app,
       "never-synced"},
      {"GitpromoteVerifySourceAppNeverSynced",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod", "--verify-source", "--record-namespace",
        "{records}", "--source-app", "never-synced"},
       envs,
       "never-synced"},
      {"GitdiffKubectlThatDoesNotExist",
       "gitdiff",
       {"--kubectl", "/no/such/kubectl", "app"},
       app,
       "/no/such/kubectl"},
      {"GitsyncKubectlThatIsNotAProgram", "gitsync",
       sync({"--kubectl", "app/settings.yaml", "app"}), app, "app/settings.yaml"},
      {"GitrevertKubectlThatDoesNotExist", "gitrevert",
       sync({"--kubectl", "/no/such/kubectl", "--app", "shop", "--list"}), app, "/no/such/kubectl"},

      // --- bad flags and flag combinations ---
      {"GitdiffUnknownFlag", "gitdiff", {"--no-such-flag", "app"}, app, "--no-such-flag"},
      {"GitdiffUnknownOutput", "gitdiff", {"-o", "yaml", "app"}, app, "yaml"},
      {"GitdiffUnknownColor", "gitdiff", {"--color", "purple", "app"}, app, "purple"},
      {"GitdiffIgnoreRuleWithoutKind",
       "gitdiff",
       {"--ignore", "spec.replicas", "app"},
       app,
       "spec.replicas"},
      {"GitdiffIgnoreRuleWithBrokenPath",
       "gitdiff",
       {"--ignore", "Deployment:spec[", "app"},
       app,
       "Deployment:spec["},
      {"GitdiffWorktreeWithARevision",
       "gitdiff",
       {"--worktree", "--rev", "HEAD", "app"},
       app,
       "--worktree"},
      {"GitdiffEmptyApp", "gitdiff", {"--app", "", "app"}, app, "--app"},
      {"GitsyncUnknownOutput", "gitsync", sync({"-o", "yaml", "app"}), app, "yaml"},
      {"GitsyncTimeoutThatIsNotADuration", "gitsync",
       sync({"--wait", "--timeout", "forever", "app"}), app, "forever"},
      {"GitsyncRequestTimeoutThatIsNotADuration", "gitsync",
       sync({"--request-timeout", "soon", "app"}), app, "--request-timeout"},
      {"GitdiffRequestTimeoutTooLargeForANumber",
       "gitdiff",
       {"--request-timeout", std::string(400, '9'), "app"},
       app,
       "--request-timeout"},
      {"GitsyncTimeoutTooLargeForANumber", "gitsync",
       sync({"--wait", "--timeout", std::string(400, '9') + "s", "app"}), app, "--timeout"},
      {"GitsyncStatusWithPrune", "gitsync", sync({"--status", "--prune", "app"}), app, "--prune"},
      {"GitsyncBreakLockWithPrune", "gitsync", sync({"--break-lock", "--prune", "app"}), app,
       "--prune"},
      {"GitsyncAppThatIsNotADnsLabel", "gitsync", sync({"--app", "Shop_App!", "app"}), app,
       "Shop_App!"},
      {"GitsyncEmptyRecordNamespace",
       "gitsync",
       {"--record-namespace", "", "app"},
       app,
       "--record-namespace"},
      {"GitsyncFlagWithoutItsValue",
       "gitsync",
       {"--app", "bad-input", "--record-namespace", "{records}", "app", "--rev"},
       app,
       "--rev"},
      {"GitpromoteWithoutTo", "gitpromote", {"--from", "envs/staging"}, envs, "--to"},
      {"GitpromoteFromAndToTheSameFolder",
       "gitpromote",
       {"--from", "envs/prod", "--to", "envs/prod"},
       envs,
       "envs/prod"},
      {"GitpromoteFieldWithoutPath",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod", "--field", "values.yaml"},
       envs,
       "values.yaml"},
      {"GitpromoteSetImageThatIsNotAReference",
       "gitpromote",
       {"--to", "envs/prod", "--set-image", "web=Not A Reference"},
       envs,
       "Not A Reference"},
      {"GitpromoteRemoteRepositoryWithoutPush",
       "gitpromote",
       {"--repo", "http://127.0.0.1:1/shop.git", "--from", "envs/staging", "--to", "envs/prod"},
       envs,
       "--push"},
      {"GitpromoteUnknownOutput",
       "gitpromote",
       {"--from", "envs/staging", "--to", "envs/prod", "-o", "yaml"},
       envs,
       "yaml"},
      {"GitrevertTargetAndSteps", "gitrevert",
       sync({"--app", "shop", "--to", "HEAD", "--steps", "2"}), app, "--steps"},
      {"GitrevertStepsThatAreNotANumber", "gitrevert", sync({"--app", "shop", "--steps", "two"}),
       app, "two"},
      {"GitrevertUnpinWithClusterOnly", "gitrevert",
       sync({"--app", "shop", "--unpin", "--cluster-only"}), app, "--cluster-only"},
      {"GitrevertUnknownOutput", "gitrevert", sync({"--app", "shop", "--list", "-o", "yaml"}), app,
       "yaml"},
      {"GitrevertUnknownFlag", "gitrevert", sync({"--app", "shop", "--everything"}), app,
       "--everything"},
  };
}

// A test with a namespace of its own, one for app records that must never be created, and a
// repository holding the row's files.
class BadInputs : public ClusterTest, public ::testing::WithParamInterface<BadInput> {
 protected:
  BadInputs() : ClusterTest("bad") {}

  std::string replaced(std::string text) const {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"{ns}", ns_},
                                   {"{records}", records_},
                                   {"{dir}", scratch_.path().string()}}) {
      for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    }
    return text;
  }

  // What a bad input must not change: the repository's refs, index, working tree and config, and
  // the objects of the namespace; the record namespace must not exist.
  std::string state() const {
    const auto repository = repo_.git("for-each-ref --format='%(refname) %(objectname)'").out +
                            repo_.git("status --porcelain --untracked-files=all").out +
                            repo_.git("rev-parse -q --verify HEAD").out +
                            repo_.git("config --local --list").out;
    const auto cluster =
        kubectl("get configmaps,secrets,deployments,services,leases -n " + ns_ + " -o name").out;
    const auto records = kubectl("get namespace " + records_ + " -o name", "", false).out;
    return repository + "--\n" + cluster + "--\n" + records;
  }

  ScratchFolder scratch_{"bad-inputs"};
};

TEST_P(BadInputs, AnswerOneLineNamingTheCulpritAndChangeNothing) {
  const auto& row = GetParam();
  for (const auto& [path, content] : row.files)
    repo_.write(path, replaced(content));
  if (!row.files.empty())
    repo_.commit("the row's files");
  if (row.setup)
    row.setup(repo_);
  std::vector<std::string> args;
  for (const auto& arg : row.args)
    args.push_back(replaced(arg));
  const auto before = state();

  const auto result = run_plugin(row.plugin, args, repo_.path());

  EXPECT_GE(result.exit_code, 2) << result.err;
  EXPECT_LT(result.exit_code, 126) << "killed by a signal or not run\n" << result.err;
  EXPECT_NE(result.exit_code, 3) << "an internal error\n" << result.err;
  const auto prefix = "kubectl-" + row.plugin + ": error: ";
  EXPECT_EQ(result.err.rfind(prefix, 0), 0u) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.err.back(), '\n') << result.err;
  EXPECT_LT(result.err.size(), 1000u) << result.err.substr(0, 2000);
  EXPECT_NE(result.err.find(replaced(row.culprit)), std::string::npos)
      << "the line does not name '" << row.culprit << "'\n"
      << result.err;
  EXPECT_EQ(state(), before) << "the bad input changed something";
}

INSTANTIATE_TEST_SUITE_P(Plugins, BadInputs, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

TEST(BadInputTable, HasAtLeastSixtyRowsAcrossTheFourPlugins) {
  const auto table = rows();
  EXPECT_GE(table.size(), 60u);
  for (const std::string plugin : {"gitdiff", "gitsync", "gitpromote", "gitrevert"}) {
    EXPECT_GE(std::count_if(table.begin(), table.end(),
                            [&](const BadInput& row) { return row.plugin == plugin; }),
              8)
        << plugin;
  }
}

}  // namespace
}  // namespace gitops::testing
