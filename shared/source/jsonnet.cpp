#include "source/jsonnet.hpp"

#ifndef GITOPS_NO_JSONNET
extern "C" {
#include <libjsonnet.h>
}
#endif

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "error.hpp"

namespace gitops::source {

namespace fs = std::filesystem;

#ifndef GITOPS_NO_JSONNET
namespace {

struct VmDeleter {
  void operator()(JsonnetVm* vm) const { jsonnet_destroy(vm); }
};
using VmPtr = std::unique_ptr<JsonnetVm, VmDeleter>;

// What the import callback needs: where files are, and where libraries are looked for.
struct ImportContext {
  JsonnetVm* vm = nullptr;
  fs::path root;
  std::vector<std::string> library_folders;  // repository-relative, first wins
};

std::optional<std::string> read_file(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error))
    return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// `folder`/`rel` made repository-relative, or nullopt when it leaves the repository.
std::optional<std::string> inside(const std::string& folder, const std::string& rel) {
  if (rel.empty() || rel.front() == '/')
    return std::nullopt;
  auto path = (fs::path(folder) / rel).lexically_normal().generic_string();
  if (path.empty() || path == ".." || path.rfind("../", 0) == 0)
    return std::nullopt;
  return path;
}

char* copy_for_jsonnet(JsonnetVm* vm, const std::string& text) {
  char* buffer = jsonnet_realloc(vm, nullptr, text.size() + 1);
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  return buffer;
}

char* import_file(void* raw, const char* base, const char* rel, char** found_here, int* success) {
  const auto& context = *static_cast<ImportContext*>(raw);
  std::vector<std::string> folders = {base};
  folders.insert(folders.end(), context.library_folders.begin(), context.library_folders.end());
  for (const auto& folder : folders) {
    const auto path = inside(folder, rel);
    if (!path)
      continue;
    if (auto content = read_file(context.root / *path)) {
      *found_here = copy_for_jsonnet(context.vm, *path);
      *success = 1;
      return copy_for_jsonnet(context.vm, *content);
    }
  }
  *success = 0;
  return copy_for_jsonnet(context.vm, "cannot find " + quoted(rel) +
                                          " beside the importing file, nor in lib/ or vendor/");
}

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string joined(const std::string& folder, const std::string& name) {
  return folder.empty() ? name : folder + "/" + name;
}

// jsonnet's message and stack trace as one line: "RUNTIME ERROR: boom\n\ta.jsonnet:3:1-10\t..."
// -> "boom (a.jsonnet:3:1-10)".
std::string one_line(const std::string& text) {
  std::istringstream lines(text);
  std::string first, line;
  std::getline(lines, first);
  for (const char* prefix : {"RUNTIME ERROR: ", "STATIC ERROR: "}) {
    if (first.rfind(prefix, 0) == 0)
      first.erase(0, std::strlen(prefix));
  }
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos)
      continue;
    const auto end = line.find('\t', start);
    return first + " (" + line.substr(start, end == std::string::npos ? end : end - start) + ")";
  }
  return first;
}

}  // namespace

#endif

std::pair<std::string, std::string> jsonnet_binding(const std::string& flag,
                                                    const std::string& text) {
  const auto equals = text.find('=');
  const auto name = text.substr(0, equals);
  if (name.empty())
    throw Error("--" + flag + " needs NAME=VALUE, not " + quoted(text), ErrorKind::invalid_input);
  if (equals != std::string::npos)
    return {name, text.substr(equals + 1)};
  const char* from_env = std::getenv(name.c_str());
  if (!from_env) {
    throw Error("--" + flag + " " + name + ": no value given and no environment variable " +
                    quoted(name) + " is set",
                ErrorKind::invalid_input);
  }
  return {name, from_env};
}

#ifdef GITOPS_NO_JSONNET
std::string evaluate_jsonnet(const fs::path&, const std::string& file, const JsonnetVars&) {
  throw Error("cannot render " + quoted(file) +
                  ": this static release build has no Jsonnet (Debian's libjsonnet archive lacks "
                  "parts of it); use a build from source",
              ErrorKind::failed);
}
#else
std::string evaluate_jsonnet(const fs::path& root, const std::string& file,
                             const JsonnetVars& vars) {
  VmPtr vm(jsonnet_make());
  for (const auto& [name, value] : vars.ext_str)
    jsonnet_ext_var(vm.get(), name.c_str(), value.c_str());
  for (const auto& [name, value] : vars.ext_code)
    jsonnet_ext_code(vm.get(), name.c_str(), value.c_str());
  for (const auto& [name, value] : vars.tla_str)
    jsonnet_tla_var(vm.get(), name.c_str(), value.c_str());
  for (const auto& [name, value] : vars.tla_code)
    jsonnet_tla_code(vm.get(), name.c_str(), value.c_str());

  ImportContext context;
  context.vm = vm.get();
  context.root = root;
  const auto folder = folder_of(file);
  for (const auto& base : {folder, std::string()}) {
    for (const char* library : {"lib", "vendor"}) {
      const auto candidate = joined(base, library);
      if (fs::is_directory(root / candidate))
        context.library_folders.push_back(candidate);
    }
    if (folder.empty())
      break;
  }
  jsonnet_import_callback(vm.get(), import_file, &context);

  const auto source = read_file(root / file);
  if (!source)
    throw Error("cannot read " + quoted(file), ErrorKind::not_found);
  int failed = 0;
  char* output = jsonnet_evaluate_snippet(vm.get(), file.c_str(), source->c_str(), &failed);
  std::string text = output ? output : "";
  jsonnet_realloc(vm.get(), output, 0);
  if (failed) {
    throw Error("cannot render " + quoted(file) + ": " + one_line(text), ErrorKind::invalid_input);
  }
  return text;
}
#endif

}  // namespace gitops::source
