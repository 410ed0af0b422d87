#include "source/chart_render.hpp"

#include <fstream>
#include <sstream>

#include "error.hpp"
#include "manifest/chart.hpp"
#include "util/cache.hpp"

namespace gitops::source {

namespace fs = std::filesystem;

namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string read_values(const fs::path& root, const std::string& file, const std::string& chart) {
  std::ifstream in(root / file, std::ios::binary);
  if (!in || !fs::is_regular_file(root / file)) {
    throw Error("cannot render the chart " + quoted(chart) + ": no values file " + quoted(file) +
                    " in the repository (--values takes repository paths)",
                ErrorKind::invalid_input);
  }
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

std::vector<manifest::Object> render_chart(const kube::Helm& helm, const RenderOptions& options,
                                           const ChartInput& input) {
  const auto shown = input.chart.empty() ? std::string(".") : input.chart;
  kube::ChartTemplate call;
  call.release = options.release.empty() ? base_name(input.chart.empty() ? "release" : input.chart)
                                         : options.release;
  call.chart_folder = (input.root / input.chart).string();
  call.namespace_ = input.namespace_;
  call.set = options.set;
  call.display_name = shown;

  std::string key = "helm " + helm.version() + "\nrelease " + call.release + "\nnamespace " +
                    call.namespace_ + "\n";
  for (const auto& file : options.values_files) {
    call.values_files.push_back((input.root / file).string());
    key += "values " + file + "\n" + read_values(input.root, file, shown) + "\n";
  }
  for (const auto& value : options.set)
    key += "set " + value + "\n";

  std::optional<fs::path> cached;
  if (input.tree_id) {
    cached = util::cache_file("charts", "tree " + *input.tree_id + "\n" + key, ".yaml");
    if (cached) {
      if (auto text = util::read_cached(*cached))
        return manifest::parse_chart_output(*text, input.chart);
    }
  }
  std::string text;
  try {
    text = helm.template_chart(call);
  } catch (const Error& error) {
    std::string message = error.what();
    replace_all(message, (input.root / "").string(), "");
    throw Error(message, error.kind());
  }
  auto objects = manifest::parse_chart_output(text, input.chart);
  if (cached)
    util::store_cached(*cached, text);
  return objects;
}

}  // namespace gitops::source
