// SPDX-License-Identifier: ISC
#pragma once
// The little JSON the importer meets: a Gutenberg block's attributes
// (`<!-- wp:rss {"feedURL":"..."} /-->`) and the footnotes block's postmeta
// (`[{"content":"...","id":"..."}]`). Strings are what it needs; anything malformed reads
// as nothing.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smolpub::import {

/// The string members of a JSON object (`{"a":"x","b":2}` -> a=x), in order; empty when
/// `json` is not an object. Nested values are skipped.
std::vector<std::pair<std::string, std::string>> json_object_strings(std::string_view json);

/// Each object of a JSON array of objects, as json_object_strings gives it.
std::vector<std::vector<std::pair<std::string, std::string>>> json_array_of_objects(std::string_view json);

/// The value of `key` in `fields`, if there.
std::optional<std::string> json_field(const std::vector<std::pair<std::string, std::string>>& fields,
                                      std::string_view key);

} // namespace smolpub::import
