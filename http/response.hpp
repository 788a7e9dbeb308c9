// SPDX-License-Identifier: ISC
#pragma once
// An HTTP reply's head, and the one place it is framed: status line, Date, the reply's own
// fields, the security headers every reply carries, Content-Length and Connection. A field
// value holding CR, LF or another control character is never framed (the last line of
// defence against a header of the content's making): the reply becomes a bare 500. Pure.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smolpub::http {

/// Sent with every reply: pages have no scripts, no frames, no third-party anything.
inline constexpr std::string_view content_security_policy = "default-src 'none'; style-src 'self'; img-src 'self'";

struct field {
    std::string_view name;
    std::string value;
};

/// True when `value` holds no control character but TAB (and no DEL).
bool is_clean_value(std::string_view value);

/// IMF-fixdate (RFC 9110 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::chrono::system_clock::time_point when);
/// The time an IMF-fixdate names; nullopt for anything else (the obsolete forms included:
/// a conditional request with one is then answered in full, which is always correct).
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

/// What framing needs besides the fields.
struct head_options {
    std::optional<std::uint64_t> content_length;  ///< none for 304
    bool close = false;       ///< `Connection: close`
    bool keep_alive_1_0 = false;  ///< an HTTP/1.0 client asked to keep the connection: say so
};

/// The complete head, blank line included. A field with an unclean value makes the whole
/// head refused_head instead.
std::string frame_head(int status, std::span<const field> fields, const head_options& options,
                       std::chrono::system_clock::time_point now);

/// What frame_head answers instead of a head with a control character in a field: no field
/// of the reply's, no body, and the connection closes.
inline constexpr std::string_view refused_head =
    "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// A small HTML page for an error status: the status and `reason`, escaped.
std::string error_page(int status, std::string_view reason);

} // namespace smolpub::http
