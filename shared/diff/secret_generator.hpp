#pragma once

#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "manifest/value.hpp"

namespace gitops::diff {

// Kustomize secretGenerators, as gitpromote and gitrevert show them: the values a generator makes
// a Secret of never leave, neither its literals nor the files it reads.
//
// A kustomization (kustomization.yaml, kustomization.yml, Kustomization) with a secretGenerator is
// shown re-emitted as YAML, as a file holding a Secret is (secret_file.hpp), each literal
// `KEY=VALUE` written `KEY=***`, or `KEY=*** (before)` and `KEY=*** (after)` where the value
// changed or only one side has the key. Generators are paired by namespace and name, else in file
// order; an unpaired one shows "***" throughout. A file one of them reads (envs, env, files, in the
// `KEY=PATH` form too) shows no content at all: one line saying why, then "***" or its marker.

// Whether one of the documents of a kustomization has a secretGenerator.
bool has_secret_generator(const std::vector<manifest::Value>& documents);

// Replaces the literals of the secretGenerators of both sides (either may be null: no such side),
// as above.
void mask_generator_literals(std::vector<manifest::Value>* before,
                             std::vector<manifest::Value>* after);

// Repository paths of the files the secretGenerators of a kustomization read, resolved against its
// folder; none when its text does not parse (kustomize could not read it either).
std::vector<std::string> secret_generator_files(const std::string& kustomization_path,
                                                const std::string& text);

// Whether `path` is one of `generator_files`, or inside a folder one of them names.
bool read_by_secret_generator(const std::vector<std::string>& generator_files,
                              const std::string& path);

// The kustomizations that could read `path`: each name kustomize reads in its folder and in every
// folder above it, up to the repository root.
std::vector<std::string> kustomizations_above(const std::string& path);

// A file a secretGenerator reads, as it may be shown: no content, only why and "***" (or its
// marker when it changes).
FileEdit hidden_generator_file(const FileEdit& edit);

}  // namespace gitops::diff
