// SPDX-License-Identifier: ISC
// Request parsing follows the spec's order of concerns: size, bytes, URL shape, then path.
// Every rejection is a value (failure), so the session's error path is just "send the header".
#include "gemini/request.hpp"

#include <algorithm>
#include <cctype>

#include "text/percent.hpp"
#include "text/utf8.hpp"
#include "text/punycode.hpp"
#include "text/ascii.hpp"

namespace smolpub::gemini {
using text::punycode_encode;

namespace {

failure bad(std::string meta) { return {status::bad_request, std::move(meta)}; }

bool has_control(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

bool is_scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

/// Splits the path into segments, rejects dot segments in raw or encoded form, and
/// percent-decodes each segment on its own, so an encoded '/' can never act as a separator.
result<std::string> decode_path(std::string_view raw)
{
    if (raw.empty())
        return std::string{};
    if (raw.front() != '/')
        return tl::unexpected(bad("Bad request: path must be absolute"));
    std::string path;
    path.reserve(raw.size());
    std::size_t pos = 1;
    while (true) {
        const std::size_t end = std::min(raw.find('/', pos), raw.size());
        const auto segment = text::percent_decode_strict(raw.substr(pos, end - pos));
        if (!segment)
            return tl::unexpected(bad("Bad request: malformed percent-encoding"));
        if (*segment == "." || *segment == "..")
            return tl::unexpected(bad("Bad request: dot segments are not allowed"));
        if (segment->find('\0') != std::string::npos || has_control(*segment))
            return tl::unexpected(bad("Bad request: control characters in path"));
        if (segment->find('/') != std::string::npos)
            return tl::unexpected(failure{status::not_found, "Not found"});
        path += '/';
        path += *segment;
        if (end == raw.size())
            break;
        pos = end + 1;
    }
    if (!text::is_valid_utf8(path))
        return tl::unexpected(bad("Bad request: path is not valid UTF-8"));
    return path;
}

} // namespace

std::optional<std::string> canonical_host(std::string_view raw)
{
    auto decoded = text::percent_decode_strict(raw);
    if (!decoded || decoded->empty() || !text::is_valid_utf8(*decoded) || has_control(*decoded))
        return std::nullopt;
    std::string host = std::move(*decoded);
    if (host.front() == '[') {  // IPv6 literal: compared as written, lower-cased
        if (host.back() != ']')
            return std::nullopt;
        return text::ascii_lower(host);
    }
    if (host.back() == '.')
        host.pop_back();
    std::string out;
    std::size_t pos = 0;
    while (pos <= host.size()) {
        const std::size_t end = std::min(host.find('.', pos), host.size());
        std::string label{host.substr(pos, end - pos)};
        if (label.empty())
            return std::nullopt;
        label = text::ascii_lower(label);
        const bool ascii = std::all_of(label.begin(), label.end(), [](unsigned char c) { return c < 0x80; });
        if (!ascii) {
            // Only ASCII letters are case-folded here; IDNA mapping of other scripts is left to the client.
            auto encoded = punycode_encode(label);
            if (!encoded)
                return std::nullopt;
            label = "xn--" + *encoded;
        }
        const bool valid = std::all_of(label.begin(), label.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        });
        if (!valid || label.size() > 63)
            return std::nullopt;
        if (!out.empty())
            out += '.';
        out += label;
        pos = end + 1;
    }
    return out;
}

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
            unsigned port = 0;
            for (char c : digits) {
                if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535)
                    return tl::unexpected(bad("Bad request: invalid port"));
                port = port * 10 + static_cast<unsigned>(c - '0');
            }
            if (port == 0 || port > 65535)
                return tl::unexpected(bad("Bad request: invalid port"));
            req.port = port;
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
