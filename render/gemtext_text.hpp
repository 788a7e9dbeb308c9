// SPDX-License-Identifier: ISC
#pragma once
// Line-level text helpers of the gemtext writer: whitespace, syntax guards, control
// characters. Pure: no I/O.
#include <cstddef>
#include <string>
#include <string_view>

namespace smolpub::render::gemtext_detail {

/// Space, tab, CR or LF.
bool is_blank(char c);
/// True when `s` is empty or all blanks.
bool is_blank(std::string_view s);
/// Removes trailing blanks.
void trim_right(std::string& s);
/// From `from` on: no leading or trailing blanks, no runs of spaces.
void squeeze_spaces(std::string& line, std::size_t from);
/// Whitespace runs become one space; leading and trailing whitespace goes.
std::string collapse_blanks(std::string_view s);
/// True when a text line starting like this would be read as another gemtext line type.
bool reads_as_gemtext_syntax(std::string_view line);
/// The shortest run of backticks longer than any run inside `code`.
std::string backtick_fence(std::string_view code);
/// C0 controls other than tab and LF, DEL and C1 controls become U+FFFD.
void replace_control_characters(std::string& text);

} // namespace smolpub::render::gemtext_detail
