#include "cli/program.hpp"

#include <exception>
#include <iostream>

#include "error.hpp"

namespace gitops::cli {

int run_program(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& error) {
    std::cout.flush();
    std::cerr << program << ": error: " << error.what() << "\n";
    return error.exit_code();
  } catch (const std::exception& error) {
    std::cout.flush();
    std::cerr << program << ": error: internal error: " << error.what() << "\n";
    return 3;
  }
}

}  // namespace gitops::cli
