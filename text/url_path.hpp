// SPDX-License-Identifier: ISC
#pragma once
// The path of a request URL, decoded the one way every protocol that takes URLs shares
// (Gemini, HTTP): per segment, with dot segments, control characters and encoded slashes
// refused, so that no request can name a file outside the site. Pure.
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace smolpub::text {

/// Why a path was refused. `encoded_slash` is a well-formed request for a page that cannot
/// exist (a '/' inside a segment); the others are malformed requests.
enum class path_error { not_absolute, bad_escape, dot_segment, control, encoded_slash, not_utf8 };

/// A short English reason for `e`, for an error reply ("dot segments are not allowed").
std::string_view describe(path_error e);

/// `raw` ("" or starting with '/') split into segments, each percent-decoded on its own (so
/// an encoded '/' never acts as a separator); "." and ".." segments, raw or encoded, are
/// refused, as are control characters, %00 and invalid UTF-8.
tl::expected<std::string, path_error> decode_url_path(std::string_view raw);

/// Lower-cases `host`, percent-decodes it, drops a trailing dot and converts UTF-8 labels to
/// punycode (`xn--`), so every form of one name compares equal (what SNI and the site's
/// hostnames hold). An IPv6 literal keeps its brackets. nullopt if invalid.
std::optional<std::string> canonical_host(std::string_view host);

} // namespace smolpub::text
