#include "cli/program.hpp"
#include "gitrevert.hpp"

int main(int argc, char** argv) {
  return gitops::cli::run_program("kubectl-gitrevert",
                                  [&] { return gitops::gitrevert::run(argc, argv); });
}
