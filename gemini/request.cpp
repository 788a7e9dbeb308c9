// SPDX-License-Identifier: ISC
// Request parsing follows the spec's order of concerns: size, bytes, URL shape, then path.
// Every rejection is a value (failure), so the session's error path is just "send the header".
#include "gemini/request.hpp"

#include <algorithm>
#include <cctype>

#include "text/percent.hpp"
#include "text/utf8.hpp"
#include "text/url_path.hpp"
#include "text/ascii.hpp"

namespace smolpub::gemini {

namespace {

failure bad(std::string meta) { return {status::bad_request, std::move(meta)}; }

bool has_control(std::string_view s) { return std::any_of(s.begin(), s.end(), text::is_ascii_control); }

bool is_scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

/// The shared rules (text/url_path.hpp), with Gemini's statuses: an encoded '/' names no
/// page (51), every other refusal is a malformed request (59).
result<std::string> decode_path(std::string_view raw)
{
    auto path = text::decode_url_path(raw);
    if (path)
        return std::move(*path);
    if (path.error() == text::path_error::encoded_slash)
        return tl::unexpected(failure{status::not_found, "Not found"});
    return tl::unexpected(bad("Bad request: " + std::string{text::describe(path.error())}));
}

} // namespace

std::optional<std::string> canonical_host(std::string_view raw) { return text::canonical_host(raw); }

result<request> parse_request(std::string_view line)
{
    if (line.size() > max_request_bytes)
        return tl::unexpected(bad("Bad request: longer than 1024 bytes"));
    if (line.empty())
        return tl::unexpected(bad("Bad request: empty request"));
    if (line.starts_with("\xEF\xBB\xBF"))
        return tl::unexpected(bad("Bad request: byte order mark"));
    if (!text::is_valid_utf8(line))
        return tl::unexpected(bad("Bad request: not valid UTF-8"));
    if (has_control(line) || line.find(' ') != std::string_view::npos)
        return tl::unexpected(bad("Bad request: control characters or spaces in URL"));

    // scheme ":"
    std::size_t colon = 0;
    while (colon < line.size() && is_scheme_char(line[colon]))
        ++colon;
    if (colon == 0 || colon == line.size() || line[colon] != ':' ||
        !std::isalpha(static_cast<unsigned char>(line[0])))
        return tl::unexpected(bad("Bad request: not an absolute URL"));
    const std::string scheme = text::ascii_lower(line.substr(0, colon));

    std::string_view rest = line.substr(colon + 1);
    if (rest.find('#') != std::string_view::npos)
        return tl::unexpected(bad("Bad request: fragments are not allowed"));
    if (!rest.starts_with("//"))
        return tl::unexpected(bad("Bad request: URL has no host"));
    if (scheme != "gemini")
        return tl::unexpected(failure{status::proxy_request_refused, "Proxy request refused"});
    rest.remove_prefix(2);

    // authority = host [":" port]
    const std::size_t authority_end = std::min(rest.find_first_of("/?"), rest.size());
    std::string_view authority = rest.substr(0, authority_end);
    rest.remove_prefix(authority_end);
    if (authority.find('@') != std::string_view::npos)
        return tl::unexpected(bad("Bad request: userinfo is not allowed"));

    request req;
    std::string_view host = authority;
    const std::size_t port_colon = authority.rfind(':');
    const std::size_t bracket = authority.rfind(']');
    if (port_colon != std::string_view::npos && (bracket == std::string_view::npos || port_colon > bracket)) {
        host = authority.substr(0, port_colon);
        std::string_view digits = authority.substr(port_colon + 1);
        if (!digits.empty()) {
            const auto port = text::parse_port(digits);
            if (!port || *port == 0)
                return tl::unexpected(bad("Bad request: invalid port"));
            req.port = *port;
        }
    }
    auto canonical = canonical_host(host);
    if (!canonical)
        return tl::unexpected(bad("Bad request: invalid host"));
    req.host = std::move(*canonical);

    const std::size_t question = rest.find('?');
    req.raw_path = std::string{rest.substr(0, question)};
    auto path = decode_path(req.raw_path);
    if (!path)
        return tl::unexpected(path.error());
    req.path = std::move(*path);

    if (question != std::string_view::npos) {
        auto query = text::percent_decode_strict(rest.substr(question + 1));
        if (!query || query->find('\0') != std::string::npos || !text::is_valid_utf8(*query))
            return tl::unexpected(bad("Bad request: malformed query"));
        req.query = std::move(*query);
    }
    return req;
}

bool is_clean_meta(std::string_view meta)
{
    return std::none_of(meta.begin(), meta.end(), [](char c) { return text::is_ascii_control(c); });
}

std::string header(status code, std::string_view meta)
{
    if (meta.size() > max_meta_bytes) {
        std::size_t cut = max_meta_bytes;
        while (cut > 0 && (static_cast<unsigned char>(meta[cut]) & 0xc0) == 0x80)
            --cut;
        meta = meta.substr(0, cut);
    }
    // The last line of defence: a meta with CR, LF or any other control character would let
    // content write a second header line (or a body) of its own. It is never sent.
    if (!is_clean_meta(meta))
        return std::string{refused_header};
    std::string out = std::to_string(static_cast<int>(code));
    out += ' ';
    out += meta;
    out += "\r\n";
    return out;
}

} // namespace smolpub::gemini
