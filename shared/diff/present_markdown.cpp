#include "diff/present_markdown.hpp"

#include <algorithm>

#include "diff/object_diff.hpp"
#include "diff/object_title.hpp"
#include "diff/present_policy.hpp"
#include "diff/present_summary.hpp"

namespace gitops::diff {

namespace {

std::size_t longest_backtick_run(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// `text` as inline code: delimited by more backticks than it holds, padded when it starts or ends
// with one (CommonMark).
std::string code_span(const std::string& text) {
  if (text.empty()) {
    return {};
  }
  std::string ticks(longest_backtick_run(text) + 1, '`');
  bool pad = text.front() == '`' || text.back() == '`';
  return ticks + (pad ? " " + text + " " : text) + ticks;
}

// A table cell: GitHub splits cells at every unescaped '|', even inside code.
std::string table_cell(const std::string& text) {
  std::string cell;
  for (char c : text) {
    if (c == '|') {
      cell += '\\';
    }
    cell += c;
  }
  return cell;
}

std::string html_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string table(const Report& report) {
  std::string out = "| Action | Object | Source |\n| --- | --- | --- |\n";
  for (const auto& change : report.changes.objects) {
    if (has_diff(change) || change.action == Action::unreadable) {
      out += "| " + std::string(to_string(change.action)) + " | " +
             table_cell(code_span(object_title(change))) + " | " +
             table_cell(code_span(change.source)) + " |\n";
    }
  }
  return out;
}

std::string unreadable_list(const Report& report) {
  std::string out;
  for (const auto& change : report.changes.objects) {
    if (change.action == Action::unreadable) {
      out += "- " + code_span(object_title(change)) +
             " is unreadable: " + code_span(change.reason) + "\n";
    }
  }
  return out;
}

// A collapsed block with the object's diff; the fence outgrows any backticks in the diff.
std::string details(const Report& report, const ObjectChange& change) {
  std::string diff = object_diff(report, change, false);
  std::string fence(std::max<std::size_t>(3, longest_backtick_run(diff) + 1), '`');
  return "<details><summary>" + html_text(to_string(change.action) + (" " + object_title(change))) +
         "</summary>\n\n" + fence + "diff\n" + diff + fence + "\n\n</details>\n";
}

// With --policy: what the cluster's admission denied, before the differences a reviewer reads.
std::string policy_section(const Report& report) {
  if (!report.policy)
    return "";
  const auto& check = *report.policy;
  std::string out = "**" + policy_summary_line(check) + "**\n\n";
  for (const auto& denial : check.denied)
    out += "- " + code_span(denial_line(denial)) + "\n";
  for (const auto& skipped : check.skipped)
    out += "- " + code_span(skipped_line(skipped)) + "\n";
  if (!check.denied.empty() || !check.skipped.empty())
    out += "\n";
  return out;
}

}  // namespace

// For a pull-request comment: the heading carries the summary line; a table lists what changes,
// unreadable objects follow with their reasons, then one collapsed diff per changed object.
std::string present_markdown(const Report& report) {
  Counts counts = report.changes.counts();
  std::string out = "### kubectl gitdiff: " + summary_line(counts) + "\n\n";
  if (report.source.signature)
    out += "Signed by " + code_span(report.source.signature->str()) + ".\n\n";
  if (!report.hooks.empty()) {
    out += "Hooks a sync would run:\n\n";
    for (const auto& hook : report.hooks)
      out += "- " + code_span(hook_line(hook)) + "\n";
    out += "\n";
  }
  out += policy_section(report);
  if (counts.changed() == 0 && counts.unreadable == 0) {
    return out + "No differences.\n";
  }
  out += table(report);
  if (counts.unreadable > 0) {
    out += "\n" + unreadable_list(report);
  }
  for (const auto& change : report.changes.objects) {
    if (has_diff(change)) {
      out += "\n" + details(report, change);
    }
  }
  return out;
}

}  // namespace gitops::diff
