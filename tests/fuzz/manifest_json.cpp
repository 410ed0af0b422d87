// Answers of kubectl and the API server: any JSON document through the parser every live object,
// list and status is read with, then through identity_of, as the plan reads a live object.

#include "fuzz_input.hpp"
#include "manifest/json_parse.hpp"
#include "manifest/object.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gitops::fuzz::answer_bad_input_with_errors([&] {
    const auto value = gitops::manifest::parse_json(gitops::fuzz::text_of(data, size), "answer");
    if (value.is_object())
      gitops::manifest::identity_of(value);
  });
  return 0;
}
