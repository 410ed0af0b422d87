#include "cli/program.hpp"
#include "gitdiff.hpp"

int main(int argc, char** argv) {
  return gitops::cli::run_program("kubectl-gitdiff",
                                  [&] { return gitops::gitdiff::run(argc, argv); });
}
