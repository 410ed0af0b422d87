#include "gitdiff.hpp"

int main(int argc, char** argv) {
  gitops::gitdiff::GitDiff command;
  return gitops::cli::main_of(command, argc, argv);
}
