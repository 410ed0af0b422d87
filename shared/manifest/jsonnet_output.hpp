#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "manifest/object.hpp"

namespace gitops::manifest {

// A Jsonnet file's output (JSON) as objects from `file`: one object, a `List`, an array of objects
// (nested arrays flattened), or an object whose every field is an object or array of them (as
// `jsonnet -m` writes each field to a file). Anything else is an Error naming the file.
std::vector<Object> parse_jsonnet_output(std::string_view json, const std::string& file);

}  // namespace gitops::manifest
