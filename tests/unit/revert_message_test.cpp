// What a revert commit says: gitrevert's messages, made from file edits alone.

#include <gtest/gtest.h>

#include "revert/message.hpp"

namespace {

using gitops::diff::FileEdit;
using namespace gitops::revert;

const std::string kTarget = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
const std::string kLive = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";

gitops::git::Commit target() {
  gitops::git::Commit commit;
  commit.sha = kTarget;
  commit.subject = "web 1.2.0";
  return commit;
}

const std::vector<FileEdit> kEdits = {
    {"envs/prod/config.yaml", "key: v2\n", "key: v1\n"},
    {"envs/prod/new.yaml", "new: true\n", std::nullopt},
    {"envs/prod/old.yaml", std::nullopt, "old: true\n"},
};

TEST(RevertMessage, RestoreNamesTheFoldersTheTargetAndEveryFileWithTrailers) {
  EXPECT_EQ(restore_message({"envs/prod"}, target(), kLive, kEdits),
            "revert envs/prod to 1a2b3c4: web 1.2.0\n"
            "\n"
            "- update envs/prod/config.yaml\n"
            "- remove envs/prod/new.yaml\n"
            "- restore envs/prod/old.yaml\n"
            "\n"
            "Reverts-to: " +
                kTarget +
                "\n"
                "Reverted-from: " +
                kLive + "\n");
}

TEST(RevertMessage, UndoNamesTheCommitAndItsSubjectWithTheRevertsTrailer) {
  EXPECT_EQ(undo_message({"envs/prod", "envs/shared"}, target(), {kEdits[0]}),
            "revert 1a2b3c4 in envs/prod, envs/shared: web 1.2.0\n"
            "\n"
            "- update envs/prod/config.yaml\n"
            "\n"
            "Reverts: " +
                kTarget + "\n");
}

TEST(RevertMessage, AnAppWithoutFoldersIsTheRepository) {
  EXPECT_EQ(folders_label({}), "the repository");
  EXPECT_EQ(folders_label({""}), "the repository");
  EXPECT_EQ(restore_message({}, target(), kLive, kEdits).substr(0, 45),
            "revert the repository to 1a2b3c4: web 1.2.0\n\n");
}

}  // namespace
