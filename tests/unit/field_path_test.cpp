// Field paths print in a form that parses back to the same steps: what a report shows can be
// pasted into --ignore. The keys here are fuzz findings (tests/fuzz/field_path.cpp).

#include "diff/field_path.hpp"

#include <gtest/gtest.h>

#include "error.hpp"
#include "error_of.hpp"

namespace gitops::diff {
namespace {

using gitops::testing::error_of;

FieldPath round_tripped(const FieldPath& path) {
  return FieldPath::parse(path.to_string());
}

TEST(FieldPath, KeysThatNeedQuotesPrintQuotedAndParseBack) {
  const auto path = FieldPath().key("metadata").key("labels").key("app.kubernetes.io/name");
  EXPECT_EQ(path.to_string(), "metadata.labels[\"app.kubernetes.io/name\"]");
  EXPECT_EQ(round_tripped(path).steps(), path.steps());
}

TEST(FieldPath, AKeyWithAClosingBracketParsesBack) {
  const auto path = FieldPath::parse("valeus].yaml:built");
  EXPECT_EQ(path.to_string(), "[\"valeus]\"][\"yaml:built\"]");
  EXPECT_EQ(round_tripped(path).steps(), path.steps());
}

TEST(FieldPath, QuotesAndBackslashesInAKeyAreEscaped) {
  const auto path = FieldPath().key("data").key("say \"hi\"]\\");
  EXPECT_EQ(path.to_string(), "data[\"say \\\"hi\\\"]\\\\\"]");
  EXPECT_EQ(round_tripped(path).steps(), path.steps());
}

TEST(FieldPath, ElementsAndEmptyKeysParseBack) {
  const auto path = FieldPath().key("spec").key("containers").element("name=web").key("");
  EXPECT_EQ(path.to_string(), "spec.containers[name=web][\"\"]");
  EXPECT_EQ(round_tripped(path).steps(), path.steps());
}

TEST(FieldPath, AnUnclosedQuotedKeyIsRefused) {
  EXPECT_EQ(error_of([] { FieldPath::parse("metadata[\"open]"); }),
            "malformed field path 'metadata[\"open]': unclosed '[\"'");
}

}  // namespace
}  // namespace gitops::diff
