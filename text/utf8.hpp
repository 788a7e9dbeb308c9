// SPDX-License-Identifier: ISC
#pragma once
// UTF-8 and display-width helpers shared by the gemtext and Gopher renderers. Pure.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::text {

/// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// `s` with each byte that starts no well-formed sequence replaced by U+FFFD: what a parser
/// that trusts its input to be UTF-8 (libxml2's HTML parser does not always mend it) may read.
std::string to_valid_utf8(std::string_view s);

/// Display columns `s` takes in a terminal: wide (CJK, emoji) = 2, combining = 0, else 1.
std::size_t display_width(std::string_view s);

/// Breaks `s` into lines of at most `width` display columns, at spaces where possible;
/// a word longer than `width` is split, never inside a UTF-8 sequence.
std::vector<std::string> wrap(std::string_view s, std::size_t width);

/// Receives one wrapped line and its display columns.
using line_sink = std::function<void(std::string_view line, std::size_t columns)>;
/// The same lines as wrap(), handed to `emit` one by one as they are made.
void wrap_each(std::string_view s, std::size_t width, const line_sink& emit);

} // namespace smolpub::text
