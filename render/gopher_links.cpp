// SPDX-License-Identifier: ISC
// Link targets in Gopher: our own pages, gopher:// URLs, and everything else.
#include "render/gopher_links.hpp"

#include <algorithm>
#include <charconv>

#include "text/percent.hpp"

namespace smolpub::render::gopher_detail {
using text::path_end;
using text::percent_decode;

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
           && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':'.
bool has_scheme(std::string_view url)
{
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0 || !is_alpha(url[0]))
        return false;
    return std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
    });
}

/// An authority split into host and port text; IPv6 brackets removed.
struct authority {
    std::string_view host;
    std::string_view port;  ///< empty when absent
    bool ok = false;
};

authority split_authority(std::string_view a)
{
    if (a.find('@') != std::string_view::npos)
        return {};  // userinfo has no meaning in gemini:// or gopher://
    if (a.starts_with('[')) {
        const std::size_t close = a.find(']');
        if (close == std::string_view::npos)
            return {};
        const std::string_view after = a.substr(close + 1);
        if (!after.empty() && !after.starts_with(':'))
            return {};
        return {a.substr(1, close - 1), after.empty() ? after : after.substr(1), close > 1};
    }
    const std::size_t colon = a.rfind(':');
    if (colon == std::string_view::npos)
        return {a, {}, !a.empty()};
    return {a.substr(0, colon), a.substr(colon + 1), colon > 0};
}

std::optional<unsigned> parse_port(std::string_view s)
{
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
    if (ec != std::errc{} || end != s.data() + s.size() || port == 0 || port > 65535)
        return std::nullopt;
    return port;
}

bool keeps_unencoded(unsigned char c)
{
    return is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c))
           || std::string_view{"-._~/!$&'()*+,;=:@"}.find(static_cast<char>(c)) != std::string_view::npos;
}

std::string percent_encode(std::string_view s)
{
    std::string out;
    text::append_hex_escaped(out, s, [](unsigned char c) { return !keeps_unencoded(c); }, "%", text::upper_hex);
    return out;
}

/// Removes `?query` and `#fragment`.
std::string_view path_only(std::string_view path)
{
    return path.substr(0, path_end(path));
}

// Gopher item types are printable ASCII; '.' would read as the end of a menu
// in some clients, so it is no type we will emit.
bool is_usable_type(char type) { return type > ' ' && type < 0x7F && type != '.'; }

} // namespace

std::optional<std::string> local_path(std::string_view url,
                                      const std::vector<std::string>& own_hosts)
{
    if (url.starts_with('/') && !url.starts_with("//"))  // "//host/x" names another host
        return std::string{path_only(url)};
    constexpr std::string_view scheme = "gemini://";
    if (!istarts_with(url, scheme))
        return std::nullopt;
    const std::string_view rest = url.substr(scheme.size());
    const std::size_t path_start = rest.find_first_of("/?#");
    const authority a = split_authority(rest.substr(0, path_start));
    if (!a.ok || !std::any_of(own_hosts.begin(), own_hosts.end(),
                              [&](const std::string& h) { return iequals(h, a.host); }))
        return std::nullopt;
    const std::string_view path =
        path_start == std::string_view::npos ? std::string_view{} : path_only(rest.substr(path_start));
    return path.starts_with('/') ? std::string{path} : "/" + std::string{path};
}

std::optional<gopher_item> parse_gopher_url(std::string_view url)
{
    constexpr std::string_view scheme = "gopher://";
    if (!istarts_with(url, scheme))
        return std::nullopt;
    std::string_view rest = url.substr(scheme.size());
    rest = rest.substr(0, rest.find('#'));  // a fragment is never sent to the server
    const std::size_t slash = rest.find('/');
    const authority a = split_authority(rest.substr(0, slash));
    if (!a.ok)
        return std::nullopt;
    gopher_item item;
    item.host = std::string{a.host};
    item.port = 70;
    if (!a.port.empty()) {
        const auto port = parse_port(a.port);
        if (!port)
            return std::nullopt;
        item.port = *port;
    }
    const std::string path =
        slash == std::string_view::npos ? std::string{} : percent_decode(rest.substr(slash + 1));
    if (path.empty()) {
        item.type = '1';
        return item;
    }
    if (!is_usable_type(path[0]))
        return std::nullopt;
    item.type = path[0];
    const std::string_view selector = std::string_view{path}.substr(1);
    item.selector = std::string{selector.substr(0, selector.find('\t'))};
    return item;
}

std::string format_gopher_url(const gopher_item& item)
{
    std::string url = "gopher://";
    if (item.host.find(':') != std::string::npos)
        url += "[" + item.host + "]";
    else
        url += item.host;
    if (item.port != 70 && item.port != 0)
        url += ":" + std::to_string(item.port);
    url += '/';
    url += item.type;
    url += percent_encode(item.selector);
    return url;
}

resolved_link resolve_link(std::string_view url, const gopher_options& options)
{
    if (const auto path = local_path(url, options.own_hosts)) {
        std::optional<gopher_item> item;
        if (options.resolve_local)
            item = options.resolve_local(*path);
        if (item) {
            if (item->host.empty())
                item->host = options.host;
            if (item->port == 0)
                item->port = options.port;
            item->display.clear();
        }
        return {link_kind::local, std::move(item)};
    }
    if (istarts_with(url, "gopher://")) {
        if (auto item = parse_gopher_url(url))
            return {link_kind::gopher, std::move(item)};
    }
    if (!has_scheme(url))
        return {link_kind::relative, std::nullopt};
    // The "URL:" selector convention: a client that knows it opens the URL itself;
    // one that does not sends the selector to our host, which can answer with a page
    // that shows the URL.
    gopher_item web;
    web.type = 'h';
    web.selector = "URL:" + std::string{url};
    web.host = options.host;
    web.port = options.port;
    return {link_kind::external, std::move(web)};
}

} // namespace smolpub::render::gopher_detail
