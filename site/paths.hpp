// SPDX-License-Identifier: ISC
#pragma once
// URL paths, dates and line hygiene shared by every generated page. Pure.
//
// Paths inside the site are kept percent-DECODED ("/my notes/a.gmi"): that is what
// route() receives. They are percent-encoded only when written into a link line or
// a redirect target.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "content/model.hpp"

namespace smolpub::site::paths {

/// "/notes/rust/" for the category folder "notes/rust"; "/" for the root ("").
std::string category_url(std::string_view folder);
/// "/notes/slug.gmi" (or "/slug.gmi" in the root folder).
std::string article_url(std::string_view folder, std::string_view slug);
/// "/notes/slug/comments.gmi": one level below the article, so "go to parent" lands on
/// "/notes/slug/", which redirects to the article.
std::string comments_url(std::string_view article_url);
/// "/notes/slug/" for "/notes/slug.gmi".
std::string article_dir_url(std::string_view article_url);
/// Replaces the extension of "/notes/slug.gmi" with `ext` (".txt").
std::string with_extension(std::string_view url, std::string_view ext);
/// "/tags/<tag>/": a '/' inside a tag would add a level, so it becomes '-'.
std::string tag_url(std::string_view tag);

/// Percent-encodes everything outside RFC 3986 unreserved, sub-delims, ':', '@' and '/'.
std::string encode(std::string_view decoded_path);
/// Decodes %XX sequences once; malformed ones are kept as written.
std::string decode(std::string_view encoded);
/// True when `url` starts with a scheme ("gemini:", "mailto:").
bool has_scheme(std::string_view url);
/// Resolves "." and ".." segments of an absolute path; ".." never climbs above "/".
std::string normalize(std::string_view absolute_path);

/// One line of display text: control characters become spaces, ends trimmed.
std::string one_line(std::string_view text);
/// `=> <encoded url> <label>\n`.
std::string link_line(std::string_view decoded_url, std::string_view label);

/// Seconds since 1970 in UTC, for ordering; dates without time count as 00:00 UTC.
std::int64_t sort_key(const content::timestamp& t);
/// The sort key of an optional date; undated sorts as the oldest.
std::int64_t sort_key(const std::optional<content::timestamp>& t);

} // namespace smolpub::site::paths
