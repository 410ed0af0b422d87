#include "gitrevert.hpp"

int main(int argc, char** argv) {
  gitops::gitrevert::GitRevert command;
  return gitops::cli::main_of(command, argc, argv);
}
