// SPDX-License-Identifier: ISC
// The request head in the order RFC 9112 reads it: find the lines (so oversized heads are
// refused before anything else is looked at), then the request line, then each field.
// Every refusal is a value (failure), so the session's error path is "send the page, close".
#include "http/request.hpp"

#include <algorithm>
#include <array>

#include "text/ascii.hpp"
#include "text/percent.hpp"
#include "text/url_path.hpp"
#include "text/utf8.hpp"

namespace smolpub::http {
namespace {

failure bad(std::string reason) { return {400, std::move(reason)}; }

/// RFC 9110 5.6.2 tchar.
bool is_token_char(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    constexpr std::string_view others = "!#$%&'*+-.^_`|~";
    return others.find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char); }

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return text::ascii_lower(x) == text::ascii_lower(y); });
}

std::string_view trim_ows(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// Calls `each(element)` for every non-empty element of a comma-separated list, trimmed.
template <class Each> void for_each_element(std::string_view list, Each each)
{
    while (!list.empty()) {
        const std::size_t comma = std::min(list.find(','), list.size());
        if (const std::string_view element = trim_ows(list.substr(0, comma)); !element.empty())
            each(element);
        list.remove_prefix(std::min(comma + 1, list.size()));
    }
}

/// One line of the head: [begin, end) without its line end, and where the next starts.
struct line_span {
    std::string_view text;
    std::size_t next = 0;
};

/// The line starting at `from`, or nullopt when its LF has not arrived yet.
std::optional<line_span> line_at(std::string_view bytes, std::size_t from)
{
    const std::size_t lf = bytes.find('\n', from);
    if (lf == std::string_view::npos)
        return std::nullopt;
    std::string_view text = bytes.substr(from, lf - from);
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    return line_span{text, lf + 1};
}

/// `host[:port]` (or `[v6][:port]`) into the request; false when invalid.
bool read_authority(std::string_view authority, request& req)
{
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos)
            return false;
        host = authority.substr(0, close + 1);
        std::string_view rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return false;
            port = rest.substr(1);
        }
    } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (!port.empty()) {
        const auto number = text::parse_port(port);
        if (!number || *number == 0)
            return false;
        req.port = *number;
    } else {
        req.port.reset();
    }
    if (host.empty())
        return authority.empty();  // "Host:" with an empty value names no host (RFC 9112 3.2)
    auto canonical = text::canonical_host(host);
    if (!canonical)
        return false;
    req.host = std::move(*canonical);
    return true;
}

/// The target's path and query into the request; a failure when they are not acceptable.
std::optional<failure> read_path(std::string_view target, request& req)
{
    const std::size_t question = target.find('?');
    req.raw_path = std::string{target.substr(0, question)};
    if (req.raw_path.empty())
        req.raw_path = "/";
    auto path = text::decode_url_path(req.raw_path);
    if (!path) {
        if (path.error() == text::path_error::encoded_slash)
            return failure{404, "Not found"};
        return bad("Bad request: " + std::string{text::describe(path.error())});
    }
    req.path = std::move(*path);
    if (question != std::string_view::npos) {
        auto query = text::percent_decode_strict(target.substr(question + 1));
        if (!query || query->find('\0') != std::string::npos || !text::is_valid_utf8(*query))
            return bad("Bad request: malformed query");
        // Kept as sent: a form's fields are split on '&' before they are decoded, and
        // '+' means a space only there (site/answer.cpp), so decoding here would lose both.
        req.query = std::string{target.substr(question + 1)};
    }
    return std::nullopt;
}

/// The request line: METHOD SP target SP HTTP/d.d.
std::optional<failure> read_request_line(std::string_view line, request& req, std::string_view& authority)
{
    const std::size_t first = line.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos)
        return bad("Bad request: the request line is not METHOD TARGET VERSION");
    const std::string_view verb = line.substr(0, first);
    const std::string_view target = line.substr(first + 1, second - first - 1);
    const std::string_view version = line.substr(second + 1);
    if (!is_token(verb) || target.empty())
        return bad("Bad request: the request line is not METHOD TARGET VERSION");

    const bool version_shape = version.size() == 8 && version.starts_with("HTTP/") && version[6] == '.' &&
                               version[5] >= '0' && version[5] <= '9' && version[7] >= '0' && version[7] <= '9';
    if (!version_shape)
        return bad("Bad request: not an HTTP version");
    if (version[5] != '1' || (version[7] != '0' && version[7] != '1'))
        return failure{505, "Only HTTP/1.0 and HTTP/1.1 are served here"};
    req.minor_version = static_cast<unsigned>(version[7] - '0');

    if (verb == "GET")
        req.verb = method::get;
    else if (verb == "HEAD")
        req.verb = method::head;
    else
        return failure{405, "Only GET and HEAD are served here"};

    if (!std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
        return bad("Bad request: the target holds a space, a control character or a byte outside ASCII");
    if (target.find('#') != std::string_view::npos)
        return bad("Bad request: fragments are not sent in requests");
    req.target = std::string{target};

    std::string_view origin = target;
    if (!target.starts_with('/')) {
        // absolute-form (RFC 9112 3.2.2): what a proxy is sent, and what a server must accept.
        const std::size_t colon = target.find("://");
        if (colon == std::string_view::npos ||
            (!iequals(target.substr(0, colon), "http") && !iequals(target.substr(0, colon), "https")))
            return bad("Bad request: the target is neither a path nor an http URL");
        std::string_view rest = target.substr(colon + 3);
        const std::size_t path_start = std::min(rest.find_first_of("/?"), rest.size());
        authority = rest.substr(0, path_start);
        if (authority.empty() || authority.find('@') != std::string_view::npos)
            return bad("Bad request: the target URL has no host, or userinfo");
        origin = rest.substr(path_start);
    }
    return read_path(origin, req);
}

/// Content-Length: only "0" (in any number of zeros, any number of times) is no body.
bool is_zero_length(std::string_view value)
{
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c == '0'; });
}

/// True when a qvalue (RFC 9110 12.4.2) is above 0; a malformed one counts as 0.
bool positive_q(std::string_view q)
{
    if (q.empty() || q.size() > 5)
        return false;
    if (q.front() == '1')
        return q.size() == 1 || (q[1] == '.' && std::all_of(q.begin() + 2, q.end(), [](char c) { return c == '0'; }));
    if (q.front() != '0')
        return false;
    if (q.size() == 1)
        return false;
    if (q[1] != '.')
        return false;
    bool nonzero = false;
    for (char c : q.substr(2)) {
        if (c < '0' || c > '9')
            return false;
        nonzero = nonzero || c != '0';
    }
    return nonzero;
}

} // namespace

bool allows_gzip(std::string_view accept_encoding)
{
    std::optional<bool> gzip, star;
    for_each_element(accept_encoding, [&](std::string_view element) {
        const std::size_t semicolon = std::min(element.find(';'), element.size());
        const std::string_view coding = trim_ows(element.substr(0, semicolon));
        bool positive = true;
        std::string_view params = element.substr(semicolon);
        while (!params.empty()) {
            params.remove_prefix(1);  // the ';'
            const std::size_t next = std::min(params.find(';'), params.size());
            const std::string_view param = trim_ows(params.substr(0, next));
            if (param.size() >= 2 && text::ascii_lower(param[0]) == 'q' && param[1] == '=')
                positive = positive_q(param.substr(2));
            params.remove_prefix(next);
        }
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
            gzip = gzip.value_or(false) || positive;
        else if (coding == "*")
            star = positive;
    });
    return gzip ? *gzip : star.value_or(false);
}

parse_result parse_request(std::string_view bytes)
{
    std::size_t pos = 0;
    // RFC 9112 2.2: a server SHOULD ignore empty lines before the request line.
    while (pos < bytes.size() && (bytes[pos] == '\n' || (bytes[pos] == '\r' && pos + 1 < bytes.size() && bytes[pos + 1] == '\n')))
        pos += bytes[pos] == '\n' ? 1 : 2;
    if (pos > max_leading_empty_bytes)  // a stream of empty lines would otherwise fill the buffer
        return bad("Bad request: empty lines instead of a request");

    const auto first = line_at(bytes, pos);
    if (!first) {
        const std::string_view partial = bytes.substr(pos);
        // A method is a token: a client speaking something else (a TLS handshake on the plain
        // port) is told at once instead of waiting for a line end that never comes.
        std::string_view verb = partial.substr(0, std::min(partial.find(' '), partial.size()));
        if (verb.size() == partial.size() && verb.ends_with('\r'))
            verb.remove_suffix(1);  // its LF may be on the way
        if (!std::all_of(verb.begin(), verb.end(), is_token_char))
            return bad("Bad request: not an HTTP request");
        if (partial.size() > max_request_line_bytes + 1)
            return failure{414, "The request target is too long"};
        return incomplete{};
    }
    if (first->text.size() > max_request_line_bytes)
        return failure{414, "The request target is too long"};
    if (first->text.find('\r') != std::string_view::npos)
        return bad("Bad request: a bare CR in the request line");

    // The header fields, up to the empty line.
    std::array<std::string_view, max_header_fields> fields;
    std::size_t field_count = 0;
    std::size_t at = first->next;
    std::size_t end = 0;
    while (true) {
        const auto line = line_at(bytes, at);
        if (!line) {
            if (bytes.size() - first->next > max_header_bytes)
                return failure{431, "The request's header fields are too large"};
            return incomplete{};
        }
        if (line->next - first->next > max_header_bytes + 2)
            return failure{431, "The request's header fields are too large"};
        if (line->text.empty()) {
            end = line->next;
            break;
        }
        if (field_count == fields.size())
            return failure{431, "The request has too many header fields"};
        fields[field_count++] = line->text;
        at = line->next;
    }

    request req;
    std::string_view authority;
    bool absolute_form = false;
    if (auto refused = read_request_line(first->text, req, authority))
        return *refused;
    absolute_form = !authority.empty();

    std::size_t hosts = 0;
    std::string_view host_value;
    bool close = false, keep_alive = false;
    for (std::size_t i = 0; i < field_count; ++i) {
        const std::string_view line = fields[i];
        if (line.front() == ' ' || line.front() == '\t')
            return bad("Bad request: obsolete line folding");
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
            return bad("Bad request: a malformed header field");
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim_ows(line.substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), [](char c) { return c != '\t' && text::is_ascii_control(c); }))
            return bad("Bad request: a control character in a header field");
        if (iequals(name, "host")) {
            ++hosts;
            host_value = value;
        } else if (iequals(name, "content-length")) {
            if (!is_zero_length(value))
                return bad("Bad request: request bodies are not accepted");
        } else if (iequals(name, "transfer-encoding")) {
            return bad("Bad request: request bodies are not accepted");
        } else if (iequals(name, "connection")) {
            for_each_element(value, [&](std::string_view option) {
                close = close || iequals(option, "close");
                keep_alive = keep_alive || iequals(option, "keep-alive");
            });
        } else if (iequals(name, "accept-encoding")) {
            req.accepts_gzip = req.accepts_gzip || allows_gzip(value);
        } else if (iequals(name, "if-none-match")) {
            req.if_none_match = req.if_none_match ? *req.if_none_match + ", " + std::string{value} : std::string{value};
        } else if (iequals(name, "if-modified-since")) {
            req.if_modified_since = std::string{value};
        } else if (iequals(name, "x-forwarded-for")) {
            req.forwarded_for = req.forwarded_for ? *req.forwarded_for + ", " + std::string{value} : std::string{value};
        }
    }
    if (hosts > 1)
        return bad("Bad request: more than one Host");
    if (hosts == 0 && req.minor_version == 1)
        return bad("Bad request: HTTP/1.1 needs a Host");
    // The target's own authority wins over Host (RFC 9112 3.2.2); either must be valid.
    if (hosts == 1 && !read_authority(host_value, req))
        return bad("Bad request: an invalid Host");
    if (absolute_form && !read_authority(authority, req))
        return bad("Bad request: an invalid host in the target");
    req.keep_alive = !close && (req.minor_version == 1 || keep_alive);
    return parsed{std::move(req), end};
}

std::string_view reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

} // namespace smolpub::http
