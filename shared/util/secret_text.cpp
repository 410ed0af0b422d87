#include "util/secret_text.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "error.hpp"

namespace gitops::util {

std::string read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw Error("cannot read " + quoted(path) + ": " + std::strerror(errno));
  std::stringstream content;
  content << in.rdbuf();
  auto secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
    secret.pop_back();
  if (secret.empty())
    throw Error("cannot use " + quoted(path) + ": it is empty");
  return secret;
}

}  // namespace gitops::util
