#include "agent/app_spec.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "error.hpp"
#include "git/remote.hpp"
#include "manifest/parse.hpp"
#include "sync/app_name.hpp"
#include "util/duration.hpp"

namespace gitops::agent {

namespace {

using manifest::Value;

class Entry {
 public:
  Entry(const Value& value, const std::string& file, std::size_t index)
      : value_(value),
        where_("cannot read " + quoted(file) + ": apps[" + std::to_string(index) + "]") {
    if (!value.is_object())
      fail("", "is not a mapping");
    for (const auto& [key, _] : value.items()) {
      if (!known().contains(key))
        fail(key, "is not a key of an app (" + known_list() + ")");
    }
  }

  void text(const char* key, std::string& field) const {
    if (!value_.contains(key))
      return;
    if (!value_[key].is_string() || value_[key].get<std::string>().empty())
      fail(key, "must be a non-empty string");
    field = value_[key].get<std::string>();
  }
  void toggle(const char* key, bool& field) const {
    if (!value_.contains(key))
      return;
    if (!value_[key].is_boolean())
      fail(key, "must be true or false");
    field = value_[key].get<bool>();
  }
  void texts(const char* key, std::vector<std::string>& field) const {
    if (!value_.contains(key))
      return;
    const auto& list = value_[key];
    if (!list.is_array())
      fail(key, "must be a list of strings");
    field.clear();
    for (const auto& item : list) {
      if (!item.is_string())
        fail(key, "must be a list of strings");
      field.push_back(item.get<std::string>());
    }
  }
  void duration(const char* key, std::chrono::milliseconds& field) const {
    if (!value_.contains(key))
      return;
    const auto& item = value_[key];
    const auto seconds = item.is_string() ? util::duration_seconds(item.get<std::string>())
                                          : std::optional<double>();
    if (!seconds || *seconds <= 0)
      fail(key, "must be a duration such as 30s, 5m or 1m30s");
    field = std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
  }

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw Error(where_ + (key.empty() ? "" : "." + key) + " " + problem);
  }

 private:
  static const std::set<std::string>& known() {
    static const std::set<std::string> keys = {
        "name",         "repository",        "branch",         "revision",
        "paths",        "context",           "namespace",      "prune",
        "wait",         "rollbackOnFailure", "selfHeal",       "interval",
        "timeout",      "verifySignatures",  "allowedSigners", "trustedKeys",
        "usernameFile", "passwordFile",      "sshKeyFile",     "knownHostsFile",
        "policy"};
    return keys;
  }
  static std::string known_list() {
    std::string list;
    for (const auto& key : known())
      list += (list.empty() ? "" : ", ") + key;
    return list;
  }

  const Value& value_;
  std::string where_;
};

}  // namespace

std::string AppSpec::target_revision() const {
  return branch.empty() ? revision : "refs/remotes/origin/" + branch;
}

std::vector<AppSpec> parse_apps(const std::string& text, const std::string& file,
                                const std::string& folder, const AppSpec& defaults) {
  const auto documents = manifest::parse_yaml_documents(text, file);
  if (documents.size() != 1 || !documents[0].is_object() || !documents[0].contains("apps") ||
      !documents[0]["apps"].is_array()) {
    throw Error("cannot read " + quoted(file) + ": expected one document with a list 'apps'");
  }
  std::vector<AppSpec> apps;
  std::set<std::string> names;
  std::size_t index = 0;
  for (const auto& value : documents[0]["apps"]) {
    const Entry entry(value, file, index++);
    AppSpec app = defaults;
    app.name.clear();
    app.repository.clear();
    entry.text("name", app.name);
    entry.text("repository", app.repository);
    entry.text("branch", app.branch);
    entry.text("revision", app.revision);
    entry.texts("paths", app.paths);
    entry.text("context", app.context);
    entry.text("namespace", app.record_namespace);
    entry.toggle("prune", app.prune);
    entry.toggle("wait", app.wait);
    entry.toggle("selfHeal", app.self_heal);
    entry.toggle("rollbackOnFailure", app.rollback_on_failure);
    entry.toggle("policy", app.policy);
    entry.duration("interval", app.interval);
    entry.duration("timeout", app.timeout);
    entry.text("usernameFile", app.username_file);
    entry.text("passwordFile", app.password_file);
    entry.text("sshKeyFile", app.ssh_key_file);
    entry.text("knownHostsFile", app.known_hosts_file);
    std::string verify = app.verify ? trust::mode_name(*app.verify) : "";
    entry.text("verifySignatures", verify);
    entry.text("allowedSigners", app.trust_roots.allowed_signers);
    entry.text("trustedKeys", app.trust_roots.trusted_keys);
    if (!verify.empty()) {
      app.verify = trust::verify_mode(verify);
      if (!app.verify)
        entry.fail("verifySignatures", "must be head or strict, not " + quoted(verify));
      if (app.trust_roots.allowed_signers.empty() && app.trust_roots.trusted_keys.empty())
        entry.fail("verifySignatures", "needs the keys to trust: allowedSigners or trustedKeys");
    } else if (!app.trust_roots.allowed_signers.empty() || !app.trust_roots.trusted_keys.empty()) {
      entry.fail(app.trust_roots.allowed_signers.empty() ? "trustedKeys" : "allowedSigners",
                 "names keys to verify signatures with: add verifySignatures (head or strict)");
    }
    for (auto* file : {&app.trust_roots.allowed_signers, &app.trust_roots.trusted_keys}) {
      if (!file->empty() && std::filesystem::path(*file).is_relative())
        *file = (std::filesystem::path(folder) / *file).lexically_normal().string();
    }
    if (app.name.empty())
      entry.fail("name", "is required");
    if (app.repository.empty())
      entry.fail("repository", "is required");
    try {
      sync::validate_app_name(app.name);
    } catch (const Error& error) {
      entry.fail("name", error.what());
    }
    if (!names.insert(app.name).second)
      entry.fail("name", quoted(app.name) + " is already the name of another app");
    const bool remote = git::is_remote_url(app.repository);
    if (remote && app.branch.empty())
      entry.fail("branch", "is required with a repository URL (the branch to fetch each round)");
    if (!remote && (!app.username_file.empty() || !app.password_file.empty() ||
                    !app.ssh_key_file.empty() || !app.known_hosts_file.empty()))
      entry.fail("repository",
                 "must be a URL for usernameFile, passwordFile, sshKeyFile or knownHostsFile");
    const auto resolve = [&](std::string& path) {
      if (!path.empty() && std::filesystem::path(path).is_relative())
        path = (std::filesystem::path(folder) / path).lexically_normal();
    };
    if (!remote)
      resolve(app.repository);
    resolve(app.username_file);
    resolve(app.password_file);
    resolve(app.ssh_key_file);
    resolve(app.known_hosts_file);
    apps.push_back(std::move(app));
  }
  if (apps.empty())
    throw Error("cannot read " + quoted(file) + ": it lists no apps");
  return apps;
}

std::vector<AppSpec> read_apps_file(const std::string& path, const AppSpec& defaults) {
  std::ifstream in(path);
  if (!in)
    throw Error("cannot read " + quoted(path) + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  const auto folder = std::filesystem::absolute(path).parent_path().string();
  return parse_apps(text.str(), path, folder, defaults);
}

}  // namespace gitops::agent
