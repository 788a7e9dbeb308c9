// SPDX-License-Identifier: ISC
#pragma once
// Atom feeds of the whole site and of each category, with absolute gemini:// URLs.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "site/catalog.hpp"

namespace smolpub::site {

/// The Atom feed of the page at `page_url` ("/" or "/notes/"), listing the first
/// `settings.feed_entries` of `newest_first`.
std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first);

} // namespace smolpub::site
