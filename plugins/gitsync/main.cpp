#include "gitsync.hpp"

int main(int argc, char** argv) {
  gitops::gitsync::GitSync command;
  return gitops::cli::main_of(command, argc, argv);
}
