#include "cli/program.hpp"
#include "gitpromote.hpp"

int main(int argc, char** argv) {
  return gitops::cli::run_program("kubectl-gitpromote",
                                  [&] { return gitops::gitpromote::run(argc, argv); });
}
