#pragma once

// A plugin's flags, each declared once: its names, type, default, help and where completion finds
// its values. Parsing (cli/command_line), --help (cli/help) and the completion programs
// (cli/completion) all read this table; the README check compares the README with it.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gitops::cli {

// Where a flag's values come from, for completion.
enum class ValueKind {
  none,      // a switch
  format,    // --output: the plugin's formats
  color,     // auto, always, never
  revision,  // the repository's branches and tags
  app,       // the apps recorded in the cluster
  file,      // a file path: the shell completes it
  folder,    // a folder path: the shell completes it
  text,      // anything: nothing to offer
};

struct Flag {
  std::string name;        // the long name, without "--"
  char short_name = '\0';  // 'o' for -o
  std::string type;        // as --help shows it: "string", "strings", "int"; "" for a switch
  std::string help;
  std::string default_value;   // shown as (default "HEAD"); "" shows none
  std::string implicit_value;  // the value of the flag given alone: -v means -v=1
  bool repeatable = false;     // every occurrence adds a value
  ValueKind values = ValueKind::text;
  std::string section;  // the --help heading it is listed under
  // Writes one given value into the options the table was made for.
  std::function<void(const std::string&)> store;

  Flag& shorthand(char letter);
  Flag& completes(ValueKind kind);
  bool is_switch() const { return type.empty(); }
};

// The flags in the order --help lists them. A table is bound to one set of options: each flag
// writes into the field it was declared with, whose value at declaration is the default shown.
class FlagTable {
 public:
  // The --help heading of the flags declared after it ("Flags" until then).
  void start_section(std::string heading);

  Flag& text(std::string name, std::string& into, std::string help);
  Flag& text(std::string name, std::optional<std::string>& into, std::string help);
  Flag& texts(std::string name, std::vector<std::string>& into, std::string help);
  Flag& number(std::string name, int& into, std::string help);
  // A duration as kubectl spells one ("30s", "5m", "1m30s"); `shown` is the default --help shows.
  Flag& duration(std::string name, std::chrono::milliseconds& into, std::string shown,
                 std::string help);
  // A number the flag alone sets to `implicit`: -v is -v=1.
  Flag& level(std::string name, int& into, int implicit, std::string help);
  Flag& toggle(std::string name, bool& into, std::string help);
  // A flag the command line handles itself (--help, --version): nothing to store.
  Flag& action(std::string name, std::string help);

  const std::vector<Flag>& flags() const { return flags_; }
  const Flag* find(const std::string& name) const;

 private:
  Flag& add(Flag flag);

  std::vector<Flag> flags_;
  std::string section_ = "Flags";
};

}  // namespace gitops::cli
