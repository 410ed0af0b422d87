#include "diff/unified_diff.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dtl/dtl.hpp>

namespace gitops::diff {

namespace {

using Lines = std::vector<std::string>;

// One `@@ -a,b +c,d @@` block: its ranges and its lines, each with its mark (' ', '-', '+').
struct Hunk {
  long long a = 0, b = 0, c = 0, d = 0;
  std::vector<std::pair<char, std::string>> lines;
};

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kRed = "\033[31m";
constexpr std::string_view kGreen = "\033[32m";
constexpr std::string_view kCyan = "\033[36m";
constexpr std::string_view kReset = "\033[0m";

// "a\nb\n" and "a\nb" are both two lines.
Lines split_lines(const std::string& text) {
  Lines lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    lines.emplace_back(text, start, end - start);
    start = end + 1;
  }
  return lines;
}

class Writer {
 public:
  explicit Writer(bool color) : color_(color) {}

  void line(std::string_view color, std::string_view text) {
    if (color_ && !color.empty()) {
      out_ += color;
      out_ += text;
      out_ += kReset;
    } else {
      out_ += text;
    }
    out_ += '\n';
  }

  void line(std::string_view color, char mark, std::string_view text) {
    line(color, std::string(1, mark) + std::string(text));
  }

  std::string take() { return std::move(out_); }

 private:
  bool color_;
  std::string out_;
};

// "-a,b": a range that holds no line starts at the line before it (0 in an empty text), as GNU
// diff writes it; dtl starts it at 1.
std::string range(long long start, long long count) {
  if (count == 0 && start > 0) {
    --start;
  }
  return std::to_string(start) + "," + std::to_string(count);
}

Hunk hunk_of(const dtl::uniHunk<std::pair<std::string, dtl::elemInfo>>& from) {
  Hunk hunk{from.a, from.b, from.c, from.d, {}};
  for (const auto& [text, info] : from.common[0]) {
    hunk.lines.emplace_back(' ', text);
  }
  for (const auto& [text, info] : from.change) {
    char mark = info.type == dtl::SES_DELETE ? '-' : info.type == dtl::SES_ADD ? '+' : ' ';
    hunk.lines.emplace_back(mark, text);
  }
  for (const auto& [text, info] : from.common[1]) {
    hunk.lines.emplace_back(' ', text);
  }
  return hunk;
}

// dtl sometimes ends the last hunk with 4 lines of context.
void trim_trailing_context(Hunk& hunk) {
  constexpr std::size_t kContext = dtl::DTL_CONTEXT_SIZE;
  std::size_t common = 0;
  while (common < hunk.lines.size() && hunk.lines[hunk.lines.size() - 1 - common].first == ' ') {
    ++common;
  }
  for (; common > kContext; --common) {
    hunk.lines.pop_back();
    --hunk.b;
    --hunk.d;
  }
}

// dtl splits changes 5 or 6 lines apart into two hunks that touch, the second with less than 3
// lines of context; GNU diff writes them as one hunk, and so do we.
std::vector<Hunk> unified_hunks(const Lines& before, const Lines& after) {
  dtl::Diff<std::string> diff(before, after);
  diff.compose();
  diff.composeUnifiedHunks();
  std::vector<Hunk> hunks;
  for (const auto& from : diff.getUniHunks()) {
    Hunk hunk = hunk_of(from);
    if (!hunks.empty() && hunks.back().a + hunks.back().b == hunk.a) {
      Hunk& last = hunks.back();
      last.b += hunk.b;
      last.d += hunk.d;
      last.lines.insert(last.lines.end(), hunk.lines.begin(), hunk.lines.end());
    } else {
      hunks.push_back(std::move(hunk));
    }
  }
  for (auto& hunk : hunks) {
    trim_trailing_context(hunk);
  }
  return hunks;
}

std::string_view color_of(char mark) {
  return mark == '-' ? kRed : mark == '+' ? kGreen : std::string_view();
}

void write_hunk(Writer& out, const Hunk& hunk) {
  out.line(kCyan, "@@ -" + range(hunk.a, hunk.b) + " +" + range(hunk.c, hunk.d) + " @@");
  for (const auto& [mark, text] : hunk.lines) {
    out.line(color_of(mark), mark, text);
  }
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& before_label, const std::string& after_label,
                         bool color) {
  if (before == after) {
    return {};
  }
  auto hunks = unified_hunks(split_lines(before), split_lines(after));
  if (hunks.empty()) {
    return {};  // the texts differ only in a final newline
  }
  Writer out(color);
  out.line(kBold, "--- " + before_label);
  out.line(kBold, "+++ " + after_label);
  for (const auto& hunk : hunks) {
    write_hunk(out, hunk);
  }
  return out.take();
}

}  // namespace gitops::diff
