// The comparer with two arbitrary objects: the desired one as a manifest file gives it (YAML),
// the live one as the API server answers (JSON), cut apart at the first NUL byte. Whatever they
// hold, the comparison and the diff gitdiff prints from it must be made without a crash.

#include <vector>

#include "diff/compare.hpp"
#include "diff/present_diff.hpp"
#include "diff/report.hpp"
#include "fuzz_input.hpp"
#include "manifest/json_parse.hpp"
#include "manifest/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gitops;
  const auto texts = fuzz::split_at_nul(fuzz::text_of(data, size));  // desired, live
  fuzz::answer_bad_input_with_errors([&] {
    const auto desired = manifest::parse_manifests(texts.first, "envs/fuzz/app.yaml");
    if (desired.empty())
      return;
    const auto live = manifest::parse_json(texts.second, "live object");
    diff::BeforeState before;
    if (live.is_object())
      before.objects[desired.front().id] = live;
    for (const bool declared : {false, true}) {
      diff::CompareOptions options;
      options.before_is_declared = declared;
      diff::Report report;
      report.changes = diff::compare(desired, before, options);
      diff::present_diff(report, false);
    }
  });
  return 0;
}
