#include "cli/program.hpp"

#include <exception>
#include <iostream>

#include "error.hpp"
#include "util/printable.hpp"

namespace gitops::cli {

void print_error(const std::string& program, const std::string& message) {
  std::cout.flush();
  std::cerr << program << ": error: " << util::printable(message) << "\n";
}

int run_program(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& error) {
    print_error(program, error.what());
    return error.exit_code();
  } catch (const std::exception& error) {
    print_error(program, std::string("internal error: ") + error.what());
    return 3;
  }
}

}  // namespace gitops::cli
