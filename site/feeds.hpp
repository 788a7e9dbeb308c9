// SPDX-License-Identifier: ISC
#pragma once
// Atom feeds of the whole site and of each category, with absolute gemini:// URLs.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "site/catalog.hpp"

namespace smolpub::site {

/// The Atom feed of the page at `page_url` ("/" or "/notes/"), listing the first
/// `settings.feed_entries` of `newest_first`.
std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first);

/// How a feed links and what its entries hold beyond the summary.
struct feed_style {
    std::string origin;  ///< "gemini://host" or the web's "https://host": before every link
    /// A page path as linked in this feed (the web drops `.gmi`); nullptr: as it is.
    std::function<std::string(std::string_view path)> link_path;
    /// The entry's `<content type="html">` (absolute links); nullptr: none.
    std::function<std::string(std::size_t article)> content_html;
};

/// The same with `style`. The entry ids stay the Gemini URLs in every style, so that a
/// reader that follows both feeds sees one entry per article.
std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first, const feed_style& style);

} // namespace smolpub::site
