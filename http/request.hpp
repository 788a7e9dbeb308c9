// SPDX-License-Identifier: ISC
#pragma once
// The HTTP/1.1 request head (RFC 9110, 9112), parsed by a pure function. Only what a
// publisher of static pages needs: GET and HEAD, no request bodies, no upgrades. Knows
// nothing of the site: fuzzed on its own (fuzz/fuzz_http_request.cpp).
//
// Hand-written rather than nodejs's http-parser (Debian's libhttp-parser-dev 2.9): that
// library is archived upstream, so its bugs would stay ours to carry, and it accepts far
// more than we answer (bodies, chunking, every method, upgrades) that we would then refuse
// again on top. llhttp, its successor, is not packaged in Debian 12. A GET-only head is
// small enough to parse strictly in one page.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace smolpub::http {

/// The request line, without its line end: past this a target is answered 414.
inline constexpr std::size_t max_request_line_bytes = 4096;
/// The header fields after the request line, up to the empty line: past this, 431.
inline constexpr std::size_t max_header_bytes = 8192;
/// Header fields in one request: past this, 431.
inline constexpr std::size_t max_header_fields = 100;
/// Empty lines (CRLF or LF) skipped before a request line, in bytes: past this, 400.
inline constexpr std::size_t max_leading_empty_bytes = 64;
/// What a session buffers of one request head at most: the parser decides before this.
inline constexpr std::size_t max_head_bytes = max_leading_empty_bytes + max_request_line_bytes + max_header_bytes + 4;

enum class method { get, head };

/// A request head that parsed: GET or HEAD, HTTP/1.0 or 1.1, no body.
struct request {
    method verb = method::get;
    unsigned minor_version = 1;          ///< HTTP/1.x
    std::string target;                  ///< as sent, for the log
    std::string path;                    ///< percent-decoded per segment (text/url_path), "/" at least
    std::string raw_path;                ///< as sent, without the query
    std::optional<std::string> query;    ///< after '?', as sent (checked to decode to UTF-8 without NUL)
    std::string host;                    ///< canonical (text::canonical_host); empty when none was sent
    std::optional<unsigned> port;        ///< the port the Host (or absolute target) names
    bool keep_alive = true;              ///< HTTP/1.1 unless `Connection: close`; 1.0 only with `keep-alive`
    bool accepts_gzip = false;           ///< Accept-Encoding allows gzip
    std::optional<std::string> if_none_match;      ///< as sent
    std::optional<std::string> if_modified_since;  ///< as sent
    std::optional<std::string> forwarded_for;      ///< X-Forwarded-For, several joined with ", "
};

/// A request refused before the site is asked: the status to answer, and why (the body
/// of the small error page). Every failure closes the connection after its reply.
struct failure {
    int status = 400;
    std::string reason;
};

/// The head is not complete yet (no empty line) and still within the limits: read more.
struct incomplete {};

/// What the bytes at the front of a connection's buffer are: a request and how many bytes
/// its head took (the rest belongs to the next request), a failure, or not enough yet.
struct parsed {
    request req;
    std::size_t consumed = 0;
};
using parse_result = std::variant<incomplete, parsed, failure>;

/// Parses the request head at the front of `bytes`. Pure.
/// - Lines end with CRLF, or a bare LF (RFC 9112 2.2 lets a recipient take it); a bare CR
///   is 400. Empty lines before the request line are skipped (up to 64 bytes of them).
/// - Methods are case-sensitive tokens: GET and HEAD are served, any other token is 405.
/// - Targets are origin-form (`/path?query`) or absolute-form (`http://host/path`, whose
///   authority then wins over Host); anything else, a fragment, or a byte outside visible
///   ASCII is 400; a request line over max_request_line_bytes is 414.
/// - `HTTP/1.0` and `HTTP/1.1` are served; another `HTTP/d.d` is 505; anything else 400.
/// - Header fields: a token name, a colon with no space before it, a value without control
///   characters (TAB allowed); obsolete line folding is 400; more than max_header_bytes or
///   max_header_fields is 431.
/// - HTTP/1.1 needs exactly one valid Host; two, or an invalid one, is 400 in any version.
/// - No body: `Content-Length` other than 0, or any `Transfer-Encoding`, is 400.
parse_result parse_request(std::string_view bytes);

/// True when `coding` (an Accept-Encoding value) allows gzip: `gzip` (or `x-gzip`, or `*`
/// unless gzip is refused by name) with a q-value above 0.
bool allows_gzip(std::string_view accept_encoding);

/// The reason phrase for `status` ("Not Found"); "Unknown" for one smolpub never sends.
std::string_view reason_phrase(int status);

} // namespace smolpub::http
