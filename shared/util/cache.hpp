#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace gitops::util {

// $XDG_CACHE_HOME/kubectl-gitops/<area>, else ~/.cache/kubectl-gitops/<area>; nullopt when neither
// variable names a folder.
std::optional<std::filesystem::path> cache_folder(const std::string& area);

// The file of `area` for `key`, named by a hash of it ("<hash><extension>"); nullopt as above.
std::optional<std::filesystem::path> cache_file(const std::string& area, const std::string& key,
                                                const std::string& extension);

// A cached file's content; nullopt when it cannot be read.
std::optional<std::string> read_cached(const std::filesystem::path& file);

// Writes to a temporary name and renames, so that a concurrent reader never sees half a file. A
// cache that cannot be written is no error: the next run computes it again.
void store_cached(const std::filesystem::path& file, const std::string& content);

}  // namespace gitops::util
