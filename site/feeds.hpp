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

/// The gemtext body of article `i`, its links absolute paths ("/notes/a.gmi").
using article_gemtext = std::function<std::string(std::size_t)>;

/// How a feed links and what its entries hold.
struct feed_style {
    std::string origin;  ///< "gemini://host" or the web's "https://host": before every link
    /// A page path as linked in this feed (the web drops `.gmi`); nullptr: as it is.
    std::function<std::string(std::string_view path)> link_path;
    /// Each entry's gemtext: its summary (when the front matter has no `description`, the
    /// first paragraph) and, without `content_html`, its `<content type="text/gemini">`
    /// with links made absolute.
    article_gemtext gemtext;
    /// The entry's `<content type="html">` instead (absolute links); nullptr: the gemtext.
    std::function<std::string(std::size_t article)> content_html;
};

/// The Atom feed of the page at `page_url` ("/" or "/notes/"), listing the first
/// `settings.feed_entries` of `newest_first`. The entry ids stay the Gemini URLs in every
/// style, so that a reader that follows both feeds sees one entry per article.
std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first, const feed_style& style);

/// The first paragraph of `gemtext`: its first text line that is no heading, link, list item,
/// quote or preformatted text; empty when it has none.
std::string first_paragraph(std::string_view gemtext);

/// `gemtext` with every `=>` target that is an absolute path ("/a.gmi") prefixed by `origin`
/// ("gemini://host"), so that it still leads somewhere when read outside the capsule.
std::string with_origin(std::string_view gemtext, std::string_view origin);

} // namespace smolpub::site
