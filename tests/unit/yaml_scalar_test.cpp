#include "manifest/yaml_scalar.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gitops::manifest {
namespace {

constexpr const char* kPlain = "?";
constexpr const char* kQuoted = "!";

struct Case {
  std::string text;
  Value expected;
};

// Compares type as well as value: nlohmann finds 83 == 83.0 and 83 == 83u.
void expect_typed(const char* tag, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    auto typed = type_scalar(tag, c.text);
    ASSERT_TRUE(typed.has_value()) << c.text;
    EXPECT_EQ(typed->type_name(), std::string(c.expected.type_name())) << "'" << c.text << "'";
    EXPECT_EQ(typed->type(), c.expected.type()) << "'" << c.text << "'";
    EXPECT_EQ(*typed, c.expected) << "'" << c.text << "'";
  }
}

Value integer(std::int64_t n) {
  return Value(n);
}
Value unsigned_integer(std::uint64_t n) {
  return Value(n);
}
Value text(const char* s) {
  return Value(std::string(s));
}

TEST(YamlScalar, UnquotedYesIsTrue) {
  expect_typed(kPlain, {{"yes", true}});
}

TEST(YamlScalar, EveryYaml11TrueSpellingIsTrue) {
  expect_typed(kPlain, {{"y", true},
                        {"Y", true},
                        {"yes", true},
                        {"Yes", true},
                        {"YES", true},
                        {"true", true},
                        {"True", true},
                        {"TRUE", true},
                        {"on", true},
                        {"On", true},
                        {"ON", true}});
}

TEST(YamlScalar, EveryYaml11FalseSpellingIsFalse) {
  expect_typed(kPlain, {{"n", false},
                        {"N", false},
                        {"no", false},
                        {"No", false},
                        {"NO", false},
                        {"false", false},
                        {"False", false},
                        {"FALSE", false},
                        {"off", false},
                        {"Off", false},
                        {"OFF", false}});
}

TEST(YamlScalar, OddlyCasedWordsStayStrings) {
  expect_typed(kPlain, {{"tRUE", text("tRUE")},
                        {"yES", text("yES")},
                        {"oN", text("oN")},
                        {"nULL", text("nULL")},
                        {".Nan", text(".Nan")},
                        {"yess", text("yess")}});
}

TEST(YamlScalar, NullSpellingsAndEmptyAreNull) {
  expect_typed(
      kPlain,
      {{"", nullptr}, {"~", nullptr}, {"null", nullptr}, {"Null", nullptr}, {"NULL", nullptr}});
}

TEST(YamlScalar, LeadingZeroIsOctal) {
  expect_typed(kPlain, {{"0123", integer(83)}, {"-0123", integer(-83)}, {"+0123", integer(83)}});
}

TEST(YamlScalar, IntegersFollowGoParseIntWithBasePrefixes) {
  expect_typed(kPlain, {{"0", integer(0)},
                        {"-0", integer(0)},
                        {"42", integer(42)},
                        {"+42", integer(42)},
                        {"-42", integer(-42)},
                        {"0x1F", integer(31)},
                        {"0X1f", integer(31)},
                        {"-0x10", integer(-16)},
                        {"0b101", integer(5)},
                        {"-0b101", integer(-5)},
                        {"0o17", integer(15)},  // Go's strconv (since 1.13), which go-yaml v2 calls
                        {"1_000_000", integer(1000000)},
                        {"0x_FF", integer(255)}});
}

TEST(YamlScalar, IntegersOutsideInt64AreUnsignedThenFloat) {
  expect_typed(kPlain, {{"9223372036854775807", integer(std::numeric_limits<std::int64_t>::max())},
                        {"-9223372036854775808", integer(std::numeric_limits<std::int64_t>::min())},
                        {"9223372036854775808", unsigned_integer(9223372036854775808u)},
                        {"18446744073709551615", unsigned_integer(18446744073709551615u)},
                        {"0xFFFFFFFFFFFFFFFF", unsigned_integer(18446744073709551615u)},
                        {"18446744073709551616", 18446744073709551616.0},
                        {"-9223372036854775809", -9223372036854775809.0}});
}

TEST(YamlScalar, BadOctalFallsBackToFloatAsGoYamlDoes) {
  expect_typed(kPlain, {{"08", 8.0}, {"0129", 129.0}});
}

TEST(YamlScalar, NotQuiteIntegersStayStrings) {
  expect_typed(kPlain, {{"0x", text("0x")},
                        {"0b2", text("0b2")},
                        {"0xG", text("0xG")},
                        {"+", text("+")},
                        {"-", text("-")},
                        {"1-2", text("1-2")},
                        {"12abc", text("12abc")},
                        {"_1", text("_1")}});
}

TEST(YamlScalar, PlainDecimalsAreFloats) {
  expect_typed(kPlain, {{"1.10", 1.1},
                        {"1.0", 1.0},
                        {"-2.5", -2.5},
                        {"+2.5", 2.5},
                        {".5", 0.5},
                        {"-.5", -0.5},
                        {"1_000.5", 1000.5},
                        {"1e+3", 1000.0},
                        {"1.5E-2", 0.015},
                        {".5e3", 500.0},
                        {"1e-400", 0.0}});
}

TEST(YamlScalar, ExponentsNeedNoSignAndTheFractionMayBeEmpty) {
  expect_typed(kPlain, {{"1e3", 1000.0}, {"1.5E3", 1500.0}, {"1.", 1.0}, {"-1.e2", -100.0}});
}

TEST(YamlScalar, NotQuiteFloatsStayStrings) {
  expect_typed(kPlain, {{".", text(".")},
                        {".e3", text(".e3")},
                        {"._5", text("._5")},
                        {"1e", text("1e")},
                        {"1e+", text("1e+")},
                        {"1.2.3", text("1.2.3")},
                        {"e3", text("e3")},
                        {"1e+999", text("1e+999")}});
}

TEST(YamlScalar, PrefixedIntegersBeyond64BitsAreFloats) {
  expect_typed(kPlain, {{"0x1FFFFFFFFFFFFFFFFF", 590295810358705651711.0},
                        {"-0x1FFFFFFFFFFFFFFFFF", text("-0x1FFFFFFFFFFFFFFFFF")}});
}

TEST(YamlScalar, InfinitySpellingsAreInfinite) {
  double inf = std::numeric_limits<double>::infinity();
  expect_typed(kPlain, {{".inf", inf},
                        {".Inf", inf},
                        {".INF", inf},
                        {"+.inf", inf},
                        {"+.Inf", inf},
                        {"+.INF", inf},
                        {"-.inf", -inf},
                        {"-.Inf", -inf},
                        {"-.INF", -inf},
                        {"inf", text("inf")},
                        {"+.nan", text("+.nan")}});
}

TEST(YamlScalar, NanSpellingsAreNan) {
  for (const char* spelling : {".nan", ".NaN", ".NAN"}) {
    auto typed = type_scalar(kPlain, spelling);
    ASSERT_TRUE(typed && typed->is_number_float()) << spelling;
    EXPECT_TRUE(std::isnan(typed->get<double>())) << spelling;
  }
}

TEST(YamlScalar, OtherPlainTextIsAString) {
  expect_typed(kPlain, {{"web", text("web")},
                        {"apps/v1", text("apps/v1")},
                        {"v1", text("v1")},
                        {"2001-12-14", text("2001-12-14")},
                        {"2001-12-14T21:59:43.10Z", text("2001-12-14T21:59:43.10Z")},
                        {"12:30", text("12:30")},
                        {"<<", text("<<")},
                        {"500m", text("500m")}});
}

TEST(YamlScalar, QuotedAndBlockScalarsAreAlwaysStrings) {
  expect_typed(kQuoted, {{"0123", text("0123")},
                         {"yes", text("yes")},
                         {"1.10", text("1.10")},
                         {"null", text("null")},
                         {"", text("")},
                         {"42\n", text("42\n")}});
}

TEST(YamlScalar, ExplicitCoreTagsAreHonoured) {
  expect_typed("tag:yaml.org,2002:str", {{"123", text("123")}, {"true", text("true")}});
  expect_typed("tag:yaml.org,2002:int", {{"12", integer(12)}, {"0x10", integer(16)}});
  expect_typed("tag:yaml.org,2002:float", {{"1", 1.0}, {"1.5", 1.5}});
  expect_typed("tag:yaml.org,2002:bool", {{"yes", true}, {"false", false}});
  expect_typed("tag:yaml.org,2002:null", {{"", nullptr}, {"~", nullptr}});
}

TEST(YamlScalar, TextThatDoesNotFitItsTagIsRejected) {
  EXPECT_FALSE(type_scalar("tag:yaml.org,2002:int", "abc"));
  EXPECT_FALSE(type_scalar("tag:yaml.org,2002:int", "1.5"));
  EXPECT_FALSE(type_scalar("tag:yaml.org,2002:float", "abc"));
  EXPECT_FALSE(type_scalar("tag:yaml.org,2002:bool", "1"));
  EXPECT_FALSE(type_scalar("tag:yaml.org,2002:null", "0"));
}

TEST(YamlScalar, LocalTagsLeaveTheTextAString) {
  expect_typed("!custom", {{"12", text("12")}, {"yes", text("yes")}});
}

TEST(YamlScalar, PlainOrQuotedIsDecidedByTextAndType) {
  for (const char* text : {"web", "nginx:1.25", "--port=8080", "a, b", "a[b]", "1.2.3"}) {
    EXPECT_TRUE(fits_plain(text, PlainContext::block)) << text;
  }
  for (const char* text : {"", "yes", "0123", "1e3", "2024-01-31", "1:20", "<<", "a: b", " a",
                           "a #b", "- a", "?", "#a", "tab\there", "line\u2028sep"}) {
    EXPECT_FALSE(fits_plain(text, PlainContext::block)) << text;
  }
}

TEST(YamlScalar, FlowContextAlsoRefusesFlowIndicators) {
  for (const char* text : {"a, b", "a[b]", "a{b}", "?a", ":a"}) {
    EXPECT_TRUE(plain_text_survives(text, PlainContext::block)) << text;
    EXPECT_FALSE(plain_text_survives(text, PlainContext::flow)) << text;
  }
  EXPECT_TRUE(plain_text_survives("-1", PlainContext::flow));
  EXPECT_TRUE(plain_text_survives("a:b", PlainContext::flow));
}

TEST(YamlScalar, PlainTextReadAsOtherTypes) {
  for (const char* text : {"5", "-1", "true", "~", "1e999", "2024-01-31", "1:20", "<<", "="}) {
    EXPECT_TRUE(plain_reads_as_other_type(text)) << text;
  }
  for (const char* text : {"web", "1.2.3", "v1", "2024-01", "0x"}) {
    EXPECT_FALSE(plain_reads_as_other_type(text)) << text;
  }
}

TEST(YamlScalar, QuotedScalarEndsAtItsClosingQuote) {
  EXPECT_EQ(quoted_scalar_end("a: \"x \\\" y\" # c", 3), 11u);
  EXPECT_EQ(quoted_scalar_end("a: 'it''s' # c", 3), 10u);
  EXPECT_EQ(quoted_scalar_end("a: \"open\n", 3), std::nullopt);
  EXPECT_EQ(quoted_scalar_end("a: 'it''", 3), std::nullopt);
}

TEST(YamlScalar, PropertiesAreSkippedUpToTheText) {
  EXPECT_EQ(skip_properties("!!str &a \"x\"", 0), 9u);
  EXPECT_EQ(skip_properties("!!str\r\n  \"x\"", 0), 9u);
  EXPECT_EQ(skip_properties("plain", 0), 0u);
}

}  // namespace
}  // namespace gitops::manifest
