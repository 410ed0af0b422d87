#pragma once

#include <string>
#include <string_view>

namespace gitops::util {

// `text` as a message may show it on a terminal: printable ASCII and well-formed UTF-8 as they
// are; tab, newline and carriage return as \t, \n and \r; every other byte (a control character,
// a byte of a binary file that is not UTF-8) as \xNN. Backslashes stay as they are, so that
// printable(printable(x)) == printable(x).
std::string printable(std::string_view text);

}  // namespace gitops::util
