#include "manifest/hook.hpp"

#include <algorithm>
#include <map>

#include "error.hpp"

namespace gitops::manifest {

namespace {

// What a vocabulary's value means: the phases it runs at; an empty list for a known value that
// no sync runs.
using PhaseWords = std::map<std::string, std::vector<HookPhase>, std::less<>>;

const PhaseWords& gitops_phases() {
  static const PhaseWords words = {{"pre-sync", {HookPhase::pre_sync}},
                                   {"sync", {HookPhase::sync}},
                                   {"post-sync", {HookPhase::post_sync}},
                                   {"sync-fail", {HookPhase::sync_fail}},
                                   {"skip", {}}};
  return words;
}

const PhaseWords& argo_phases() {
  static const PhaseWords words = {{"PreSync", {HookPhase::pre_sync}},
                                   {"Sync", {HookPhase::sync}},
                                   {"PostSync", {HookPhase::post_sync}},
                                   {"SyncFail", {HookPhase::sync_fail}},
                                   {"Skip", {}},
                                   {"PostDelete", {}}};
  return words;
}

const PhaseWords& helm_phases() {
  static const PhaseWords words = {{"pre-install", {HookPhase::pre_sync}},
                                   {"pre-upgrade", {HookPhase::pre_sync}},
                                   {"post-install", {HookPhase::post_sync}},
                                   {"post-upgrade", {HookPhase::post_sync}},
                                   {"pre-delete", {}},
                                   {"post-delete", {}},
                                   {"pre-rollback", {}},
                                   {"post-rollback", {}},
                                   {"test", {}},
                                   {"test-success", {}},
                                   {"test-failure", {}}};
  return words;
}

struct Vocabulary {
  const char* hook;
  const char* delete_policy;
  const PhaseWords& phases;
  const char* before_creation;
  const char* succeeded;
  const char* failed;
};

const std::vector<Vocabulary>& vocabularies() {
  static const std::vector<Vocabulary> all = {
      {kHookAnnotation, kHookDeletePolicyAnnotation, gitops_phases(), "before-hook-creation",
       "hook-succeeded", "hook-failed"},
      {kArgoHookAnnotation, kArgoHookDeletePolicyAnnotation, argo_phases(), "BeforeHookCreation",
       "HookSucceeded", "HookFailed"},
      {kHelmHookAnnotation, kHelmHookDeletePolicyAnnotation, helm_phases(), "before-hook-creation",
       "hook-succeeded", "hook-failed"},
  };
  return all;
}

const Value* annotations_of(const Value& body) {
  auto metadata = body.find("metadata");
  if (metadata == body.end() || !metadata->is_object())
    return nullptr;
  auto annotations = metadata->find("annotations");
  return annotations != metadata->end() && annotations->is_object() ? &*annotations : nullptr;
}

std::optional<std::string> annotation(const Value& body, const char* key) {
  const auto* annotations = annotations_of(body);
  if (!annotations || !annotations->contains(key))
    return std::nullopt;
  const auto& value = (*annotations)[key];
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::vector<std::string> comma_separated(const std::string& text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos)
      end = text.size();
    auto word = text.substr(start, end - start);
    word.erase(0, word.find_first_not_of(" \t"));
    word.erase(word.find_last_not_of(" \t") + 1);
    if (!word.empty())
      words.push_back(word);
    start = end + 1;
  }
  return words;
}

[[noreturn]] void refuse(const Object& object, const std::string& key, const std::string& value,
                         const std::string& known) {
  const auto& at = object.source;
  throw Error("cannot read " + quoted(at.file) +
              (at.line > 0 ? " at line " + std::to_string(at.line) : "") + ": " +
              object.id.to_string() + " has " + key + ": " + quoted(value) + ", not one of " +
              known);
}

std::string known_words(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words)
    text += (text.empty() ? "" : ", ") + word;
  return text;
}

std::string known_phases(const PhaseWords& phases) {
  std::vector<std::string> words;
  for (const auto& [word, _] : phases)
    words.push_back(word);
  return known_words(words);
}

void read_delete_policy(const Object& object, HookSpec& spec) {
  // A policy from any vocabulary applies (Argo CD honours Helm's too); the first present wins.
  for (const auto& source : vocabularies()) {
    const auto value = annotation(object.body, source.delete_policy);
    if (!value)
      continue;
    spec.delete_before_creation = false;
    for (const auto& word : comma_separated(*value)) {
      if (word == source.before_creation)
        spec.delete_before_creation = true;
      else if (word == source.succeeded)
        spec.delete_on_success = true;
      else if (word == source.failed)
        spec.delete_on_failure = true;
      else
        refuse(object, source.delete_policy, word,
               known_words({source.before_creation, source.succeeded, source.failed}));
    }
    return;
  }
}

}  // namespace

const char* to_string(HookPhase phase) {
  switch (phase) {
    case HookPhase::pre_sync:
      return "pre-sync";
    case HookPhase::sync:
      return "sync";
    case HookPhase::post_sync:
      return "post-sync";
    case HookPhase::sync_fail:
      return "sync-fail";
  }
  return "sync";
}

bool HookSpec::runs_at(HookPhase phase) const {
  return std::find(phases.begin(), phases.end(), phase) != phases.end();
}

bool declares_hook(const Value& body) {
  const auto* annotations = annotations_of(body);
  return annotations && std::any_of(vocabularies().begin(), vocabularies().end(),
                                    [&](const Vocabulary& vocabulary) {
                                      return annotations->contains(vocabulary.hook);
                                    });
}

std::optional<HookSpec> hook_spec(const Object& object) {
  for (const auto& vocabulary : vocabularies()) {
    const auto value = annotation(object.body, vocabulary.hook);
    if (!value)
      continue;
    const auto words = comma_separated(*value);
    // Helm's crd-install (Helm 2) is an ordinary object to every tool of today.
    if (words.size() == 1 && words.front() == "crd-install" &&
        vocabulary.hook == std::string(kHelmHookAnnotation)) {
      return std::nullopt;
    }
    HookSpec spec;
    spec.annotation = std::string(vocabulary.hook) + ": " + *value;
    for (const auto& word : words) {
      auto found = vocabulary.phases.find(word);
      if (found == vocabulary.phases.end())
        refuse(object, vocabulary.hook, word, known_phases(vocabulary.phases));
      for (const auto phase : found->second) {
        if (!spec.runs_at(phase))
          spec.phases.push_back(phase);
      }
    }
    if (words.empty())
      refuse(object, vocabulary.hook, *value, known_phases(vocabulary.phases));
    read_delete_policy(object, spec);
    return spec;
  }
  return std::nullopt;
}

std::vector<Object> take_hooks(std::vector<Object>& objects) {
  std::vector<Object> hooks;
  std::vector<Object> kept;
  for (auto& object : objects) {
    if (declares_hook(object.body) && hook_spec(object))
      hooks.push_back(std::move(object));
    else
      kept.push_back(std::move(object));
  }
  objects = std::move(kept);
  return hooks;
}

bool has_generated_name(const Object& object) {
  auto metadata = object.body.find("metadata");
  if (metadata == object.body.end() || !metadata->is_object())
    return false;
  auto name = metadata->find("name");
  return (name == metadata->end() || !name->is_string() || name->get<std::string>().empty()) &&
         metadata->contains("generateName");
}

}  // namespace gitops::manifest
