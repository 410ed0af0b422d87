#include "manifest/json_parse.hpp"
#include "manifest/parse.hpp"

#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "error.hpp"

namespace gitops::manifest {
namespace {

const std::string kFile = "envs/prod/app.yaml";

// The message parse_manifests throws for `text`, or "" when it parses.
std::string parse_error_of(const std::string& text) {
  try {
    parse_manifests(text, kFile);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

std::string error_at(int line, const std::string& reason) {
  return "cannot parse 'envs/prod/app.yaml' at line " + std::to_string(line) + ": " + reason;
}

const Object& only(const std::vector<Object>& objects) {
  EXPECT_EQ(objects.size(), 1u);
  return objects.at(0);
}

const char* const kConfigMap =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: settings\n";

TEST(ManifestParse, ReadsIdentityVersionBodyAndLine) {
  auto objects = parse_manifests(
      "# the web front end\n"
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata:\n"
      "  name: web\n"
      "  namespace: team-a\n"
      "spec:\n"
      "  replicas: 3\n",
      kFile);
  const Object& web = only(objects);
  EXPECT_EQ(web.id, (ObjectId{"apps", "Deployment", "team-a", "web"}));
  EXPECT_EQ(web.api_version, "apps/v1");
  EXPECT_EQ(web.body["spec"]["replicas"], 3);
  EXPECT_EQ(web.source.file, kFile);
  EXPECT_EQ(web.source.line, 2);
}

TEST(ManifestParse, EachDocumentKeepsTheLineWhereItStarts) {
  auto objects = parse_manifests(std::string(kConfigMap) + "---\n" + kConfigMap +
                                     "---\n"
                                     "# comment\n" +
                                     kConfigMap,
                                 kFile);
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[0].source.line, 1);
  EXPECT_EQ(objects[1].source.line, 6);
  EXPECT_EQ(objects[2].source.line, 12);
}

TEST(ManifestParse, ErrorInTheThirdDocumentNamesItsLine) {
  std::string text = std::string(kConfigMap) + "---\n" + kConfigMap +
                     "---\n"
                     "kind: Secret\n"
                     "metadata:\n"
                     "  name: token\n";
  EXPECT_EQ(parse_error_of(text), error_at(11, "document has kind but no apiVersion"));
}

TEST(ManifestParse, ApiVersionWithoutKindIsAnError) {
  EXPECT_EQ(parse_error_of("apiVersion: v1\nmetadata:\n  name: x\n"),
            error_at(1, "document has apiVersion but no kind"));
}

TEST(ManifestParse, SkipsDocumentsThatAreNotManifests) {
  auto objects = parse_manifests(
      "---\n"
      "---\n"
      "# only a comment\n"
      "---\n"
      "replicaCount: 2\n"  // a values file
      "image: {tag: yes}\n"
      "---\n"
      "- a plain list\n"
      "---\n"
      "just a scalar\n"
      "---\n" +
          std::string(kConfigMap) + "...\n",
      kFile);
  EXPECT_EQ(only(objects).id.name, "settings");
}

TEST(ManifestParse, EmptyTextHasNoObjects) {
  EXPECT_TRUE(parse_manifests("", kFile).empty());
  EXPECT_TRUE(parse_manifests("# nothing here\n", kFile).empty());
}

TEST(ManifestParse, DuplicateKeyNamesTheLine) {
  EXPECT_EQ(parse_error_of("apiVersion: v1\n"
                           "kind: ConfigMap\n"
                           "metadata:\n"
                           "  name: settings\n"
                           "  labels: {}\n"
                           "  name: other\n"),
            error_at(6, "duplicate key 'name'"));
}

TEST(ManifestParse, DuplicateKeyInJsonNamesTheLine) {
  EXPECT_EQ(parse_error_of("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n"
                           " \"metadata\": {\"name\": \"a\"},\n"
                           " \"kind\": \"Secret\"}\n"),
            error_at(3, "duplicate key 'kind'"));
}

TEST(ManifestParse, KeysThatReadAsTheSameTextAreDuplicates) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  80: a\n  \"80\": b\n"),
            error_at(7, "duplicate key '80'"));
}

TEST(ManifestParse, NonStringKeysBecomeTheirText) {
  auto objects = parse_manifests(std::string(kConfigMap) +
                                     "data:\n"
                                     "  80: http\n"
                                     "  on: switched\n"
                                     "  0x10: hex\n"
                                     "  \"yes\": quoted\n",
                                 kFile);
  Value expected = {{"80", "http"}, {"true", "switched"}, {"16", "hex"}, {"yes", "quoted"}};
  EXPECT_EQ(only(objects).body["data"], expected);
}

TEST(ManifestParse, NullKeyIsAnError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  ~: nothing\n"),
            error_at(6, "a mapping key cannot be null"));
}

TEST(ManifestParse, QuotedZeroOneTwoThreeStaysAStringWhilePlainIsOctal) {
  auto objects = parse_manifests(std::string(kConfigMap) +
                                     "data:\n"
                                     "  quoted: \"0123\"\n"
                                     "  single: '0123'\n"
                                     "  plain: 0123\n",
                                 kFile);
  const Value& data = only(objects).body["data"];
  EXPECT_EQ(data["quoted"], "0123");
  EXPECT_EQ(data["single"], "0123");
  EXPECT_TRUE(data["plain"].is_number_integer());
  EXPECT_EQ(data["plain"], 83);
}

TEST(ManifestParse, QuotedOnePointTenStaysAStringWhilePlainIsAFloat) {
  auto objects = parse_manifests(
      std::string(kConfigMap) + "data:\n  quoted: \"1.10\"\n  plain: 1.10\n", kFile);
  const Value& data = only(objects).body["data"];
  EXPECT_EQ(data["quoted"], "1.10");
  EXPECT_TRUE(data["plain"].is_number_float());
  EXPECT_DOUBLE_EQ(data["plain"].get<double>(), 1.1);
}

TEST(ManifestParse, UnquotedYesAndOffAreBooleans) {
  auto objects = parse_manifests(std::string(kConfigMap) +
                                     "spec:\n"
                                     "  enabled: yes\n"
                                     "  paused: Off\n"
                                     "  word: \"yes\"\n"
                                     "  empty:\n"
                                     "  tilde: ~\n",
                                 kFile);
  Value expected = {{"enabled", true},
                    {"paused", false},
                    {"word", "yes"},
                    {"empty", nullptr},
                    {"tilde", nullptr}};
  EXPECT_EQ(only(objects).body["spec"], expected);
}

TEST(ManifestParse, BlockScalarsAreStrings) {
  auto objects = parse_manifests(std::string(kConfigMap) +
                                     "data:\n"
                                     "  literal: |\n"
                                     "    123\n"
                                     "  folded: >-\n"
                                     "    true\n",
                                 kFile);
  const Value& data = only(objects).body["data"];
  EXPECT_EQ(data["literal"], "123\n");
  EXPECT_EQ(data["folded"], "true");
}

TEST(ManifestParse, ExplicitTagsAreHonoured) {
  auto objects = parse_manifests(std::string(kConfigMap) +
                                     "data:\n"
                                     "  port: !!str 8080\n"
                                     "  count: !!int \"12\"\n"
                                     "  ratio: !!float 2\n",
                                 kFile);
  const Value& data = only(objects).body["data"];
  EXPECT_EQ(data["port"], "8080");
  EXPECT_TRUE(data["count"].is_number_integer());
  EXPECT_EQ(data["count"], 12);
  EXPECT_TRUE(data["ratio"].is_number_float());
}

TEST(ManifestParse, ScalarThatDoesNotFitItsTagIsAnError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "spec:\n  replicas: !!int three\n"),
            error_at(6, "'three' is not a valid !!int"));
}

TEST(ManifestParse, ExpandsAListIntoItsItemsWithTheirOwnLines) {
  auto objects = parse_manifests(
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "- apiVersion: v1\n"
      "  kind: Service\n"
      "  metadata: {name: web, namespace: team-a}\n"
      "- apiVersion: apps/v1\n"
      "  kind: Deployment\n"
      "  metadata:\n"
      "    name: web\n"
      "    namespace: team-a\n",
      kFile);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].id, (ObjectId{"", "Service", "team-a", "web"}));
  EXPECT_EQ(objects[0].source.line, 4);
  EXPECT_EQ(objects[1].id, (ObjectId{"apps", "Deployment", "team-a", "web"}));
  EXPECT_EQ(objects[1].api_version, "apps/v1");
  EXPECT_EQ(objects[1].source.line, 7);
}

TEST(ManifestParse, ExpandsTypedListsAndNestedLists) {
  auto objects = parse_manifests(
      "apiVersion: v1\n"
      "kind: ConfigMapList\n"
      "metadata: {}\n"
      "items:\n"
      "- apiVersion: v1\n"
      "  kind: ConfigMap\n"
      "  metadata: {name: a}\n"
      "- apiVersion: v1\n"
      "  kind: List\n"
      "  items:\n"
      "  - apiVersion: v1\n"
      "    kind: ConfigMap\n"
      "    metadata: {name: b}\n",
      kFile);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].id.name, "a");
  EXPECT_EQ(objects[1].id.name, "b");
  EXPECT_EQ(objects[1].source.line, 11);
}

TEST(ManifestParse, EmptyListHasNoObjects) {
  EXPECT_TRUE(parse_manifests("apiVersion: v1\nkind: List\nitems: []\n", kFile).empty());
}

TEST(ManifestParse, ListItemErrorNamesTheItemsLine) {
  EXPECT_EQ(parse_error_of("apiVersion: v1\n"
                           "kind: List\n"
                           "items:\n"
                           "- apiVersion: v1\n"
                           "  kind: ConfigMap\n"
                           "  metadata: {name: a}\n"
                           "- kind: ConfigMap\n"
                           "  metadata: {name: b}\n"),
            error_at(7, "list item has kind but no apiVersion"));
}

TEST(ManifestParse, ListItemThatIsNotAnObjectIsAnErrorNamingIt) {
  const std::string list =
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "- apiVersion: v1\n"
      "  kind: ConfigMap\n"
      "  metadata: {name: a}\n";
  EXPECT_EQ(parse_error_of(list + "- 42\n"), error_at(7, "List item 2 is a number, not an object"));
  EXPECT_EQ(parse_error_of(list + "- web\n"),
            error_at(7, "List item 2 is a string, not an object"));
  EXPECT_EQ(parse_error_of(list + "- [a, b]\n"),
            error_at(7, "List item 2 is a list, not an object"));
  EXPECT_EQ(parse_error_of(list + "- true\n"),
            error_at(7, "List item 2 is a boolean, not an object"));
  EXPECT_EQ(parse_error_of(list + "- ~\n"), error_at(7, "List item 2 is null, not an object"));
  EXPECT_EQ(parse_error_of(list + "- {name: b}\n"),
            error_at(7, "List item 2 has neither apiVersion nor kind"));
  EXPECT_EQ(parse_error_of(R"({"apiVersion": "v1", "kind": "List", "items": [42]})"),
            error_at(1, "List item 1 is a number, not an object"));
}

TEST(ManifestParse, BytesOfABinaryFileShowEscapedInTheError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  key: \"\\\xff\"\n"),
            error_at(6, "invalid UTF-8 (byte 0xFF); YAML files are Unicode text"));
  EXPECT_EQ(parse_error_of(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff", 17)),
            error_at(2, "control character U+001A is not allowed in YAML"));
}

TEST(ManifestParse, MissingNameIsAnError) {
  EXPECT_EQ(parse_error_of("apiVersion: v1\nkind: ConfigMap\ndata: {}\n"),
            error_at(1, "metadata.name is required"));
  EXPECT_EQ(parse_error_of("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"\"\n"),
            error_at(1, "metadata.name is required"));
}

TEST(ManifestParse, GenerateNameOutsideAHookIsAnError) {
  EXPECT_EQ(parse_error_of("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: run-\n"),
            error_at(1,
                     "metadata.name is required: an object named by metadata.generateName cannot "
                     "be tracked declaratively (only hooks may use it)"));
}

TEST(ManifestParse, AHookMayBeNamedByGenerateName) {
  const auto objects = parse_manifests(
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n  annotations:\n"
      "    argocd.argoproj.io/hook: PreSync\n",
      "envs/prod/migrate.yaml");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].id.name, "migrate-");
}

TEST(ManifestParse, ApiVersionAndKindMustBeStrings) {
  EXPECT_EQ(parse_error_of("apiVersion: 1\nkind: ConfigMap\nmetadata: {name: a}\n"),
            error_at(1, "apiVersion must be a non-empty string"));
  EXPECT_EQ(parse_error_of("apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: a}\n"),
            error_at(1, "kind must be a non-empty string"));
  EXPECT_EQ(parse_error_of("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 12}\n"),
            error_at(1, "metadata.name must be a string"));
}

TEST(ManifestParse, AliasesAreExpanded) {
  auto objects = parse_manifests(
      "apiVersion: v1\n"
      "kind: ConfigMap\n"
      "metadata:\n"
      "  name: &name settings\n"
      "  labels: {app: *name}\n",
      kFile);
  EXPECT_EQ(only(objects).body["metadata"]["labels"]["app"], "settings");
}

TEST(ManifestParse, MergeKeysAreApplied) {
  auto objects = parse_manifests(
      "apiVersion: v1\n"
      "kind: ConfigMap\n"
      "metadata: {name: settings}\n"
      "data:\n"
      "  base: &base {a: '1', b: '2'}\n"
      "  extra: &extra {c: '3', a: '9'}\n"
      "  merged:\n"
      "    <<: [*base, *extra]\n"
      "    b: override\n",
      kFile);
  Value expected = {{"a", "1"}, {"b", "override"}, {"c", "3"}};
  EXPECT_EQ(only(objects).body["data"]["merged"], expected);
}

TEST(ManifestParse, MergeOfAScalarIsAnError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  <<: 5\n"),
            error_at(6, "a merge key ('<<') takes mappings only"));
}

TEST(ManifestParse, BillionLaughsStopsAtTheNodeLimit) {
  std::string text =
      "apiVersion: v1\n"
      "kind: ConfigMap\n"
      "metadata: {name: lol}\n"
      "data:\n"
      "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    std::string previous(1, static_cast<char>(level - 1));
    text += "  " + std::string(1, level) + ": &" + std::string(1, level) + " [";
    for (int i = 0; i < 9; ++i) {
      text += (i ? ",*" : "*") + previous;
    }
    text += "]\n";
  }
  // 9^9 nodes when expanded: the error at the millionth proves the expansion stopped there, with
  // no clock to race.
  EXPECT_EQ(parse_error_of(text), error_at(1,
                                           "document expands to more than 1000000 nodes: too many "
                                           "aliases (billion laughs?)"));
}

// A fuzz finding (tests/fuzz/manifest_yaml.cpp): yaml-cpp 0.7's LoadAll loops for ever on this
// stream, making empty documents until memory runs out.
TEST(ManifestParse, AStreamTheParserStopsMovingInIsRefused) {
  EXPECT_EQ(parse_error_of(", :\n"),
            error_at(1, "not a YAML stream the parser can read (it stops moving here)"));
  const auto second = parse_error_of(std::string(kConfigMap) + "---\n, : &a \"x\"\nb: *a\n");
  EXPECT_NE(second.find("not a YAML stream the parser can read"), std::string::npos) << second;
}

TEST(ManifestParse, AliasInsideItselfFails) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data: &loop [*loop]\n"),
            error_at(1, "document nests deeper than 1000 levels (an alias that contains itself?)"));
}

TEST(ManifestParse, DeepNestingIsAnError) {
  std::string deep =
      std::string(kConfigMap) + "data: " + std::string(3000, '[') + std::string(3000, ']') + "\n";
  EXPECT_EQ(parse_error_of(deep), error_at(5, "nesting is too deep"));
}

TEST(ManifestParse, UnterminatedDoubleQuoteAtTheEndIsAnError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  greeting: \"hello\n"),
            error_at(6, "unterminated quoted string"));
}

TEST(ManifestParse, UnterminatedSingleQuoteAtTheEndIsAnError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  greeting: 'it''s\n\n"),
            error_at(6, "unterminated quoted string"));
}

TEST(ManifestParse, UnterminatedQuoteIsFoundInTheLastDocument) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "---\n" + kConfigMap +
                           "data:\n  a: \"x\"\n  b: !!str &b \"escaped \\\" quote\n"),
            error_at(12, "unterminated quoted string"));
}

// The quote scanner is the editor's: after a tag it skips the CR of a CRLF line break too.
TEST(ManifestParse, UnterminatedQuoteAfterATagAndACrlfIsAnError) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\r\n  a: !!str \r\n    \"open\r\n"),
            error_at(6, "unterminated quoted string"));
}

TEST(ManifestParse, ClosedQuotesAtTheEndAreFine) {
  for (const char* ending : {"  a: \"x \\\" y\"\n", "  a: 'it''s'\n", "  a: \"x\"  # note\n",
                             "  \"key\":\n", "  a: &a \"x\"\n  b: *a\n", "  a: |\n    \"open\n"}) {
    EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n" + ending), "") << ending;
  }
}

TEST(ManifestParse, YamlSyntaxErrorNamesTheLine) {
  EXPECT_EQ(parse_error_of(std::string(kConfigMap) + "data:\n  a: [1, 2\n  b: 3\n"),
            error_at(7, "end of sequence flow not found"));
}

TEST(ManifestParse, JsonManifestKeepsItsTypes) {
  auto objects = parse_manifests(
      "{\n"
      "  \"apiVersion\": \"apps/v1\",\n"
      "  \"kind\": \"Deployment\",\n"
      "  \"metadata\": {\"name\": \"web\", \"labels\": {\"version\": \"1.10\"}},\n"
      "  \"spec\": {\"replicas\": 2, \"ratio\": 1.0, \"paused\": false, \"zone\": null,\n"
      "           \"code\": \"0123\", \"word\": \"yes\", \"big\": 18446744073709551615}\n"
      "}\n",
      "app.json");
  const Object& web = only(objects);
  EXPECT_EQ(web.id, (ObjectId{"apps", "Deployment", "", "web"}));
  EXPECT_EQ(web.source.line, 1);
  const Value& spec = web.body["spec"];
  EXPECT_EQ(web.body["metadata"]["labels"]["version"], "1.10");
  EXPECT_TRUE(spec["replicas"].is_number_integer());
  EXPECT_TRUE(spec["ratio"].is_number_float());
  EXPECT_EQ(spec["paused"], false);
  EXPECT_TRUE(spec["zone"].is_null());
  EXPECT_EQ(spec["code"], "0123");
  EXPECT_EQ(spec["word"], "yes");
  EXPECT_TRUE(spec["big"].is_number_unsigned());
}

TEST(ManifestParse, WindowsLineEndingsAndByteOrderMarkAreRead) {
  auto objects = parse_manifests(
      "\xEF\xBB\xBF"
      "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: \"settings\"\r\n",
      kFile);
  EXPECT_EQ(only(objects).id.name, "settings");
  EXPECT_EQ(parse_error_of("\xEF\xBB\xBF"
                           "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: \"x\r\n"),
            error_at(4, "unterminated quoted string"));
}

TEST(JsonParse, IntegersStayIntegersAndFloatsFloats) {
  Value value = parse_json(
      R"({"items": [{"replicas": 3, "negative": -9223372036854775808,
                     "huge": 18446744073709551615, "ratio": 1.0, "exp": 1e5,
                     "name": "web", "ready": true, "none": null}]})",
      "get deployments");
  const Value& item = value["items"][0];
  EXPECT_EQ(item["replicas"].type(), Value::value_t::number_integer);
  EXPECT_EQ(item["replicas"], 3);
  EXPECT_EQ(item["negative"].type(), Value::value_t::number_integer);
  EXPECT_EQ(item["huge"].type(), Value::value_t::number_unsigned);
  EXPECT_EQ(item["huge"].get<std::uint64_t>(), 18446744073709551615u);
  EXPECT_EQ(item["ratio"].type(), Value::value_t::number_float);
  EXPECT_EQ(item["exp"].type(), Value::value_t::number_float);
  EXPECT_EQ(item["name"], "web");
  EXPECT_EQ(item["ready"], true);
  EXPECT_TRUE(item["none"].is_null());
}

TEST(JsonParse, IntegerBeyond64BitsBecomesAFloat) {
  Value value = parse_json(R"({"large": 100000000000000000000, "small": 5})", "get crd");
  EXPECT_EQ(value["large"].type(), Value::value_t::number_float);
  EXPECT_DOUBLE_EQ(value["large"].get<double>(), 1e20);
  EXPECT_EQ(value["small"].type(), Value::value_t::number_integer);
}

TEST(JsonParse, MalformedInputNamesWhatWasRead) {
  try {
    parse_json(R"({"items": [)", "get pods -n team-a");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what())
                  .rfind("cannot parse the output of kubectl (get pods -n team-a): ", 0),
              0u)
        << error.what();
  }
}

TEST(JsonParse, EmptyOutputIsAnError) {
  try {
    parse_json("", "get pods");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(),
                 "cannot parse the output of kubectl (get pods): empty: no JSON found");
  }
}

TEST(JsonParse, UnclosedStringIsAnError) {
  EXPECT_THROW(parse_json(R"({"name": "web)", "get pods"), Error);
}

}  // namespace
}  // namespace gitops::manifest
