#pragma once
// smolpub.toml -> capsule::config. The only place that reads the config file.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/settings.hpp"

namespace smolpub::capsule {

/// One documented key of smolpub.toml. README's reference and the commented example
/// config are checked against this list by a test, so they cannot drift.
struct config_key {
    std::string_view table;          ///< "site", "gemini", ... ("vhost" for [[vhost]])
    std::string_view key;
    std::string_view type;           ///< "string", "integer", "boolean", "array of strings", ...
    std::string_view default_value;  ///< as TOML, or a phrase when computed
    std::string_view description;
};

/// Every key smolpub.toml accepts.
std::span<const config_key> config_keys();

/// The configuration reference as a Markdown table, one row per key. README's
/// reference section is this text verbatim (a test compares them).
std::string config_reference_markdown();

/// Reads and validates `file`. Relative paths in it are taken from the file's folder.
/// Unknown tables or keys, wrong types and bad values are all reported, each as
/// `file:line:col: message` naming the key.
tl::expected<config, std::vector<diagnostic>> load_config(const std::filesystem::path& file);

/// The same, from text already in memory (`file` names it in messages and anchors relative paths).
tl::expected<config, std::vector<diagnostic>> parse_config(std::string_view text,
                                                           const std::filesystem::path& file);

} // namespace smolpub::capsule
