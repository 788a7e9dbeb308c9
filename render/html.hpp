// SPDX-License-Identifier: ISC
#pragma once
// Markdown -> semantic HTML5 fragment, by walking cmark's AST. Pure: no I/O.
// Raw HTML in the Markdown is never passed through: it is shown, escaped.
#include <string>
#include <string_view>

namespace smolpub::render {

/// Escapes text for HTML element content and attribute values (& < > " ').
void append_html_escaped(std::string& out, std::string_view text);

struct html_options {
    /// Added to every heading level of the body (clamped to 6), so the page's title
    /// is the only <h1>.
    int heading_shift = 1;
};

/// Converts a Markdown body (no front matter) to an HTML fragment. Invalid UTF-8 is
/// replaced by cmark; every text and URL is escaped; javascript: style URLs are dropped.
std::string markdown_to_html(std::string_view markdown, const html_options& options = {});

} // namespace smolpub::render
