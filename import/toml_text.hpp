// SPDX-License-Identifier: ISC
#pragma once
// Writing TOML values by hand: the importer only ever writes strings, string arrays,
// integers and dates, and toml++ stays in content/ (the house rule).
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::import {

/// A TOML basic string: `"..."` with `"`, `\` and control characters escaped.
std::string toml_string(std::string_view text);

/// A multi-line basic string (`"""` + newline + text + `"""`), for comment bodies.
std::string toml_multiline(std::string_view text);

/// `["a", "b"]`.
std::string toml_string_array(const std::vector<std::string>& items);

} // namespace smolpub::import
