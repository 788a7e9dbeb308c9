// SPDX-License-Identifier: ISC
#pragma once
// Writing TOML values by hand, for the files smolpub writes (`smolpub new`'s front matter,
// the importer's articles and comment archives): strings, string arrays, integers and dates.
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::content {

/// A TOML basic string: `"..."` with `"`, `\` and control characters escaped.
std::string toml_string(std::string_view text);

/// A multi-line basic string (`"""` + newline + text + `"""`), for comment bodies.
std::string toml_multiline(std::string_view text);

/// `["a", "b"]`.
std::string toml_string_array(const std::vector<std::string>& items);

} // namespace smolpub::content
