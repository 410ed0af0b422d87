#include "diff/unified_diff.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

namespace gitops::diff {
namespace {

// "1\n2\n...\n<count>\n", with the lines in `replaced` written as "x<n>".
std::string numbered(int count, std::initializer_list<int> replaced = {}) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    bool is_replaced = std::find(replaced.begin(), replaced.end(), i) != replaced.end();
    text += (is_replaced ? "x" : "") + std::to_string(i) + "\n";
  }
  return text;
}

std::string plain_diff(const std::string& before, const std::string& after) {
  return unified_diff(before, after, "a", "b", false);
}

TEST(UnifiedDiff, WritesHeadersAndOneHunkAroundAChange) {
  EXPECT_EQ(plain_diff("a\nb\nc\n", "a\nB\nc\n"),
            "--- a\n"
            "+++ b\n"
            "@@ -1,3 +1,3 @@\n"
            " a\n"
            "-b\n"
            "+B\n"
            " c\n");
}

TEST(UnifiedDiff, KeepsThreeLinesOfContextOnEachSide) {
  EXPECT_EQ(plain_diff(numbered(20), numbered(20, {10})),
            "--- a\n"
            "+++ b\n"
            "@@ -7,7 +7,7 @@\n"
            " 7\n"
            " 8\n"
            " 9\n"
            "-10\n"
            "+x10\n"
            " 11\n"
            " 12\n"
            " 13\n");
}

TEST(UnifiedDiff, SplitsChangesSevenLinesApartIntoTwoHunks) {
  EXPECT_EQ(plain_diff(numbered(20), numbered(20, {4, 12})),
            "--- a\n"
            "+++ b\n"
            "@@ -1,7 +1,7 @@\n"
            " 1\n"
            " 2\n"
            " 3\n"
            "-4\n"
            "+x4\n"
            " 5\n"
            " 6\n"
            " 7\n"
            "@@ -9,7 +9,7 @@\n"
            " 9\n"
            " 10\n"
            " 11\n"
            "-12\n"
            "+x12\n"
            " 13\n"
            " 14\n"
            " 15\n");
}

// dtl would write two touching hunks; GNU diff (and we) join changes up to 6 lines apart.
TEST(UnifiedDiff, JoinsChangesUpToSixLinesApartIntoOneHunk) {
  for (int gap : {4, 5, 6}) {
    std::string diff = plain_diff(numbered(20), numbered(20, {4, 4 + gap + 1}));
    EXPECT_EQ(diff.find("\n@@", diff.find("\n@@") + 1), std::string::npos) << diff;
    int expected_lines = 3 + 1 + gap + 1 + 3;
    std::string header = "@@ -1," + std::to_string(expected_lines) + " +1," +
                         std::to_string(expected_lines) + " @@\n";
    EXPECT_NE(diff.find(header), std::string::npos) << diff;
  }
}

TEST(UnifiedDiff, ShowsFewerContextLinesOnlyAtTheEdges) {
  EXPECT_EQ(plain_diff("a\nb\nc\nd\n", "A\nb\nc\nD\n"),
            "--- a\n"
            "+++ b\n"
            "@@ -1,4 +1,4 @@\n"
            "-a\n"
            "+A\n"
            " b\n"
            " c\n"
            "-d\n"
            "+D\n");
}

TEST(UnifiedDiff, CreateShowsEveryLineAdded) {
  EXPECT_EQ(plain_diff("", "a\nb\n"),
            "--- a\n"
            "+++ b\n"
            "@@ -0,0 +1,2 @@\n"
            "+a\n"
            "+b\n");
}

TEST(UnifiedDiff, DeleteShowsEveryLineRemoved) {
  EXPECT_EQ(plain_diff("a\nb\n", ""),
            "--- a\n"
            "+++ b\n"
            "@@ -1,2 +0,0 @@\n"
            "-a\n"
            "-b\n");
}

TEST(UnifiedDiff, WritesNothingForEqualTexts) {
  EXPECT_EQ(plain_diff("a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(plain_diff("", ""), "");
}

TEST(UnifiedDiff, IgnoresAMissingFinalNewline) {
  EXPECT_EQ(plain_diff("a\nb\n", "a\nb"), "");
}

TEST(UnifiedDiff, UsesTheLabelsAsGiven) {
  std::string diff = unified_diff("a\n", "b\n", "live/v1/ConfigMap/team-a/settings",
                                  "HEAD(1a2b3c4)/v1/ConfigMap/team-a/settings", false);
  EXPECT_EQ(diff.rfind("--- live/v1/ConfigMap/team-a/settings\n"
                       "+++ HEAD(1a2b3c4)/v1/ConfigMap/team-a/settings\n",
                       0),
            0u)
      << diff;
}

TEST(UnifiedDiff, WritesNoColourCodesUnlessAsked) {
  EXPECT_EQ(plain_diff("a\nb\nc\n", "a\nB\nc\n").find('\033'), std::string::npos);
}

TEST(UnifiedDiff, ColoursEachKindOfLineAndResetsAtLineEnd) {
  EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nB\nc\n", "a", "b", true),
            "\033[1m--- a\033[0m\n"
            "\033[1m+++ b\033[0m\n"
            "\033[36m@@ -1,3 +1,3 @@\033[0m\n"
            " a\n"
            "\033[31m-b\033[0m\n"
            "\033[32m+B\033[0m\n"
            " c\n");
}

}  // namespace
}  // namespace gitops::diff
