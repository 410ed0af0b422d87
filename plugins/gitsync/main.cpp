#include "cli/program.hpp"
#include "gitsync.hpp"

int main(int argc, char** argv) {
  return gitops::cli::run_program("kubectl-gitsync",
                                  [&] { return gitops::gitsync::run(argc, argv); });
}
