#include "cli/flag_table.hpp"

#include <charconv>

#include "error.hpp"
#include "util/duration.hpp"

namespace gitops::cli {

namespace {

int parse_number(const std::string& flag, const std::string& text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end)
    throw Error("--" + flag + " takes a whole number, not " + quoted(text),
                ErrorKind::invalid_input);
  return value;
}

std::chrono::milliseconds parse_duration(const std::string& flag, const std::string& text) {
  const auto seconds = util::duration_seconds(text);
  if (!seconds || *seconds <= 0) {
    throw Error("--" + flag + " takes a duration such as 30s, 5m or 1m30s, not " + quoted(text),
                ErrorKind::invalid_input);
  }
  return std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
}

}  // namespace

Flag& Flag::shorthand(char letter) {
  short_name = letter;
  return *this;
}

Flag& Flag::completes(ValueKind kind) {
  values = kind;
  return *this;
}

void FlagTable::start_section(std::string heading) {
  section_ = std::move(heading);
}

Flag& FlagTable::add(Flag flag) {
  flag.section = section_;
  flags_.push_back(std::move(flag));
  return flags_.back();
}

Flag& FlagTable::text(std::string name, std::string& into, std::string help) {
  return add({.name = std::move(name),
              .type = "string",
              .help = std::move(help),
              .default_value = into,
              .store = [&into](const std::string& value) { into = value; }});
}

Flag& FlagTable::text(std::string name, std::optional<std::string>& into, std::string help) {
  return add({.name = std::move(name),
              .type = "string",
              .help = std::move(help),
              .default_value = into.value_or(""),
              .store = [&into](const std::string& value) { into = value; }});
}

Flag& FlagTable::texts(std::string name, std::vector<std::string>& into, std::string help) {
  return add({.name = std::move(name),
              .type = "strings",
              .help = std::move(help),
              .repeatable = true,
              .store = [&into](const std::string& value) { into.push_back(value); }});
}

Flag& FlagTable::number(std::string name, int& into, std::string help) {
  return add(
      {.name = name,
       .type = "int",
       .help = std::move(help),
       .default_value = into == 0 ? "" : std::to_string(into),
       .store = [&into, name](const std::string& value) { into = parse_number(name, value); }});
}

Flag& FlagTable::duration(std::string name, std::chrono::milliseconds& into, std::string shown,
                          std::string help) {
  return add(
      {.name = name,
       .type = "duration",
       .help = std::move(help),
       .default_value = std::move(shown),
       .store = [&into, name](const std::string& value) { into = parse_duration(name, value); }});
}

Flag& FlagTable::level(std::string name, int& into, int implicit, std::string help) {
  auto& flag = number(std::move(name), into, std::move(help));
  flag.implicit_value = std::to_string(implicit);
  return flag;
}

Flag& FlagTable::toggle(std::string name, bool& into, std::string help) {
  return add({.name = std::move(name),
              .help = std::move(help),
              .values = ValueKind::none,
              .store = [&into](const std::string&) { into = true; }});
}

Flag& FlagTable::action(std::string name, std::string help) {
  return add({.name = std::move(name),
              .help = std::move(help),
              .values = ValueKind::none,
              .store = [](const std::string&) {}});
}

const Flag* FlagTable::find(const std::string& name) const {
  for (const auto& flag : flags_) {
    if (flag.name == name)
      return &flag;
  }
  return nullptr;
}

}  // namespace gitops::cli
