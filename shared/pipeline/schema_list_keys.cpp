#include "pipeline/schema_list_keys.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
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

// The documents' URLs for the group-versions `names` ("api/v1", "apis/apps/v1") that the OpenAPI v3
// index lists; nullopt when the server has no index.
std::optional<std::vector<std::string>> document_urls(kube::ApiClient& api,
                                                      const std::set<std::string>& names) {
  const auto index_response = api.get("/openapi/v3");
  if (!index_response.ok())
    return std::nullopt;
  const auto index = nlohmann::json::parse(index_response.body, nullptr, false);
  if (!index.is_object() || !index.contains("paths") || !index["paths"].is_object())
    return std::nullopt;
  std::vector<std::string> urls;
  for (const auto& name : names) {
    const auto entry = index["paths"].find(name);
    if (entry == index["paths"].end() || !entry->is_object())
      continue;  // a group-version the server does not serve (yet)
    const auto url = entry->value("serverRelativeURL", "");
    if (!url.empty())
      urls.push_back(url);
  }
  return urls;
}

// The keys of the documents at `urls`, from the cache or the server; `complete` is false when the
// server did not give one (it is read again next time).
diff::ListKeys read_keys(kube::ApiClient& api, const std::string& server,
                         const std::vector<std::string>& urls, bool& complete) {
  diff::ListKeys keys;
  std::vector<std::string> missing;  // URLs of documents not cached yet
  for (const auto& url : urls) {
    if (auto known = cached(cache_file(server, url)))
      keys.merge(*known);
    else
      missing.push_back(url);
  }
  const auto documents = api.get_all(missing);
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (!documents[i].ok()) {
      complete = false;
      continue;
    }
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

// The keys read for a server's set of document URLs, kept while the process runs: a document's
// URL changes with its content, so a kept entry is never stale, and the agent's rounds neither
// read nor parse the cached files again.
class KeptKeys {
 public:
  std::shared_ptr<const diff::ListKeys> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto found = keys_.find(key);
    return found == keys_.end() ? nullptr : found->second;
  }
  void keep(const std::string& key, std::shared_ptr<const diff::ListKeys> keys) {
    std::lock_guard lock(mutex_);
    if (keys_.size() >= kMost)
      keys_.clear();  // CRDs come and go in a long run: start again rather than grow
    keys_.emplace(key, std::move(keys));
  }

 private:
  static constexpr std::size_t kMost = 64;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const diff::ListKeys>> keys_;
};

KeptKeys& kept_keys() {
  static KeptKeys kept;
  return kept;
}

}  // namespace

std::shared_ptr<const diff::ListKeys> read_schema_list_keys(
    kube::ApiClient& api, const std::string& server, const std::vector<manifest::Object>& objects) {
  const auto none = std::make_shared<const diff::ListKeys>();
  std::set<std::string> names;
  for (const auto& object : objects)
    names.insert(index_name(object.api_version));
  if (names.empty())
    return none;
  try {
    const auto urls = document_urls(api, names);
    if (!urls)
      return none;
    std::string key = server;
    for (const auto& url : *urls)
      key += "\n" + url;
    if (auto known = kept_keys().find(key))
      return known;
    bool complete = true;
    auto keys = std::make_shared<const diff::ListKeys>(read_keys(api, server, *urls, complete));
    if (complete)
      kept_keys().keep(key, keys);
    return keys;
  } catch (const Error&) {
    return none;  // the reads failed (a timeout on a large document): the built-in table serves
  }
}

}  // namespace gitops::pipeline
