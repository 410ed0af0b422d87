// Diffs of files that hold a Secret, as gitpromote and gitrevert print them: keys named, values
// never, in whatever YAML shape the values are written.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/secret_data.hpp"
#include "diff/secret_file.hpp"
#include "util/base64.hpp"

namespace {

using gitops::diff::FileEdit;
using gitops::diff::git_file_diff;
using gitops::diff::holds_secret;
using gitops::diff::masked_file_edit;
using gitops::util::base64_encode;

// Fails the test for every value (and its base64) found in `text`, even a part of one line.
void expect_none_of(const std::string& text, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    for (const std::string& shown : {value, base64_encode(value)}) {
      EXPECT_EQ(text.find(shown), std::string::npos) << "leaks '" << shown << "':\n" << text;
    }
  }
}

std::string diff_of(const std::optional<std::string>& before,
                    const std::optional<std::string>& after) {
  return git_file_diff({FileEdit{"envs/prod/secret.yaml", before, after}}, {}, false);
}

std::string secret(const std::string& password, const std::string& token) {
  return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
         "type: Opaque\nstringData:\n  password: " +
         password + "  # rotated\n  user: admin-Kq3\ndata:\n  token: " + base64_encode(token) +
         "\n";
}

TEST(SecretFileDiff, ChangedValuesShowTheirKeysWithGitdiffsMarkers) {
  const std::string diff =
      diff_of(secret("hunter2-Kq3", "tok-old-Kq3"), secret("hunter3-Kq3", "tok-new-Kq3"));
  EXPECT_NE(diff.find("-  password: \"*** (before)\"\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("+  password: \"*** (after)\"\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("-  token: \"*** (before)\"\n+  token: \"*** (after)\"\n"), std::string::npos)
      << diff;
  EXPECT_NE(diff.find("   user: \"***\"\n"), std::string::npos) << diff;  // the same both sides
  EXPECT_NE(diff.find("diff --git a/envs/prod/secret.yaml b/envs/prod/secret.yaml\n"),
            std::string::npos);
  expect_none_of(
      diff, {"hunter2-Kq3", "hunter3-Kq3", "tok-old-Kq3", "tok-new-Kq3", "admin-Kq3", "rotated"});
}

TEST(SecretFileDiff, BlockScalarsFlowMapsAndQuotedLinesNeverLeak) {
  const std::string before =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\nstringData:\n"
      "  cert: |\n    -----BEGIN Kq3-----\n    line-two-Kq3\n"
      "  folded: >-\n    folded-one-Kq3\n    folded-two-Kq3\n"
      "  quoted: \"quoted-one-Kq3\n    quoted-two-Kq3\"\n"
      "data: {key: " +
      base64_encode("flow-Kq3") + ", other: 'single-Kq3'}\n";
  const std::string after =
      "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"tls\"},\n"
      " \"stringData\": {\"cert\": \"json-Kq3\\nline-Kq3\"}}\n";
  const std::string diff = diff_of(before, after);
  expect_none_of(diff, {"Kq3", base64_encode("flow-Kq3")});
  EXPECT_NE(diff.find("-  cert: \"*** (before)\"\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("+  cert: \"*** (after)\"\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("-  folded: \"*** (before)\"\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("-  key: \"*** (before)\"\n"), std::string::npos) << diff;
}

TEST(SecretFileDiff, AnySecretOfAMultiDocumentStreamOrListMasksIt) {
  const std::string config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n";
  const std::string stream_before = config + "  mode: blue\n---\n" + secret("pw-a-Kq3", "t-Kq3");
  const std::string stream_after = config + "  mode: green\n---\n" + secret("pw-b-Kq3", "t-Kq3");
  const std::string stream = diff_of(stream_before, stream_after);
  expect_none_of(stream, {"pw-a-Kq3", "pw-b-Kq3", "t-Kq3"});
  EXPECT_NE(stream.find("-  mode: blue\n+  mode: green\n"), std::string::npos) << stream;
  EXPECT_NE(stream.find("-  password: \"*** (before)\"\n"), std::string::npos) << stream;

  const std::string list =
      diff_of(std::nullopt,
              "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n"
              "  metadata: {name: db}\n  data: {password: " +
                  base64_encode("listed-Kq3") + "}\n");
  expect_none_of(list, {"listed-Kq3"});
  EXPECT_NE(list.find("new file mode 100644\n"), std::string::npos) << list;
  EXPECT_NE(list.find("+    password: \"***\"\n"), std::string::npos) << list;
}

TEST(SecretFileDiff, AddedAndRemovedKeysAreNamedAndSecretsPairByName) {
  const std::string two =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: one}\n"
      "data: {a: " +
      base64_encode("a-Kq3") + ", gone: " + base64_encode("gone-Kq3") +
      "}\n---\n"
      "apiVersion: v1\nkind: Secret\nmetadata: {name: two}\n"
      "data: {b: " +
      base64_encode("b-Kq3") + "}\n";
  // The same Secrets in the other order; one key removed, one added, none changed.
  const std::string swapped =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: two}\n"
      "data: {b: " +
      base64_encode("b-Kq3") + ", new: " + base64_encode("new-Kq3") +
      "}\n---\n"
      "apiVersion: v1\nkind: Secret\nmetadata: {name: one}\n"
      "data: {a: " +
      base64_encode("a-Kq3") + "}\n";
  const FileEdit shown = masked_file_edit(FileEdit{"s.yaml", two, swapped});
  ASSERT_TRUE(shown.before && shown.after);
  expect_none_of(*shown.before + *shown.after, {"a-Kq3", "b-Kq3", "gone-Kq3", "new-Kq3"});
  EXPECT_NE(shown.before->find("  a: \"***\"\n  gone: \"*** (before)\"\n"), std::string::npos)
      << *shown.before;
  EXPECT_NE(shown.after->find("  b: \"***\"\n  new: \"*** (after)\"\n"), std::string::npos)
      << *shown.after;
  const std::string diff = diff_of(two, swapped);
  expect_none_of(diff, {"a-Kq3", "b-Kq3", "gone-Kq3", "new-Kq3"});
  EXPECT_NE(diff.find("-  gone: \"*** (before)\"\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("+  new: \"*** (after)\"\n"), std::string::npos) << diff;
}

TEST(SecretFileDiff, RemovedSecretFileShowsOnlyMarkers) {
  const std::string diff = diff_of(secret("bye-Kq3", "tok-Kq3"), std::nullopt);
  expect_none_of(diff, {"bye-Kq3", "tok-Kq3"});
  EXPECT_NE(diff.find("deleted file mode 100644\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("-  password: \"***\"\n"), std::string::npos) << diff;
}

TEST(SecretFileDiff, SecretsThatCannotBeMaskedKeyByKeyShowNoContent) {
  const std::vector<std::string> unmaskable = {
      // does not parse
      "apiVersion: v1\nkind: Secret\nstringData:\n  password: broken-Kq3\n   bad: [\n",
      // a Secret inside a string: a kustomize patch
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n- patch: |-\n"
      "    apiVersion: v1\n    kind: Secret\n    metadata: {name: db}\n"
      "    stringData: {password: patched-Kq3}\n",
      // a patch that targets a Secret
      "kind: Kustomization\npatches:\n- target: {kind: Secret, name: db}\n  patch: |-\n"
      "    - {op: replace, path: /data/password, value: " +
          base64_encode("json-patch-Kq3") + "}\n",
      // a Secret as kubectl prints it: its last-applied annotation copies the values
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n"
      "    kubectl.kubernetes.io/last-applied-configuration: |\n"
      "      {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"password\":"
      "\"applied-Kq3\"}}\nstringData:\n  password: applied-Kq3\n",
      // JSON that kubectl left in an annotation
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    copy: "
      "'{\"kind\":\"Secret\",\"data\":{\"password\":\"" +
          base64_encode("annotated-Kq3") + "\"}}'\n",
  };
  for (const std::string& text : unmaskable) {
    EXPECT_TRUE(holds_secret(text)) << text;
    const std::string diff = diff_of("old: text\n", text);
    expect_none_of(diff, {"Kq3", "patched", "broken", base64_encode("json-patch-Kq3"),
                          base64_encode("annotated-Kq3")});
    EXPECT_NE(diff.find("+# values hidden: this file names a Secret that cannot be masked key by "
                        "key\n+*** (after)\n"),
              std::string::npos)
        << diff;
  }
}

TEST(SecretFileDiff, FilesWithoutASecretAreDiffedAsTheyAre) {
  const std::vector<std::string> plain = {
      "apiVersion: v1\nkind: ConfigMap\ndata:\n  kind: Secrets are elsewhere\n",
      "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nspec:\n  target:\n"
      "    name: db\n",
      "apiVersion: external-secrets.io/v1beta1\nkind: SecretStore\n",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nrules:\n- resources: [secrets]\n",
      "# notes: not YAML [\n  at: all: {\n",
  };
  for (const std::string& text : plain) {
    EXPECT_FALSE(holds_secret(text)) << text;
    const FileEdit edit{"f.yaml", "# before\n", text};
    const FileEdit shown = masked_file_edit(edit);
    EXPECT_EQ(shown.before, edit.before);
    EXPECT_EQ(shown.after, edit.after);
  }
}

}  // namespace
