// kustomize's own words for a remote base it could not fetch, as kubectl 1.32 (kustomize v5.5)
// prints them.
#include "source/remote_base.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gitops::source {
namespace {

TEST(UnfetchedRemoteBase, ReadsAUrlThatRefusedTheConnection) {
  const auto base = unfetched_remote_base(
      "E1201 23:10:29.372669   14934 run.go:72] \"command failed\" err=\"accumulating resources: "
      "accumulation err='accumulating resources from 'https://127.0.0.1:1/nothing': Get "
      "\\\"https://127.0.0.1:1/nothing\\\": dial tcp 127.0.0.1:1: connect: connection refused': "
      "must build at directory: not a valid directory: evalsymlink failure on "
      "'/tmp/k/https:/127.0.0.1:1/nothing' : lstat /tmp/k/https:: no such file or directory\"\n");
  ASSERT_TRUE(base);
  EXPECT_EQ(base->url, "https://127.0.0.1:1/nothing");
  EXPECT_EQ(base->reason, "dial tcp 127.0.0.1:1: connect: connection refused");
}

TEST(UnfetchedRemoteBase, ReadsGitsReasonForARepository) {
  const auto base = unfetched_remote_base(
      "E1201 23:10:29.850973   14941 run.go:72] \"command failed\" err=<\n"
      "\taccumulating resources: accumulation err='accumulating resources from "
      "'https://127.0.0.1:1/org/repo//base?ref=main': Get "
      "\"https://127.0.0.1:1/org/repo//base?ref=main\": dial tcp 127.0.0.1:1: connect: "
      "connection refused': failed to run '/usr/bin/git fetch --depth=1 "
      "https://127.0.0.1:1/org/repo main': fatal: unable to access "
      "'https://127.0.0.1:1/org/repo/': Failed to connect to 127.0.0.1 port 1 after 0 ms: "
      "Couldn't connect to server\n"
      "\t: exit status 128\n"
      " >\n");
  ASSERT_TRUE(base);
  EXPECT_EQ(base->url, "https://127.0.0.1:1/org/repo//base?ref=main");
  EXPECT_EQ(base->reason,
            "unable to access 'https://127.0.0.1:1/org/repo/': Failed to connect to 127.0.0.1 "
            "port 1 after 0 ms: Couldn't connect to server");
}

TEST(UnfetchedRemoteBase, FindsARemoteBaseInsideALocalOne) {
  const auto base = unfetched_remote_base(
      "Error: accumulating resources: accumulation err='accumulating resources from '../base': "
      "accumulation err='accumulating resources from 'github.com/org/repo//base': Get "
      "\"github.com/org/repo//base\": unsupported protocol scheme': something else\n");
  ASSERT_TRUE(base);
  EXPECT_EQ(base->url, "github.com/org/repo//base");
  EXPECT_EQ(base->reason, "unsupported protocol scheme");
}

TEST(UnfetchedRemoteBase, IgnoresOtherFailures) {
  EXPECT_FALSE(unfetched_remote_base(
      "error: accumulating resources: accumulation err='accumulating resources from "
      "'missing.yaml': evalsymlink failure on '/tmp/k/missing.yaml' : lstat "
      "/tmp/k/missing.yaml: no such file or directory'\n"));
  EXPECT_FALSE(unfetched_remote_base("error: map[string]interface {}(nil): yaml: line 3\n"));
  EXPECT_FALSE(unfetched_remote_base(""));
}

}  // namespace
}  // namespace gitops::source
