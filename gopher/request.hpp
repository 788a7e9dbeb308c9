// SPDX-License-Identifier: ISC
#pragma once
// The Gopher request line (RFC 1436, plus the Gopher+ markers of today's clients), parsed
// by a pure function. Knows nothing of the site: fuzzed on its own.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::gopher {

/// RFC 1436 leaves the length open; like Gemini we accept 1024 bytes of selector (and
/// query), not counting the line end. The session never buffers more than this plus CRLF.
inline constexpr std::size_t max_request_bytes = 1024;

/// What a request line asks for.
enum class request_kind {
    selector,      ///< plain RFC 1436: a selector, maybe a type-7 query
    gopher_plus,   ///< `selector\t+`: the item, preceded by a Gopher+ `+-2` line
    attributes,    ///< `selector\t!` or `selector\t$`: a Gopher+ attribute block
    http,          ///< `GET / HTTP/1.1` and friends: a web client on the wrong port
    malformed,     ///< anything else; `message` says why
};

struct request {
    request_kind kind = request_kind::malformed;
    std::string selector;              ///< opaque, never percent-decoded
    std::string raw;                   ///< the selector field before a `?query` was split off
    std::optional<std::string> query;  ///< type-7 search terms
    std::string message;               ///< why a malformed request was refused
};

/// Parses one request line, with or without its CRLF (or bare LF). Pure.
/// - `""` and `"/"` are both the root; the selector is otherwise kept byte for byte.
/// - A TAB separates a type-7 query; `selector?query` is accepted too, and only that
///   query part is percent-decoded (`%xx`; `+` stays a plus, so "c++" can be searched).
/// - A third field (or a second one) of `+`, `!` or `$` makes a Gopher+ request.
/// - Refused as malformed: over 1024 bytes, invalid UTF-8, NUL or other control
///   characters (TAB only as separator), more fields than Gopher+ defines.
request parse_selector(std::string_view line);

/// A `URL:<url>` (or `/URL:<url>`) selector: a link out of Gopherspace, which the server
/// answers with a redirect page instead of looking in the site.
bool starts_with_url_prefix(std::string_view selector);

} // namespace smolpub::gopher
