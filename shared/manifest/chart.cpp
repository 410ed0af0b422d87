#include "manifest/chart.hpp"

#include <algorithm>

#include "error.hpp"
#include "manifest/parse.hpp"
#include "manifest/render.hpp"
#include "util/text.hpp"

namespace gitops::manifest {

namespace {

const git::File* find_file(const std::vector<git::File>& files, const std::string& path) {
  auto found = std::find_if(files.begin(), files.end(),
                            [&](const git::File& file) { return file.path == path; });
  return found == files.end() ? nullptr : &*found;
}

std::string text_of(const Value& entry, const char* field) {
  auto found = entry.find(field);
  return found != entry.end() && found->is_string() ? found->get<std::string>() : "";
}

// A subchart vendored as a folder (charts/NAME/Chart.yaml, whatever the folder is called: helm
// reads the name from Chart.yaml) or an archive (charts/NAME-VERSION.tgz).
bool vendored(const std::vector<git::File>& files, const std::string& charts,
              const std::string& name) {
  for (const auto& file : files) {
    if (!is_under(file.path, charts))
      continue;
    const auto rest = file.path.substr(charts.size() + 1);
    if (rest.rfind(name + "-", 0) == 0 && rest.find('/') == std::string::npos &&
        (rest.ends_with(".tgz") || rest.ends_with(".tar.gz"))) {
      return true;
    }
    if (rest == name + "/Chart.yaml")
      return true;
    if (rest.ends_with("/Chart.yaml") && std::count(rest.begin(), rest.end(), '/') == 1) {
      for (const auto& document : parse_yaml_documents(file.content, file.path)) {
        if (document.is_object() && text_of(document, "name") == name)
          return true;
      }
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> unvendored_dependencies(const std::vector<git::File>& files,
                                                 const std::string& chart) {
  const auto chart_file = (chart.empty() ? "" : chart + "/") + "Chart.yaml";
  const auto* file = find_file(files, chart_file);
  if (!file)
    return {};
  const auto charts = (chart.empty() ? "" : chart + "/") + "charts";
  std::vector<std::string> missing;
  for (const auto& document : parse_yaml_documents(file->content, file->path)) {
    if (!document.is_object())
      continue;
    auto dependencies = document.find("dependencies");
    if (dependencies == document.end() || !dependencies->is_array())
      continue;
    for (const auto& dependency : *dependencies) {
      if (!dependency.is_object())
        continue;
      const auto name = text_of(dependency, "name");
      if (!name.empty() && !vendored(files, charts, name))
        missing.push_back(name);
    }
  }
  return missing;
}

void require_vendored_dependencies(const std::vector<git::File>& files, const std::string& chart) {
  const auto missing = unvendored_dependencies(files, chart);
  if (missing.empty())
    return;
  const auto shown = chart.empty() ? std::string(".") : chart;
  throw Error("cannot render the chart " + quoted(shown) + ": its dependency " +
                  quoted(missing.front()) + " (Chart.yaml) is not vendored under " +
                  quoted((chart.empty() ? "" : chart + "/") + "charts") +
                  "; run 'helm dependency build " + shown +
                  "' and commit the result (charts are never fetched while rendering)",
              ErrorKind::invalid_input);
}

std::vector<Object> parse_chart_output(std::string_view text, const std::string& chart) {
  std::vector<Object> objects;
  std::string document;
  std::string source = chart.empty() ? "." : chart;
  auto flush = [&] {
    auto parsed = parse_manifests(document, source);
    for (auto& object : parsed) {
      object.source.line = 0;
      objects.push_back(std::move(object));
    }
    document.clear();
    source = chart.empty() ? "." : chart;
  };
  static constexpr std::string_view kSource = "# Source: ";
  for (auto line : util::lines_of(text)) {
    if (line == "---" || line.rfind("--- ", 0) == 0) {
      flush();
      continue;
    }
    if (line.rfind(kSource, 0) == 0) {
      // "web/templates/deployment.yaml": the chart's name, then the path inside it.
      auto inside = std::string(util::trimmed(line.substr(kSource.size())));
      const auto slash = inside.find('/');
      if (slash != std::string::npos)
        source = (chart.empty() ? "" : chart + "/") + inside.substr(slash + 1);
    }
    document.append(line);
    document.push_back('\n');
  }
  flush();
  return objects;
}

}  // namespace gitops::manifest
