// SPDX-License-Identifier: ISC
#pragma once
// Comment threads: the order they are shown in, and keeping a comment's Markdown from
// breaking the page around it. Pure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"

namespace smolpub::site {

struct thread_entry {
    std::size_t index = 0;  ///< into the article's comments
    std::size_t depth = 0;  ///< 0 for top level
};

/// Every comment once: top-level comments oldest first, each followed by its replies
/// (oldest first, recursively). A reply to an unknown id, or one caught in a reply
/// cycle, is shown at top level rather than dropped.
std::vector<thread_entry> thread_order(const std::vector<content::comment>& comments);

/// Comment bodies sit under a `###` heading of their own, so any heading a commenter
/// wrote is flattened to a text line (outside preformatted blocks).
std::string flatten_headings(std::string_view gemtext);

/// "### ↳ Author · 2026-01-31": one arrow per reply level (at most 8; deeper, eight arrows
/// and the level: "### ↳ ↳ ↳ ↳ ↳ ↳ ↳ ↳ (12) Author").
std::string comment_heading(const content::comment& c, std::size_t depth);

/// "## Mentioned by" and a link line for each mention (pingback, trackback) of `comments`,
/// in file order: "=> URL Title · 2026-01-31". Empty when there are none.
std::string mentions_list(const std::vector<content::comment>& comments);

} // namespace smolpub::site
