// SPDX-License-Identifier: ISC
#pragma once
// Streams a WordPress export (WXR 1.0, 1.1 or 1.2) with libxml2's xmlTextReader: one item
// at a time is expanded, handed over and freed, so a 100 MB export is never held whole.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "import/wxr_model.hpp"

namespace smolpub::import {

/// Called for each `<item>`, in file order, with the channel as read so far.
using item_sink = std::function<void(const wxr_channel&, wxr_item&&)>;

/// Reads `file`, calling `on_item` for every item; returns the channel (title, authors,
/// categories, base URLs). A malformed export fails with "file:line:col: message".
/// WXR is recognised by the namespace the document binds to its `wp` prefix (on <rss> or
/// <channel>), as WordPress's own importer does; a file with none, or with another one, is
/// refused. Every version reads alike; CDATA and plain text values are the same to it.
/// With `bodies` false, items come without content and comments (a first pass that only
/// needs to know what is where copies a tenth of the bytes).
/// http or https://wordpress.org/export/1.0, 1.1 or 1.2, with or without the last `/`.
bool is_wxr_namespace(std::string_view uri);

tl::expected<wxr_channel, std::string> read_wxr(const std::filesystem::path& file, const item_sink& on_item,
                                                bool bodies = true);

/// The same, from bytes in memory (the fuzzer's entry); `name` stands for the file in messages.
tl::expected<wxr_channel, std::string> read_wxr_bytes(std::string_view bytes, const std::string& name,
                                                      const item_sink& on_item, bool bodies = true);

} // namespace smolpub::import
