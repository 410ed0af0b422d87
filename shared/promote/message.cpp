#include "promote/message.hpp"

namespace gitops::promote {
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : separator) + item;
  }
  return text;
}

}  // namespace

std::string describe_change(const Change& change) {
  switch (change.kind) {
    case ChangeKind::image:
    case ChangeKind::field:
      return change.subject + " " + joined(change.before, ", ") + " -> " + change.after;
    case ChangeKind::file:
      return (change.before.empty() ? "add " : "copy ") + change.subject;
  }
  return change.subject;
}

std::string commit_message(const Promotion& promotion, const Origin& origin,
                           const std::string& target, const std::string& promoted_by) {
  const std::size_t count = promotion.changes.size();
  std::string message = "promote " + origin.label + " to " + target + ": " +
                        (count == 1 ? describe_change(promotion.changes.front())
                                    : std::to_string(count) + " changes") +
                        "\n\n";
  for (const Change& change : promotion.changes) {
    std::string line = "- " + describe_change(change);
    if (change.kind == ChangeKind::image && change.name != change.subject) {
      line += " (" + change.name + ")";
    }
    message += line + "\n";
    if (change.kind != ChangeKind::file) {
      message += "  in " + joined(change.files, ", ") + "\n";
    }
  }
  message += "\nPromoted-from: " + origin.trailer + "\nPromoted-by: " + promoted_by + "\n";
  return message;
}

}  // namespace gitops::promote
