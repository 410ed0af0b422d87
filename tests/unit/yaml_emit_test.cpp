#include "manifest/yaml_emit.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "manifest/parse.hpp"

namespace gitops::manifest {
namespace {

// How one string is written as a map value.
std::string as_value(const std::string& text) {
  std::string yaml = to_yaml(Value{{"k", text}});
  EXPECT_EQ(yaml.rfind("k: ", 0), 0u) << yaml;
  return yaml.substr(3);
}

void expect_quoted(const std::vector<std::string>& texts) {
  for (const auto& text : texts) {
    EXPECT_EQ(as_value(text), "\"" + text + "\"\n") << "'" << text << "'";
  }
}

void expect_plain(const std::vector<std::string>& texts) {
  for (const auto& text : texts) {
    EXPECT_EQ(as_value(text), text + "\n") << "'" << text << "'";
  }
}

TEST(YamlEmit, WritesMapsInKeyOrderWithTwoSpaceIndent) {
  Value value = Value::parse(R"({"metadata": {"name": "web", "labels": {"app": "web"}},
                                 "kind": "Deployment", "apiVersion": "apps/v1"})");
  EXPECT_EQ(to_yaml(value),
            "apiVersion: apps/v1\n"
            "kind: Deployment\n"
            "metadata:\n"
            "  labels:\n"
            "    app: web\n"
            "  name: web\n");
}

TEST(YamlEmit, WritesListsOfMapsInKubectlStyle) {
  Value value = Value::parse(R"({"spec": {"containers": [
      {"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80, "name": "http"}]},
      {"name": "sidecar", "args": ["--verbose", "--port=9000"]}]}})");
  EXPECT_EQ(to_yaml(value),
            "spec:\n"
            "  containers:\n"
            "  - image: nginx:1.25\n"
            "    name: web\n"
            "    ports:\n"
            "    - containerPort: 80\n"
            "      name: http\n"
            "  - args:\n"
            "    - --verbose\n"
            "    - --port=9000\n"
            "    name: sidecar\n");
}

TEST(YamlEmit, WritesMapsNestedInListItemsUnderTheirKey) {
  Value value = Value::parse(R"([{"metadata": {"name": "a", "uid": 1}, "spec": {}}])");
  EXPECT_EQ(to_yaml(value),
            "- metadata:\n"
            "    name: a\n"
            "    uid: 1\n"
            "  spec: {}\n");
}

TEST(YamlEmit, WritesNestedListsAndEmptyCollections) {
  Value value = Value::parse(R"({"matrix": [[1, 2], [], [[3]]], "empty": {}, "none": [],
                                 "nothing": null})");
  EXPECT_EQ(to_yaml(value),
            "empty: {}\n"
            "matrix:\n"
            "- - 1\n"
            "  - 2\n"
            "- []\n"
            "- - - 3\n"
            "none: []\n"
            "nothing: null\n");
}

TEST(YamlEmit, WritesTopLevelScalarsAndEmptyDocuments) {
  EXPECT_EQ(to_yaml(Value::object()), "{}\n");
  EXPECT_EQ(to_yaml(Value::array()), "[]\n");
  EXPECT_EQ(to_yaml(Value()), "null\n");
  EXPECT_EQ(to_yaml(Value("web")), "web\n");
  EXPECT_EQ(to_yaml(Value("yes")), "\"yes\"\n");
}

TEST(YamlEmit, QuotesStringsThatLookLikeNumbers) {
  expect_quoted({"0", "123", "-1", "+1", "0123", "1.10", "1e3", "1E3", "1e+3", "0x1F", "0o17",
                 "0b101", "1_000", ".5", "1.", "-.5", "6.02e23", "12:30", "1:20:30"});
}

TEST(YamlEmit, QuotesStringsThatLookLikeBooleansOrNull) {
  expect_quoted({"yes", "no", "on", "off", "y", "n", "Y", "N", "true", "false", "True", "FALSE",
                 "On", "NO", "~", "null", "Null", "NULL"});
}

TEST(YamlEmit, QuotesSpecialFloatsAndTimestamps) {
  expect_quoted({".inf", "-.inf", "+.INF", ".nan", ".NaN", "2024-01-31", "2024-1-2",
                 "2024-01-31T10:00:00Z", "2024-01-31 10:00:00"});
}

TEST(YamlEmit, QuotesTheEmptyString) {
  EXPECT_EQ(as_value(""), "\"\"\n");
}

TEST(YamlEmit, QuotesStringsWithLeadingOrTrailingSpaces) {
  expect_quoted({" web", "web ", " ", "  two  "});
}

TEST(YamlEmit, QuotesStringsThatStartWithAnIndicator) {
  expect_quoted({"- item",     "-",      "? key", "?",      ": value", ":",
                 ",a",         "[a]",    "]a",    "{a}",    "}a",      "#comment",
                 "&anchor",    "*alias", "!tag",  "|block", ">folded", "'single",
                 "%directive", "@at",    "`tick", "---",    "--- doc", "..."});
  EXPECT_EQ(as_value("\"double"), "\"\\\"double\"\n");
}

TEST(YamlEmit, QuotesStringsThatHoldAKeySeparatorOrAComment) {
  expect_quoted({"a: b", "key:", "a #b", "http://x #frag", "<<", "="});
}

TEST(YamlEmit, LeavesOrdinaryStringsPlain) {
  expect_plain({"web",
                "nginx:1.25.3",
                "--port=8080",
                "-v",
                "app.kubernetes.io/name",
                "http://example.com/a#b",
                "a#b",
                "a:b",
                "1.2.3",
                "v1",
                "1a",
                "0x",
                "yes please",
                "500m",
                "256Mi",
                "10.0.0.1",
                "2024-01",
                "ünïcödé",
                "日本",
                "a 'b' \"c\"",
                "C:\\path",
                "100%",
                "a, b",
                "a[b]"});
}

TEST(YamlEmit, EscapesControlCharactersInDoubleQuotes) {
  EXPECT_EQ(as_value("a\tb"), "\"a\\tb\"\n");
  EXPECT_EQ(as_value(std::string("bell\x07")), "\"bell\\u0007\"\n");
  EXPECT_EQ(as_value("back\\slash \"q\" \x01"), "\"back\\\\slash \\\"q\\\" \\u0001\"\n");
  EXPECT_EQ(as_value("line\u2028sep"), "\"line\\u2028sep\"\n");
  EXPECT_EQ(as_value("\xEF\xBB\xBF"
                     "bom"),
            "\"\\ufeffbom\"\n");
}

TEST(YamlEmit, ReplacesInvalidUtf8WithTheReplacementCharacter) {
  EXPECT_EQ(as_value(std::string("ab\xFF")), "\"ab\xEF\xBF\xBD\"\n");
}

TEST(YamlEmit, QuotesKeysByTheSameRules) {
  Value value = Value::parse(R"({"on": 1, "": 2, "app.kubernetes.io/name": 3, "a: b": 4,
                                 "80": 5})");
  EXPECT_EQ(to_yaml(value),
            "\"\": 2\n"
            "\"80\": 5\n"
            "\"a: b\": 4\n"
            "app.kubernetes.io/name: 3\n"
            "\"on\": 1\n");
}

TEST(YamlEmit, WritesMultiLineStringsAsLiteralBlocks) {
  EXPECT_EQ(to_yaml(Value{{"conf", "server {\n  listen 80;\n}\n"}}),
            "conf: |\n"
            "  server {\n"
            "    listen 80;\n"
            "  }\n");
}

TEST(YamlEmit, StripsTheFinalLineBreakWithBlockChompingIndicators) {
  EXPECT_EQ(to_yaml(Value{{"k", "a\nb"}}), "k: |-\n  a\n  b\n");
  EXPECT_EQ(to_yaml(Value{{"k", "a\nb\n"}}), "k: |\n  a\n  b\n");
  EXPECT_EQ(to_yaml(Value{{"k", "a\nb\n\n"}, {"l", 1}}), "k: |+\n  a\n  b\n\nl: 1\n");
}

TEST(YamlEmit, WritesEmptyLinesOfABlockWithoutIndentation) {
  EXPECT_EQ(to_yaml(Value{{"k", "\na\n\nb\n"}}), "k: |\n\n  a\n\n  b\n");
}

TEST(YamlEmit, IndentsBlocksInListItemsUnderTheItem) {
  Value value = Value::parse(R"({"args": ["echo one\necho two\n"],
                                 "env": [{"script": "set -e\nrun\n", "name": "x"}]})");
  EXPECT_EQ(to_yaml(value),
            "args:\n"
            "- |\n"
            "  echo one\n"
            "  echo two\n"
            "env:\n"
            "- name: x\n"
            "  script: |\n"
            "    set -e\n"
            "    run\n");
}

TEST(YamlEmit, KeepsTabsInsideBlocks) {
  EXPECT_EQ(to_yaml(Value{{"k", "all:\n\tmake\n"}}), "k: |\n  all:\n  \tmake\n");
}

TEST(YamlEmit, QuotesMultiLineStringsABlockCannotHold) {
  EXPECT_EQ(as_value("  indented\nsecond\n"), "\"  indented\\nsecond\\n\"\n");
  EXPECT_EQ(as_value("\n  indented\n"), "\"\\n  indented\\n\"\n");
  EXPECT_EQ(as_value("trailing \nspace\n"), "\"trailing \\nspace\\n\"\n");
  EXPECT_EQ(as_value("last line\nends with space "), "\"last line\\nends with space \"\n");
  EXPECT_EQ(as_value("windows\r\nline\r\n"), "\"windows\\r\\nline\\r\\n\"\n");
  EXPECT_EQ(as_value("\n\n"), "\"\\n\\n\"\n");
}

TEST(YamlEmit, WritesFloatsShortestAndKeepsThemFloats) {
  Value value = {{"a", 0.5},  {"b", 1.0},     {"c", 0.1},  {"d", 100.0},
                 {"e", 1e21}, {"f", -2.5e-7}, {"g", -0.0}, {"h", 1.0 / 3}};
  EXPECT_EQ(to_yaml(value),
            "a: 0.5\n"
            "b: 1.0\n"
            "c: 0.1\n"
            "d: 100.0\n"
            "e: 1e+21\n"
            "f: -2.5e-07\n"
            "g: -0.0\n"
            "h: 0.3333333333333333\n");
}

TEST(YamlEmit, WritesNonFiniteFloatsAsYamlWords) {
  Value value = {{"inf", std::numeric_limits<double>::infinity()},
                 {"nan", std::numeric_limits<double>::quiet_NaN()},
                 {"neg", -std::numeric_limits<double>::infinity()}};
  EXPECT_EQ(to_yaml(value), "inf: .inf\nnan: .nan\nneg: -.inf\n");
}

TEST(YamlEmit, WritesIntegersAndBooleansAsJsonDoes) {
  Value value = {{"big", 18446744073709551615u}, {"neg", -42}, {"off", false}, {"on", true}};
  EXPECT_EQ(to_yaml(value), "big: 18446744073709551615\nneg: -42\n\"off\": false\n\"on\": true\n");
}

// The contract behind every rule above: our own reader (sigs.k8s.io/yaml's typing) reads the
// text back as the same value, type for type.
TEST(YamlEmit, ReadsBackAsTheSameValue) {
  std::vector<std::string> strings = {"",
                                      "web",
                                      "yes",
                                      "no",
                                      "on",
                                      "off",
                                      "y",
                                      "n",
                                      "~",
                                      "null",
                                      "true",
                                      "0123",
                                      "1.10",
                                      "1e3",
                                      "0x1F",
                                      ".inf",
                                      "-.inf",
                                      ".nan",
                                      "1_000",
                                      "12:30",
                                      "2024-01-31",
                                      " lead",
                                      "trail ",
                                      "- x",
                                      "-x",
                                      "? q",
                                      ": c",
                                      "#h",
                                      "a: b",
                                      "a #b",
                                      "key:",
                                      "*a",
                                      "&a",
                                      "!t",
                                      "|p",
                                      ">f",
                                      "'s",
                                      "\"d",
                                      "%p",
                                      "@a",
                                      "`b",
                                      "[a",
                                      "{a",
                                      ",a",
                                      "---",
                                      "...",
                                      "<<",
                                      "a\tb",
                                      "back\\slash",
                                      "multi\nline\n",
                                      "no final\nbreak",
                                      "kept\n\n",
                                      "\nleading break\n",
                                      "  indented\nx\n",
                                      "trailing \nx",
                                      "crlf\r\n",
                                      "\n\n",
                                      "ünï\ncödé\n",
                                      "tab\n\tindented\n",
                                      "# heading\n- item\n---\n",
                                      "-.5",
                                      "+1"};
  Value data = Value::object();
  for (std::size_t i = 0; i < strings.size(); ++i) {
    data["k" + std::to_string(i)] = strings[i];
    data[strings[i] + "#key"] = i;
  }
  Value document = {{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", "round-trip"}}},
                    {"data", data},
                    {"numbers", {0, -7, 0.5, 1.0, 1e21, 2.5e-7, 18446744073709551615u}},
                    {"flags", {true, false, nullptr}},
                    {"nested", {{{"a", {{{"b", Value::array()}}}}}, Value::object()}}};
  std::string yaml = to_yaml(document);
  auto objects = parse_manifests(yaml, "round-trip.yaml");
  ASSERT_EQ(objects.size(), 1u) << yaml;
  // dump() tells 1 from 1.0 and "1" from 1, where == would not.
  EXPECT_EQ(objects[0].body.dump(), document.dump()) << yaml;
}

}  // namespace
}  // namespace gitops::manifest
