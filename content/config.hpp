// SPDX-License-Identifier: ISC
#pragma once
// smolpub.toml -> content::config. The only place that reads the config file.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/settings.hpp"

namespace smolpub::content {

class field_reader;    // content/toml_reads.hpp
struct config_target;  // what one table's keys are read into (content/config.cpp)

/// One key of smolpub.toml: what `smolpub help config` documents and how the reader stores
/// it. The reader is driven by this list, so a default is written once, here. README's
/// reference and the commented example config are checked against it by a test.
struct config_key {
    std::string_view table;          ///< "site", "gemini", ... ("vhost" for [[vhost]])
    std::string_view key;
    std::string_view type;           ///< "string", "integer", "boolean", "array of strings", ...
    std::string_view default_value;  ///< as TOML (the reader applies it), or a phrase when computed
    std::string_view description;
    /// Reads `key` (the file's value, else the TOML default) and stores it where it goes;
    /// nullptr for a [[vhost]] key, read as its [site] namesake.
    void (*read)(field_reader& from, std::string_view key, config_target& into) = nullptr;
};

/// Every key smolpub.toml accepts.
std::span<const config_key> config_keys();

/// The configuration reference as a Markdown table, one row per key. README's
/// reference section is this text verbatim (a test compares them).
std::string config_reference_markdown();
/// The same for a terminal: each key with its default and type, then its meaning wrapped
/// at 78 columns (`smolpub help config`).
std::string config_reference_text();

/// Reads and validates `file`. Relative paths in it are taken from the file's folder.
/// Unknown tables or keys, wrong types and bad values are all reported, each as
/// `file:line:col: message` naming the key.
tl::expected<config, std::vector<diagnostic>> load_config(const std::filesystem::path& file);

/// The same, from text already in memory (`file` names it in messages and anchors relative paths).
tl::expected<config, std::vector<diagnostic>> parse_config(std::string_view text,
                                                           const std::filesystem::path& file);

} // namespace smolpub::content
