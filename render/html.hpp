// SPDX-License-Identifier: ISC
#pragma once
// Markdown -> semantic HTML5 fragment, by walking cmark's AST. Pure: no I/O.
// Raw HTML in the Markdown is never passed through: it is shown, escaped.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::render {

/// Escapes text for HTML element content and attribute values (& < > " ').
void append_html_escaped(std::string& out, std::string_view text);

struct html_options {
    /// Added to every heading level of the body (clamped to 6), so the page's title
    /// is the only <h1>.
    int heading_shift = 1;
    /// When set (1..6), the levels the body uses are renumbered instead, from this one
    /// down without gaps (`##` and `####` become h2 and h3 for 2): an outline that
    /// skips no level, whatever level the writer started at. heading_shift is then unused.
    int top_heading = 0;
    /// Given a link's or image's URL as written, the URL to write instead (a `.md` source
    /// -> its page, a relative URL -> an absolute one), or nullopt to keep it.
    std::function<std::optional<std::string>(std::string_view url)> rewrite_link;
    /// An image whose URL names another host (a scheme or `//`) becomes a link labelled
    /// by its alt text: the page loads images from its own site only.
    bool local_images_only = false;
};

/// Converts a Markdown body (no front matter) to an HTML fragment. Invalid UTF-8 is
/// replaced by cmark; every text and URL is escaped; javascript: style URLs are dropped.
/// A paragraph whose second line is a GFM delimiter row becomes a <table> (render/pipe_table).
std::string markdown_to_html(std::string_view markdown, const html_options& options = {});

} // namespace smolpub::render
