#pragma once

#include <string>

namespace gitops::util {

// A secret kept in a file (a webhook secret, a notification key, a git password or token): the
// file's content without its final line breaks. Error naming the file when it cannot be read or
// holds nothing.
std::string read_secret_file(const std::string& path);

}  // namespace gitops::util
