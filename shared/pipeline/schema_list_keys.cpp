#include "pipeline/schema_list_keys.hpp"

#include <functional>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "diff/openapi_list_keys.hpp"
#include "error.hpp"
#include "util/cache.hpp"

namespace gitops::pipeline {

namespace {

// "api/v1", "apis/apps/v1": how the OpenAPI v3 index names a group-version.
std::string index_name(const std::string& api_version) {
  return api_version.find('/') == std::string::npos ? "api/" + api_version : "apis/" + api_version;
}

std::optional<std::filesystem::path> cache_file(const std::string& server, const std::string& url) {
  return util::cache_file("openapi", server + " " + url, ".txt");
}

std::optional<diff::ListKeys> cached(const std::optional<std::filesystem::path>& file) {
  if (!file)
    return std::nullopt;
  auto text = util::read_cached(*file);
  if (!text)
    return std::nullopt;
  try {
    return diff::ListKeys::from_text(*text);
  } catch (const Error&) {
    return std::nullopt;  // cut short or from another version: read the schema again
  }
}

// The keys of the documents `names` ("api/v1", "apis/apps/v1"), from the cache or the server.
diff::ListKeys read_keys(kube::ApiClient& api, const std::string& server,
                         const std::set<std::string>& names) {
  diff::ListKeys keys;
  const auto index_response = api.get("/openapi/v3");
  if (!index_response.ok())
    return keys;
  const auto index = nlohmann::json::parse(index_response.body, nullptr, false);
  if (!index.is_object() || !index.contains("paths") || !index["paths"].is_object())
    return keys;

  std::vector<std::string> missing;  // URLs of documents not cached yet
  for (const auto& name : names) {
    const auto entry = index["paths"].find(name);
    if (entry == index["paths"].end() || !entry->is_object())
      continue;  // a group-version the server does not serve (yet)
    const auto url = entry->value("serverRelativeURL", "");
    if (url.empty())
      continue;
    if (auto known = cached(cache_file(server, url)))
      keys.merge(*known);
    else
      missing.push_back(url);
  }
  const auto documents = api.get_all(missing);
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (!documents[i].ok())
      continue;
    // A document this reader cannot take (simdjson refuses numbers beyond 64 bits, which a CRD
    // may declare) leaves its kinds to the built-in table, and is remembered as such.
    diff::ListKeys read;
    try {
      read = diff::list_keys_from_openapi_v3(documents[i].body, missing[i]);
    } catch (const Error&) {
    }
    if (auto file = cache_file(server, missing[i]))
      util::store_cached(*file, read.to_text());
    keys.merge(read);
  }
  return keys;
}

}  // namespace

diff::ListKeys read_schema_list_keys(kube::ApiClient& api, const std::string& server,
                                     const std::vector<manifest::Object>& objects) {
  diff::ListKeys keys;
  std::set<std::string> names;
  for (const auto& object : objects)
    names.insert(index_name(object.api_version));
  if (names.empty())
    return keys;
  try {
    return read_keys(api, server, names);
  } catch (const Error&) {
    return keys;  // the reads failed (a timeout on a large document): the built-in table serves
  }
}

}  // namespace gitops::pipeline
