#include "cli/program.hpp"

#include <exception>

#include "cli/command.hpp"
#include "error.hpp"
#include "util/printable.hpp"

namespace gitops::cli {

void print_error(const Streams& streams, const std::string& program, const std::string& message) {
  streams.out.flush();
  streams.err << program << ": error: " << util::printable(message) << "\n";
}

int run_program(const std::string& program, const Streams& streams,
                const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& error) {
    print_error(streams, program, error.what());
    return error.exit_code();
  } catch (const std::exception& error) {
    print_error(streams, program, std::string("internal error: ") + error.what());
    return 3;
  }
}

}  // namespace gitops::cli
