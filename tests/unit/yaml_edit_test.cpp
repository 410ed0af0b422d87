// Editing YAML in place: each test compares the whole text after the edit with the expected text,
// byte for byte.

#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include "error.hpp"
#include "error_of.hpp"
#include "manifest/yaml_edit.hpp"
#include "manifest/yaml_path.hpp"
#include "manifest/yaml_text.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::manifest;

YAML::Node at(const YamlText& yaml, std::size_t document, const std::string& path) {
  auto node = node_at(yaml.documents.at(document), parse_value_path(path));
  EXPECT_TRUE(node.has_value()) << path;
  return node.value_or(YAML::Node());
}

// The text after replacing the value at `path` of `document` with `value`.
std::string replaced(const std::string& text, const std::string& path, const std::string& value,
                     ScalarKind kind = ScalarKind::string, std::size_t document = 0) {
  const YamlText yaml = load_yaml_text(text, "app.yaml");
  return apply_edits(yaml.text, {replace_scalar(yaml, at(yaml, document, path), value, kind)},
                     yaml.path);
}

TEST(YamlEdit, ReplacesAPlainValueKeepingCommentAndSpacing) {
  EXPECT_EQ(
      replaced("# top\nimage:\n  tag:   1.2.0    # pinned\n  pull: Always\n", "image.tag", "1.3.0"),
      "# top\nimage:\n  tag:   1.3.0    # pinned\n  pull: Always\n");
}

TEST(YamlEdit, KeepsDoubleAndSingleQuotes) {
  EXPECT_EQ(replaced("a: \"1.2.0\" # q\nb: x\n", "a", "1.3.0"), "a: \"1.3.0\" # q\nb: x\n");
  EXPECT_EQ(replaced("a: '1.2.0'\n", "a", "it's"), "a: 'it''s'\n");
  EXPECT_EQ(replaced("a: \"x\"\n", "a", "say \"hi\"\\"), "a: \"say \\\"hi\\\"\\\\\"\n");
}

TEST(YamlEdit, QuotesAPlainValueOnlyWhenPlainWouldReadDifferently) {
  EXPECT_EQ(replaced("tag: 1.9.0\n", "tag", "1.10"), "tag: \"1.10\"\n");
  EXPECT_EQ(replaced("tag: v1\n", "tag", "yes"), "tag: \"yes\"\n");
  EXPECT_EQ(replaced("tag: v1\n", "tag", "0123"), "tag: \"0123\"\n");
  EXPECT_EQ(replaced("tag: v1\n", "tag", "a: b"), "tag: \"a: b\"\n");
  EXPECT_EQ(replaced("tag: v1\n", "tag", "1.10.0"), "tag: 1.10.0\n");
  EXPECT_EQ(replaced("image: web:1\n", "image", "localhost:5000/web:2"),
            "image: localhost:5000/web:2\n");
}

// A fuzz finding (tests/fuzz/yaml_edit.cpp): the empty value after a tag was "found" at the start
// of the next line, and the new value inserted there, leaving YAML that does not load.
TEST(YamlEdit, AnEmptyTaggedValueIsRefusedNotInsertedIntoTheNextLine) {
  EXPECT_EQ(error_of([] { replaced("version: !!str \n11.\n", "version", "2.10"); }),
            "cannot edit 'app.yaml' at line 1: the value is empty; edit it by hand");
}

TEST(YamlEdit, TypedValueCopiedFromAPlainScalarStaysPlain) {
  EXPECT_EQ(replaced("replicas: 3 # n\n", "replicas", "5", ScalarKind::typed), "replicas: 5 # n\n");
  EXPECT_EQ(replaced("replicas: \"3\"\n", "replicas", "5", ScalarKind::typed), "replicas: \"5\"\n");
}

// The editor and the emitter (yaml_emit_test.cpp) share their rules (yaml_scalar.hpp); the editor
// used to have its own, stricter about a leading '-' and laxer about times and escapes.
TEST(YamlEdit, TypedNegativeNumberStaysPlain) {
  EXPECT_EQ(replaced("offset: 3\n", "offset", "-1", ScalarKind::typed), "offset: -1\n");
  EXPECT_EQ(replaced("ratio: 3\n", "ratio", "-.5", ScalarKind::typed), "ratio: -.5\n");
}

TEST(YamlEdit, StringsStartingWithADashStayPlain) {
  EXPECT_EQ(replaced("arg: x\n", "arg", "--port=8080"), "arg: --port=8080\n");
  EXPECT_EQ(replaced("arg: x\n", "arg", "- item"), "arg: \"- item\"\n");
}

TEST(YamlEdit, StringsAReaderCouldTakeForATimeOrNumberAreQuoted) {
  EXPECT_EQ(replaced("tag: v1\n", "tag", "2024-01-31"), "tag: \"2024-01-31\"\n");
  EXPECT_EQ(replaced("tag: v1\n", "tag", "1e999"), "tag: \"1e999\"\n");
  EXPECT_EQ(replaced("tag: v1\n", "tag", "1:20"), "tag: \"1:20\"\n");
}

TEST(YamlEdit, EscapesAsTheEmitterDoes) {
  EXPECT_EQ(replaced("a: \"x\"\n", "a", "bell\x07"), "a: \"bell\\u0007\"\n");
  // A line separator or NEL would be folded into a space in quotes of either kind.
  EXPECT_EQ(replaced("a: 'x'\n", "a", "line\u2028sep"), "a: \"line\\u2028sep\"\n");
  EXPECT_EQ(replaced("a: x\n", "a", "line\u2028sep"), "a: \"line\\u2028sep\"\n");
}

TEST(YamlEdit, QuotesWhatAFlowCollectionWouldEnd) {
  EXPECT_EQ(replaced("c: {k: v}\n", "c.k", "a,b"), "c: {k: \"a,b\"}\n");
  EXPECT_EQ(replaced("c: {k: v}\n", "c.k", "?x"), "c: {k: \"?x\"}\n");
  EXPECT_EQ(replaced("c: {k: v}\n", "c.k", ":x"), "c: {k: \":x\"}\n");
}

TEST(YamlEdit, KeepsATagWrittenBeforeTheValue) {
  EXPECT_EQ(replaced("version: !!str 1.2\n", "version", "1.3"), "version: !!str \"1.3\"\n");
}

TEST(YamlEdit, EditsTheRightDocumentOfAStream) {
  const std::string text =
      "a: 1.0.0\n---\n# second\na: 1.0.0  # same text, other document\n---\na: 1.0.0\n";
  EXPECT_EQ(replaced(text, "a", "2.0.0", ScalarKind::string, 1),
            "a: 1.0.0\n---\n# second\na: 2.0.0  # same text, other document\n---\na: 1.0.0\n");
}

TEST(YamlEdit, FindsValuesAfterAByteOrderMarkCrlfAndUtf8) {
  const std::string text = "\xEF\xBB\xBF# d\xC3\xA9ploiement\r\nspec:\r\n  tag: \"1.2\"\r\n";
  EXPECT_EQ(replaced(text, "spec.tag", "1.3"),
            "\xEF\xBB\xBF# d\xC3\xA9ploiement\r\nspec:\r\n  tag: \"1.3\"\r\n");
}

TEST(YamlEdit, EditsInsideFlowCollections) {
  EXPECT_EQ(
      replaced("c: [{name: web, image: web:1}, {name: b, image: b:1}]\n", "c[0].image", "web:2"),
      "c: [{name: web, image: web:2}, {name: b, image: b:1}]\n");
}

TEST(YamlEdit, RefusesBlockAndFoldedScalarsNamingFileAndLine) {
  const YamlText block = load_yaml_text("a: 1\nnote: |\n  text\n", "envs/prod/app.yaml");
  EXPECT_EQ(error_of([&] { scalar_span(block, at(block, 0, "note")); }),
            "cannot edit 'envs/prod/app.yaml' at line 2: the value is a block scalar (| or >); "
            "edit it by hand");
  const YamlText folded = load_yaml_text("note: one\n  two\n", "app.yaml");
  EXPECT_EQ(error_of([&] { scalar_span(folded, at(folded, 0, "note")); }),
            "cannot edit 'app.yaml' at line 1: the value is folded over several lines; edit it "
            "by hand");
}

TEST(YamlEdit, InsertsAnEntryWithTheIndentationOfItsMapping) {
  const std::string text =
      "images:\n- name: web  # the app\n  newTag: 1.2.0\n- name: db\n  newTag: \"15\"\n";
  const YamlText yaml = load_yaml_text(text, "kustomization.yaml");
  const TextEdit edit = insert_entry(yaml, at(yaml, 0, "images[0]"), "digest", "sha256:abc");
  EXPECT_EQ(apply_edits(text, {edit}, yaml.path),
            "images:\n- name: web  # the app\n  newTag: 1.2.0\n  digest: sha256:abc\n- name: db\n"
            "  newTag: \"15\"\n");
}

TEST(YamlEdit, InsertsIntoAFlowMappingAndAtTheEndOfAFileWithoutLineBreak) {
  const std::string flow = "images: [{name: web, newTag: 1.2.0}]\n";
  const YamlText flow_yaml = load_yaml_text(flow, "k.yaml");
  EXPECT_EQ(
      apply_edits(flow, {insert_entry(flow_yaml, at(flow_yaml, 0, "images[0]"), "digest", "d")},
                  "k.yaml"),
      "images: [{name: web, newTag: 1.2.0, digest: d}]\n");

  const std::string last = "images:\n  - name: web\n    newTag: 1";
  const YamlText last_yaml = load_yaml_text(last, "k.yaml");
  EXPECT_EQ(
      apply_edits(last, {insert_entry(last_yaml, at(last_yaml, 0, "images[0]"), "digest", "d")},
                  "k.yaml"),
      "images:\n  - name: web\n    newTag: 1\n    digest: d");
}

TEST(YamlEdit, RemovesAnEntryWithItsLineAndMayInsertAfterTheOneBefore) {
  const std::string text = "images:\n- name: web\n  newTag: 1.2.0 # old\n# after\n";
  const YamlText yaml = load_yaml_text(text, "k.yaml");
  const YAML::Node entry = at(yaml, 0, "images[0]");
  EXPECT_EQ(apply_edits(text,
                        {remove_entry(yaml, entry, "newTag"),
                         insert_entry(yaml, entry, "digest", "d", {"newTag"})},
                        "k.yaml"),
            "images:\n- name: web\n  digest: d\n# after\n");
}

TEST(YamlEdit, RefusesToRemoveAnEntryThatOpensItsItem) {
  const YamlText yaml = load_yaml_text("images:\n- newTag: 1\n  name: web\n", "k.yaml");
  EXPECT_NE(error_of([&] {
              remove_entry(yaml, at(yaml, 0, "images[0]"), "newTag");
            }).find("cannot edit 'k.yaml' at line 2"),
            std::string::npos);
}

TEST(YamlEdit, OverlappingEditsFail) {
  const YamlText yaml = load_yaml_text("a: 1\n", "x.yaml");
  const TextEdit edit = replace_scalar(yaml, at(yaml, 0, "a"), "2", ScalarKind::typed);
  EXPECT_EQ(error_of([&] {
              apply_edits(yaml.text, {edit, edit}, "x.yaml");
            }),
            "cannot edit 'x.yaml' at line 1: two changes touch the same value");
}

TEST(YamlText, MalformedYamlNamesFileAndLine) {
  EXPECT_EQ(error_of([] {
              load_yaml_text("a: 1\nb: [1, 2\nc: 3\n", "envs/prod/app.yaml");
            }).rfind("cannot parse 'envs/prod/app.yaml' at line ", 0),
            0u);
  EXPECT_EQ(error_of([] { load_yaml_text("a: 1\na: 2\n", "envs/prod/app.yaml"); }),
            "cannot parse 'envs/prod/app.yaml' at line 2: duplicate key 'a'");
}

TEST(YamlPath, ParsesKeysAndIndexes) {
  const auto path = parse_value_path("spec.containers[1].image");
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(path[0].key, "spec");
  EXPECT_EQ(path[1].key, "containers");
  EXPECT_EQ(path[2].index, 1u);
  EXPECT_EQ(path[3].key, "image");
  EXPECT_EQ(format_value_path(path), "spec.containers[1].image");
  EXPECT_NE(error_of([] { parse_value_path("a..b"); }), "(no error)");
  EXPECT_NE(error_of([] { parse_value_path("a[x]"); }), "(no error)");
}

}  // namespace

// A fuzz finding (tests/fuzz/yaml_edit.cpp): yaml-cpp read "102:\x04..." as a mapping, and the
// edited value, '102:""', read back as one string. YAML does not allow control characters.
TEST(YamlEdit, AControlCharacterIsRefusedWhenTheFileIsRead) {
  EXPECT_EQ(error_of([] { replaced(std::string("a: 1\n102:\x04...0.10", 17), "102", ""); }),
            "cannot parse 'app.yaml' at line 2: control character U+0004 is not allowed in YAML");
}

// Fuzz findings (tests/fuzz/yaml_edit.cpp): a value-less tag before a quoted line was "found" in
// that line; and bare carriage returns, which yaml-cpp does not take as line breaks, as YAML and
// kubectl do.
TEST(YamlEdit, AnEmptyTaggedValueBeforeAQuotedLineIsRefused) {
  EXPECT_EQ(error_of([] { replaced("n: !!str\n'x': 1\n", "n", ".0"); }),
            "cannot edit 'app.yaml' at line 1: the value is empty; edit it by hand");
}

// A fuzz finding: bytes that are not UTF-8 (here in a tag), which yaml-cpp took and an edit then
// did not read back; kubectl's reader refuses them too.
TEST(YamlEdit, BytesThatAreNotUtf8AreRefusedWhenTheFileIsRead) {
  EXPECT_EQ(error_of([] { replaced("a: x\nzn: !)_\x9f\xa0 \"v\"\n", "zn", ""); }),
            "cannot parse 'app.yaml' at line 2: invalid UTF-8 (byte 0x9F); YAML files are "
            "Unicode text");
  EXPECT_EQ(replaced("a: caf\xc3\xa9\n", "a", "th\xc3\xa9"), "a: th\xc3\xa9\n");
}

// A fuzz finding: yaml-cpp ends a plain scalar at '?' in a flow mapping, so such a value is quoted.
TEST(YamlEdit, AQuestionMarkInAFlowValueIsQuoted) {
  EXPECT_EQ(replaced("c: {k: v}\n", "c.k", "1.3?.0"), "c: {k: \"1.3?.0\"}\n");
}

TEST(YamlEdit, BareCarriageReturnsAreRefusedWhenTheFileIsRead) {
  EXPECT_EQ(error_of([] { replaced("a: 1\r\nb: 2\rc: 3\r\n", "a", "2"); }),
            "cannot parse 'app.yaml' at line 2: a carriage return without a line feed breaks "
            "lines differently in different YAML readers; use \\n or \\r\\n line breaks");
  EXPECT_EQ(replaced("a: x\r\nb: 2\r\n", "a", "v2"), "a: v2\r\nb: 2\r\n");
}

// A fuzz finding: yaml-cpp read a tag's end differently from the editor, and the edit landed in
// the wrong place. Whatever the cause, apply_edits reads the result again and refuses an edit
// that does not read back as its value.
TEST(YamlEdit, AnEditThatWouldNotReadBackIsRefused) {
  EXPECT_EQ(
      error_of([] {
        const auto yaml = load_yaml_text(
            "&versio/n: !i!St1v&versio/n:erersio/n:er\"\"s \"\"s !!s@  - confi ", "app.yaml");
        apply_edits(yaml.text,
                    {replace_scalar(yaml, yaml.documents.front(), "\"1", ScalarKind::string)},
                    yaml.path);
      }),
      "cannot edit 'app.yaml' at line 1: the edited value would not read back as '\"1'; edit it "
      "by hand");
}

// The fuzz finding yaml_edit-333090bf looked like a value of NUL bytes that did not read back; it
// was the fuzz target's own walk, which assigned yaml-cpp nodes and so rewrote the document it
// walked, and then edited another scalar than the one at its path. Such a value is written with
// \u0000 escapes, which yaml-cpp reads back as the very bytes.
TEST(YamlEdit, AValueOfNulBytesIsEscapedAndReadsBack) {
  const std::string value = std::string(1, '\0') + "77" + std::string(2, '\0') + "\x7f";
  EXPECT_EQ(replaced("a:\n  b: \"x\"\n", "a.b", value),
            "a:\n  b: \"\\u000077\\u0000\\u0000\\u007f\"\n");
  EXPECT_EQ(replaced("a: x\n", "a", value), "a: \"\\u000077\\u0000\\u0000\\u007f\"\n");
  const YamlText again = load_yaml_text(replaced("a:\n  b: 'x'\n", "a.b", value), "app.yaml");
  EXPECT_EQ(at(again, 0, "a.b").Scalar(), value);
}
