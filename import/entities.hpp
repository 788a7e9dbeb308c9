// SPDX-License-Identifier: ISC
#pragma once
// HTML character references in plain-text fields (titles, category names, comment authors):
// WordPress stores them encoded (`&#8217;`, `&rsquo;`, `&amp;`), readers want the characters.
#include <string>
#include <string_view>

namespace smolpub::import {

/// Decodes every named (HTML 4 set, as libxml2 knows it) and numeric character reference.
/// Unknown names stay as written; a number that is no character becomes U+FFFD.
std::string decode_entities(std::string_view text);

/// A title as plain text: HTML tags dropped (WordPress allows `<em>` and the like in titles),
/// then character references decoded, whitespace runs made one space, trimmed. A `<` that
/// opens no tag (`1 < 2`) stays. `tags_dropped`, if given, says whether any tag was dropped.
std::string plain_title(std::string_view html, bool* tags_dropped = nullptr);

/// Appends the UTF-8 encoding of `code_point` (U+FFFD for surrogates and out of range).
void append_utf8(std::string& out, unsigned long code_point);

} // namespace smolpub::import
