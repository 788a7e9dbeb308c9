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

/// The Atom feed of the page at `page_url` ("/" or "/notes/"), listing the first
/// `settings.feed_entries` of `newest_first`, each with its whole gemtext as content
/// (links made absolute gemini:// URLs) and a summary: the front matter's `description`,
/// or else the body's first paragraph.
std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first, const article_gemtext& body_of);

/// The first paragraph of `gemtext`: its first text line that is no heading, link, list item,
/// quote or preformatted text; empty when it has none.
std::string first_paragraph(std::string_view gemtext);

/// `gemtext` with every `=>` target that is an absolute path ("/a.gmi") prefixed by `origin`
/// ("gemini://host"), so that it still leads somewhere when read outside the capsule.
std::string with_origin(std::string_view gemtext, std::string_view origin);

} // namespace smolpub::site
