#include "gitpromote.hpp"

int main(int argc, char** argv) {
  gitops::gitpromote::GitPromote command;
  return gitops::cli::main_of(command, argc, argv);
}
