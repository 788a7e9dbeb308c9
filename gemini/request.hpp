// SPDX-License-Identifier: ISC
#pragma once
// The Gemini protocol (spec v0.24.1) as pure functions: request line -> request, outcome -> header.
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace smolpub::gemini {

/// The status codes smolpub sends. Only codes the spec defines.
enum class status : int {
    input = 10,
    success = 20,
    redirect_permanent = 31,
    temporary_failure = 40,
    server_unavailable = 41,
    slow_down = 44,
    not_found = 51,
    proxy_request_refused = 53,
    bad_request = 59,
};

/// A protocol outcome other than success; becomes the response header verbatim.
struct failure {
    status code;
    std::string meta;
};

template <class T> using result = tl::expected<T, failure>;

/// The spec's limit on an absolute URL in a request, not counting CRLF.
inline constexpr std::size_t max_request_bytes = 1024;
/// The spec's limit on meta.
inline constexpr std::size_t max_meta_bytes = 1024;

/// A request that parsed: a gemini:// URL without userinfo or fragment.
struct request {
    std::string host;                ///< canonical: lower case, percent-decoded, IDNA as punycode
    std::optional<unsigned> port;    ///< only when the URL names one
    std::string path;                ///< percent-decoded per segment, "" or starting with '/'
    std::string raw_path;            ///< as sent (for logs and redirects)
    std::optional<std::string> query;  ///< percent-decoded
};

/// Parses one request line (without CRLF). Pure: no I/O.
/// 59 for anything malformed (relative URL, userinfo, fragment, dot segments, control
/// characters, invalid UTF-8, %00, over 1024 bytes); 53 for schemes other than gemini.
result<request> parse_request(std::string_view line);

/// Lower-cases `host`, percent-decodes it, drops a trailing dot and converts UTF-8
/// labels to punycode (`xn--`), so every form of one name compares equal. nullopt if invalid.
std::optional<std::string> canonical_host(std::string_view host);

/// True when `meta` holds no C0 control character (CR, LF, tab...) nor DEL.
bool is_clean_meta(std::string_view meta);

/// What header() answers instead of a meta that is not clean: one line, never the meta.
inline constexpr std::string_view refused_header = "40 Internal error: refused to send a header holding a control character\r\n";

/// "<status> <meta>\r\n", meta cut to the spec's 1024 bytes without splitting UTF-8.
/// A meta holding a control character is refused: the line is then refused_header. Always
/// exactly one line.
std::string header(status code, std::string_view meta);

} // namespace smolpub::gemini
