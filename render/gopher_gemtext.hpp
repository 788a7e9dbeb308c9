// SPDX-License-Identifier: ISC
#pragma once
// Private to render/: gemtext read line by line, and laid out as fixed-width text
// lines, the part both Gopher renderings (menu and plain text) share.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::render::gopher_detail {

enum class line_kind { text, heading1, heading2, heading3, list_item, quote, link, preformatted };

/// One gemtext line, classified. Views point into the parsed document.
struct gemtext_line {
    line_kind kind = line_kind::text;
    std::string_view text;  ///< without the line-type marker; the raw line when preformatted
    std::string_view url;   ///< links only
};

/// Splits gemtext into classified lines (LF or CRLF ends). Fence lines are dropped,
/// the lines between them come back as `preformatted`, untouched.
std::vector<gemtext_line> parse_gemtext(std::string_view gemtext);

/// Replaces each tab with spaces up to the next multiple-of-8 display column.
std::string expand_tabs(std::string_view s);

/// Wraps `text` to `width` columns, the first line after `first_prefix`, the others
/// after `rest_prefix` (both count towards the width). With `guard_dots`, no line
/// may begin with '.' (see the .cpp for how).
std::vector<std::string> wrap_with_prefix(std::string_view text, std::size_t width,
                                          std::string_view first_prefix,
                                          std::string_view rest_prefix, bool guard_dots);

/// The text lines a non-link gemtext line becomes: wrapped, headings underlined,
/// list items with a hanging indent, quotes prefixed on every line. Tabs expanded
/// except in preformatted lines when `keep_preformatted_tabs`.
std::vector<std::string> lay_out(const gemtext_line& line, std::size_t width, bool guard_dots,
                                 bool keep_preformatted_tabs);

/// Receives one laid-out line as its prefix ("* ", "> " or empty) and its text.
using layout_sink = std::function<void(std::string_view prefix, std::string_view text)>;

/// The lines lay_out makes, handed to `emit` one by one; without `guard_dots` (menus)
/// they are made straight from the gemtext, with no vector and no string per line.
void lay_out_each(const gemtext_line& line, std::size_t width, bool guard_dots, bool keep_preformatted_tabs,
                  const layout_sink& emit);

/// The lines wrap_with_prefix(text, width, "", "", false) makes, handed to `emit`.
void wrap_each_line(std::string_view text, std::size_t width, const layout_sink& emit);

/// Prefixes a space to a line that begins with '.', so it cannot end a Gopher transfer.
std::string guard_leading_dot(std::string line);

} // namespace smolpub::render::gopher_detail
