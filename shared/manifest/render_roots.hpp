#pragma once

#include <string>
#include <vector>

#include "git/repository.hpp"

namespace gitops::manifest {

// What a folder or file of a repository renders as, decided from paths alone.

// A chart's Chart.yaml: its folder is a Helm chart.
bool is_chart_file(const std::string& path);
// A *.jsonnet file, rendered on its own (a *.libsonnet file is only ever imported).
bool is_jsonnet_file(const std::string& path);
// A file that makes its folder renderable: a plain manifest, a kustomization, a Chart.yaml or a
// *.jsonnet file, outside dot-folders.
bool is_renderable_file(const std::string& path);

// The chart folders render() gives to helm, in path order: folders holding Chart.yaml outside
// dot-folders, other than subcharts (inside another chart) and charts inside a kustomization's
// folder (kustomize's helmCharts render those).
std::vector<std::string> chart_roots(const std::vector<git::File>& files);
// The *.jsonnet files render() evaluates, in path order: outside charts, kustomizations,
// dot-folders and vendor/ folders (jsonnet-bundler's libraries).
std::vector<std::string> jsonnet_files(const std::vector<git::File>& files);

// Throws Error (invalid input) for a PATH the user named that holds nothing renderable, saying
// what it holds and what renders. `files` are every file under `paths`.
void require_renderable(const std::vector<git::File>& files, const std::vector<std::string>& paths);
// The message of that Error for one path: "cannot render 'docs': it holds 2 files (a.md, b.cue),
// none of them ...".
std::string unrenderable_message(const std::string& path, const std::vector<std::string>& held);

// The folders a render of the whole repository skips: the largest folders holding files, none of
// them renderable (nor a Jsonnet library), outside dot-folders and rendered roots; in path order.
std::vector<std::string> unrendered_folders(const std::vector<git::File>& files);

}  // namespace gitops::manifest
