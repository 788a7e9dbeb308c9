// SPDX-License-Identifier: ISC
#pragma once
// What the operator commands share: loading the config with its errors printed, and
// printing a problem so editors and CI can jump to it.
#include <filesystem>
#include <optional>
#include <string>

#include "content/config.hpp"
#include "content/diagnostic.hpp"

namespace smolpub::cli {

/// Loads `config_path`; on failure prints every error to stderr and returns nullopt.
/// When `config_path` does not exist, prints the hint to run `smolpub init` and returns true.
bool report_missing_config(const std::filesystem::path& config_path);
std::optional<content::config> load_config_reporting(const std::filesystem::path& config_path);

/// `file:line:col: message`, always with all three: a problem about a whole file points at
/// its first character, and one about no file in particular names `fallback`.
std::string located(const content::diagnostic& problem, const std::filesystem::path& fallback);

} // namespace smolpub::cli
