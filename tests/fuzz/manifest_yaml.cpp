// Manifests as people write them: any YAML stream through the parser gitdiff, gitsync and
// gitpromote read files with, and through the document reader that masks Secrets.

#include "fuzz_input.hpp"
#include "manifest/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = gitops::fuzz::text_of(data, size);
  gitops::fuzz::answer_bad_input_with_errors(
      [&] { gitops::manifest::parse_manifests(text, "envs/fuzz/app.yaml"); });
  gitops::fuzz::answer_bad_input_with_errors(
      [&] { gitops::manifest::parse_yaml_documents(text, "envs/fuzz/secret.yaml"); });
  return 0;
}
