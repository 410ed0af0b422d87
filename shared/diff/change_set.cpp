#include "diff/change_set.hpp"

namespace gitops::diff {

const char* to_string(Action action) {
  switch (action) {
    case Action::create:
      return "create";
    case Action::update:
      return "update";
    case Action::remove:
      return "delete";
    case Action::unchanged:
      return "unchanged";
    case Action::unreadable:
      return "unreadable";
  }
  return "unknown";
}

Counts ChangeSet::counts() const {
  Counts counts;
  for (const auto& object : objects) {
    switch (object.action) {
      case Action::create:
        ++counts.create;
        break;
      case Action::update:
        ++counts.update;
        break;
      case Action::remove:
        ++counts.remove;
        break;
      case Action::unchanged:
        ++counts.unchanged;
        break;
      case Action::unreadable:
        ++counts.unreadable;
        break;
    }
  }
  return counts;
}

}  // namespace gitops::diff
