#pragma once
// The Gopher protocol (RFC 1436, plus the Gopher+ and caps.txt practice of today's clients)
// as pure functions: request line -> request, request -> reply. No sockets here.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "content/settings.hpp"
#include "site/site.hpp"

namespace smolpub::server::gopher {

/// RFC 1436 leaves the length open; like Gemini we accept 1024 bytes of selector (and
/// query), not counting the line end. The session never buffers more than this plus CRLF.
inline constexpr std::size_t max_request_bytes = 1024;

/// Access-log statuses: Gopher itself has none, so 0 is a normal reply, 3 a type-3 error
/// menu (the item type), 400 the answer to an HTTP request.
inline constexpr int status_ok = 0;
inline constexpr int status_error = 3;
inline constexpr int status_http = 400;

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

/// A type-3 error menu: `3<message>\t\terror.host\t1\r\n`, then an item back to the
/// root on `host`:`port`, then `.\r\n`. Tabs and control characters in `message` become
/// spaces, so the line always has exactly four fields.
std::string error_menu(std::string_view message, std::string_view host, unsigned port);

/// The caps.txt file (the capabilities file Gopher clients such as Lagrange fetch).
std::string caps_txt();

/// The page for a `URL:<url>` selector: a small HTML document that sends a browser on
/// (meta refresh) and shows the link, the URL HTML-escaped. nullopt when the scheme is
/// not one of http, https, gemini, gopher, mailto, ftp, irc, or the URL holds control
/// characters or spaces.
std::optional<std::string> url_redirect_page(std::string_view url);

/// The menu for `/search` without a query: one type-7 item the client can prompt for.
std::string search_prompt_menu(std::string_view title, std::string_view host, unsigned port);

/// What an HTTP client on the Gopher port gets: `HTTP/1.0 400 Bad Request`, a text/plain
/// note and the gopher:// URL of this hole.
std::string http_refusal(std::string_view host, unsigned port);

/// A reply ready to write: `head` (Gopher+ status line, or empty) then the body, which is
/// either owned or points into a rendered page kept alive by `page`.
struct reply {
    int status = status_ok;
    std::string head;
    const std::string* body = nullptr;
    std::string owned_body;
    std::optional<capsule::file_source> file;  ///< a static file, streamed by the session
    std::shared_ptr<const capsule::document> page;  ///< keeps `body` alive
    std::string path;  ///< for the access log: the selector as asked

    std::string_view body_view() const { return body ? std::string_view{*body} : std::string_view{owned_body}; }
};

/// Answers one parsed request from `site`, advertising `settings.gopher_host`/`gopher_port`
/// in every menu it makes. Pure: the site is only read.
reply handle(const request& req, const std::shared_ptr<const capsule::site>& site,
             const capsule::site_settings& settings);

} // namespace smolpub::server::gopher
