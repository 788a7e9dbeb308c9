// SPDX-License-Identifier: ISC
#pragma once
// File and folder names for imported posts, pages and categories: WordPress slugs are
// percent-encoded UTF-8 (`caf%c3%a9`), drafts often have none, and a capsule path segment
// must be one safe, valid UTF-8 name.
#include <string>
#include <string_view>

namespace smolpub::import {

/// `%XX` sequences decoded to bytes; anything else as is.
std::string percent_decode(std::string_view text);

/// True when `text` is valid UTF-8.
bool is_utf8(std::string_view text);

/// `text` with every byte that does not start or continue a valid UTF-8 sequence as U+FFFD.
std::string to_valid_utf8(std::string_view text);

/// A slug made from a title: lower-case ASCII letters and digits, other UTF-8 letters kept,
/// everything else one `-`. Empty when the title has nothing usable.
std::string slug_from_title(std::string_view title);

/// `wp:post_name` or a nicename as one safe path segment: percent-decoded (kept encoded, with
/// `%` as `-`, if that is not UTF-8), no `/ \ ? # %`, control characters, leading `.` or `_`,
/// at most 120 bytes. Empty when nothing usable is left.
std::string safe_segment(std::string_view slug);

} // namespace smolpub::import
