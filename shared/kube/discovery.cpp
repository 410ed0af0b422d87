#include "kube/discovery.hpp"

#include <algorithm>
#include <array>

#include "error.hpp"
#include "util/text.hpp"

namespace gitops::kube {

namespace {

using util::lines_of;
using util::trimmed;

constexpr const char* kCommand = "'kubectl api-resources -o wide'";

[[noreturn]] void throw_unreadable(std::size_t line_number, const std::string& reason) {
  throw Error("cannot read " + std::string(kCommand) + " output at line " +
              std::to_string(line_number) + ": " + reason);
}

// The table's columns where its header puts them. SHORTNAMES and CATEGORIES are often empty and
// VERBS holds spaces ("[create delete get]"), so cells are cut at the header's offsets, not split
// on blanks.
class Columns {
 public:
  explicit Columns(std::string_view header) {
    std::size_t position = 0;
    while ((position = header.find_first_not_of(' ', position)) != std::string_view::npos) {
      const auto end = std::min(header.find(' ', position), header.size());
      names_.emplace_back(header.substr(position, end - position));
      starts_.push_back(position);
      position = end;
    }
  }

  bool has(std::string_view name) const {
    return std::find(names_.begin(), names_.end(), name) != names_.end();
  }

  // The trimmed cell under `name`; "" when the table has no such column or the row ends before it.
  std::string_view cell(std::string_view row, std::string_view name) const {
    const auto column = std::find(names_.begin(), names_.end(), name) - names_.begin();
    if (static_cast<std::size_t>(column) == names_.size() || starts_[column] >= row.size()) {
      return {};
    }
    const auto start = starts_[column];
    const auto end = static_cast<std::size_t>(column) + 1 < starts_.size() ? starts_[column + 1]
                                                                           : std::string_view::npos;
    return trimmed(row.substr(start, end - start));
  }

  // Every column starts after a blank in `row`: the row is aligned with the header.
  bool aligned(std::string_view row) const {
    return std::all_of(starts_.begin() + 1, starts_.end(), [&](std::size_t start) {
      return start >= row.size() || row[start - 1] == ' ';
    });
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::size_t> starts_;
};

// "[create delete get]" (kubectl 1.26+) or "create,delete,get" (older).
std::vector<std::string> verbs_of(std::string_view cell) {
  std::vector<std::string> verbs;
  std::string verb;
  for (const char c : cell) {
    if (c == '[' || c == ']' || c == ' ' || c == ',') {
      if (!verb.empty()) {
        verbs.push_back(std::move(verb));
        verb.clear();
      }
    } else {
      verb += c;
    }
  }
  if (!verb.empty()) {
    verbs.push_back(std::move(verb));
  }
  return verbs;
}

ResourceType resource_type_of(const Columns& columns, std::string_view row,
                              std::size_t line_number) {
  if (!columns.aligned(row)) {
    throw_unreadable(line_number, "the row is not aligned with the header");
  }
  ResourceType type;
  type.resource = columns.cell(row, "NAME");
  type.kind = columns.cell(row, "KIND");
  const auto api_version = columns.cell(row, "APIVERSION");
  if (type.resource.empty() || type.kind.empty() || api_version.empty()) {
    throw_unreadable(line_number, "expected NAME, APIVERSION and KIND");
  }
  if (const auto slash = api_version.find('/'); slash != std::string_view::npos) {
    type.group = api_version.substr(0, slash);
    type.version = api_version.substr(slash + 1);
  } else {
    type.version = api_version;
  }
  const auto namespaced = columns.cell(row, "NAMESPACED");
  if (namespaced != "true" && namespaced != "false") {
    throw_unreadable(line_number, "expected NAMESPACED to be true or false, got " +
                                      quoted(std::string(namespaced)));
  }
  type.namespaced = namespaced == "true";
  type.verbs = verbs_of(columns.cell(row, "VERBS"));
  return type;
}

}  // namespace

Discovery Discovery::parse(std::string_view api_resources_wide_output) {
  const auto lines = lines_of(api_resources_wide_output);
  const auto header = std::find_if(lines.begin(), lines.end(),
                                   [](std::string_view line) { return !trimmed(line).empty(); });
  Discovery discovery;
  if (header == lines.end()) {
    return discovery;
  }
  const Columns columns(*header);
  for (const char* name : {"NAME", "APIVERSION", "NAMESPACED", "KIND"}) {
    if (!columns.has(name)) {
      throw_unreadable(header - lines.begin() + 1,
                       "expected a header with NAME, APIVERSION, NAMESPACED and KIND");
    }
  }
  for (auto row = header + 1; row != lines.end(); ++row) {
    if (!trimmed(*row).empty()) {
      discovery.add(resource_type_of(columns, *row, row - lines.begin() + 1));
    }
  }
  return discovery;
}

Discovery Discovery::load(const Kubectl& kubectl) {
  return parse(fetch_table(kubectl));
}

std::string Discovery::fetch_table(const Kubectl& kubectl) {
  const auto result = kubectl.run({{"api-resources", "-o", "wide"}, ""});
  // An aggregated API that is down (metrics-server, typically) fails the command but leaves the
  // rest of the table intact; kinds of that API then read as not served.
  const bool partial =
      result.exit_code != 0 && !result.timed_out && !result.out.empty() &&
      result.err.find("unable to retrieve the complete list of server APIs") != std::string::npos;
  if (!result.ok() && !partial) {
    throw_kubectl_failure(result, "cannot list the cluster's resource types");
  }
  return result.out;
}

std::string Discovery::to_table() const {
  std::vector<std::array<std::string, 4>> rows{{"NAME", "APIVERSION", "NAMESPACED", "KIND"}};
  std::vector<std::string> verbs{"VERBS"};
  for (const auto& type : types_) {
    rows.push_back({type.resource,
                    type.group.empty() ? type.version : type.group + "/" + type.version,
                    type.namespaced ? "true" : "false", type.kind});
    std::string listed;
    for (const auto& verb : type.verbs)
      listed += (listed.empty() ? "" : " ") + verb;
    verbs.push_back("[" + listed + "]");
  }
  std::array<std::size_t, 4> widths{};
  for (const auto& row : rows) {
    for (std::size_t column = 0; column < row.size(); ++column)
      widths[column] = std::max(widths[column], row[column].size());
  }
  std::string table;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t column = 0; column < rows[i].size(); ++column)
      table += rows[i][column] + std::string(widths[column] - rows[i][column].size() + 3, ' ');
    table += verbs[i] + "\n";
  }
  return table;
}

const ResourceType* Discovery::find(const std::string& group, const std::string& kind) const {
  const auto found = index_.find(group + "/" + kind);
  return found == index_.end() ? nullptr : &types_[found->second];
}

void Discovery::add(ResourceType type) {
  if (index_.try_emplace(type.group + "/" + type.kind, types_.size()).second) {
    types_.push_back(std::move(type));
  }
}

}  // namespace gitops::kube
