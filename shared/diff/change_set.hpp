#pragma once

#include <optional>
#include <string>
#include <vector>

#include "manifest/object.hpp"

namespace gitops::diff {

using manifest::ObjectId;
using manifest::Value;

enum class Action { create, update, remove, unchanged, unreadable };

// "create", "update", "delete", "unchanged", "unreadable".
const char* to_string(Action action);

// One changed field. `path` is dotted with list elements named by their merge key:
// "spec.template.spec.containers[name=web].image", or by index where the list has no key:
// "spec.rules[0].host". A missing side is an absent field. Secret values never get here: the
// comparer has already replaced them with markers such as "(changed)".
struct FieldChange {
  std::string path;
  std::optional<Value> before;  // live (or revision A)
  std::optional<Value> after;   // git (or revision B)
};

// One object's outcome. `before` and `after` are the declared projection of each side (what the
// unified diff prints): the live object reduced to the fields git declares, and the git object;
// Secret values in them are masked.
struct ObjectChange {
  ObjectId id;
  std::string api_version;
  Action action = Action::unchanged;
  std::vector<FieldChange> fields;
  std::optional<Value> before;
  std::optional<Value> after;
  std::string source;  // "envs/prod/app.yaml:12" for git objects; "" otherwise
  std::string reason;  // why an object is unreadable
};

struct Counts {
  int create = 0, update = 0, remove = 0, unchanged = 0, unreadable = 0;

  int changed() const { return create + update + remove; }
};

// The one contract between compare and everything after it: presenters format it, gitsync applies
// it, history stores its counts. Objects are in identity order.
struct ChangeSet {
  std::vector<ObjectChange> objects;

  Counts counts() const;
};

}  // namespace gitops::diff
