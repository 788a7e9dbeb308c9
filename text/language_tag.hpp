// SPDX-License-Identifier: ISC
#pragma once
// The shape of a BCP 47 language tag (RFC 5646): what may follow `lang=` in a Gemini MIME
// type. Only the shape is checked (no registry): a value that passes holds nothing but ASCII
// letters, digits and '-', so it can never break a header line. Pure.
#include <string_view>

namespace smolpub::text {

/// "en", "de-CH", "zh-Hant-TW", "x-klingon", "i-default": subtags of 1..8 letters or digits
/// joined by '-', the first one 2..8 letters (or the private-use "x" / grandfathered "i"),
/// at most 63 bytes in all.
bool is_language_tag(std::string_view tag);

} // namespace smolpub::text
