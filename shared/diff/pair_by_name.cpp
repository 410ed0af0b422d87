#include "diff/pair_by_name.hpp"

namespace gitops::diff {

std::vector<std::pair<manifest::Value*, manifest::Value*>> pair_by_name(
    const std::vector<manifest::Value*>& before, const std::vector<manifest::Value*>& after,
    const NameOf& name_of) {
  std::vector<bool> taken(before.size(), false);
  std::vector<manifest::Value*> partner(after.size(), nullptr);
  for (std::size_t a = 0; a < after.size(); ++a) {
    for (std::size_t b = 0; b < before.size(); ++b) {
      if (!taken[b] && name_of(*before[b]) == name_of(*after[a])) {
        taken[b] = true;
        partner[a] = before[b];
        break;
      }
    }
  }
  std::size_t next = 0;
  for (std::size_t a = 0; a < after.size(); ++a) {
    while (!partner[a] && next < before.size()) {
      if (!taken[next]) {
        taken[next] = true;
        partner[a] = before[next];
      }
      ++next;
    }
  }
  std::vector<std::pair<manifest::Value*, manifest::Value*>> pairs;
  for (std::size_t a = 0; a < after.size(); ++a) {
    pairs.emplace_back(partner[a], after[a]);
  }
  for (std::size_t b = 0; b < before.size(); ++b) {
    if (!taken[b]) {
      pairs.emplace_back(before[b], nullptr);
    }
  }
  return pairs;
}

}  // namespace gitops::diff
