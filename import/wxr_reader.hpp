// SPDX-License-Identifier: ISC
#pragma once
// Streams a WordPress export (WXR 1.0, 1.1 or 1.2) with libxml2's xmlTextReader: one item
// at a time is expanded, handed over and freed, so a 100 MB export is never held whole.
#include <filesystem>
#include <functional>
#include <string>

#include <tl/expected.hpp>

#include "import/wxr_model.hpp"

namespace smolpub::import {

/// Called for each `<item>`, in file order, with the channel as read so far.
using item_sink = std::function<void(const wxr_channel&, wxr_item&&)>;

/// Reads `file`, calling `on_item` for every item; returns the channel (title, authors,
/// categories, base URLs). A malformed export fails with "file:line:col: message".
/// The `wp:` namespace is matched by its prefix http://wordpress.org/export/, so every
/// version reads alike; CDATA and plain text values are the same to it.
/// With `bodies` false, items come without content and comments (a first pass that only
/// needs to know what is where copies a tenth of the bytes).
tl::expected<wxr_channel, std::string> read_wxr(const std::filesystem::path& file, const item_sink& on_item,
                                                bool bodies = true);

} // namespace smolpub::import
