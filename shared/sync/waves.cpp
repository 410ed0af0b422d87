#include "sync/waves.hpp"

#include <charconv>
#include <map>

#include "error.hpp"

namespace gitops::sync {

int sync_wave(const manifest::Object& object) {
  const auto& metadata =
      object.body.contains("metadata") ? object.body["metadata"] : manifest::Value::object();
  if (!metadata.contains("annotations") || !metadata["annotations"].is_object())
    return 0;
  const auto& annotations = metadata["annotations"];
  for (const char* key : {kSyncWaveAnnotation, kArgoSyncWaveAnnotation}) {
    if (!annotations.contains(key))
      continue;
    const auto& value = annotations[key];
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    int wave = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, wave);
    if (error != std::errc() || stop != end) {
      const auto& at = object.source;
      throw Error("cannot read " + quoted(at.file) +
                  (at.line > 0 ? " at line " + std::to_string(at.line) : "") + ": " +
                  object.id.to_string() + " has " + key + ": " + quoted(text) +
                  ", which is no whole number");
    }
    return wave;
  }
  return 0;
}

std::vector<std::vector<const manifest::Object*>> group_by_wave(
    const std::vector<const manifest::Object*>& objects) {
  std::map<int, std::vector<const manifest::Object*>> waves;
  for (const auto* object : objects)
    waves[sync_wave(*object)].push_back(object);
  std::vector<std::vector<const manifest::Object*>> ordered;
  for (auto& [wave, members] : waves)
    ordered.push_back(std::move(members));
  return ordered;
}

}  // namespace gitops::sync
