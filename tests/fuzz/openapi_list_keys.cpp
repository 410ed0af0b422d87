// The API server's OpenAPI v3 documents, read for the merge keys of lists, and the on-disk cache
// of those keys: whatever the keys read, their cached text must read back to the same text.

#include <string>

#include "diff/list_keys.hpp"
#include "diff/openapi_list_keys.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gitops;
  const auto text = fuzz::text_of(data, size);
  const auto round_trips = [](const diff::ListKeys& keys) {
    const auto cached = keys.to_text();
    if (diff::ListKeys::from_text(cached).to_text() != cached)
      fuzz::finding("list keys do not read back from their cache:\n" + cached);
  };
  fuzz::answer_bad_input_with_errors(
      [&] { round_trips(diff::list_keys_from_openapi_v3(text, "openapi/v3/apis/fuzz/v1")); });
  fuzz::answer_bad_input_with_errors([&] { round_trips(diff::ListKeys::from_text(text)); });
  return 0;
}
