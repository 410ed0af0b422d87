#include "util/fault_point.hpp"

#include <signal.h>

#include <cstdlib>

namespace gitops::util {

void fault_point(std::string_view name) {
  const char* die_at = std::getenv("GITOPS_TEST_DIE_AT");
  if (die_at && name == die_at)
    raise(SIGKILL);
  const char* stop_at = std::getenv("GITOPS_TEST_STOP_AT");
  if (stop_at && name == stop_at)
    raise(SIGSTOP);
}

}  // namespace gitops::util
