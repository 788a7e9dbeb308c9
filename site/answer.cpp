// SPDX-License-Identifier: ISC
// The site's answer to a live request: its routes, and the one page that takes a query,
// the search. Handlers pass the query along and frame what comes back; they never name
// /search themselves.
#include "site/site.hpp"

#include <algorithm>

#include "site/conventions.hpp"
#include "site/paths.hpp"

namespace smolpub::site {
namespace {

constexpr std::string_view search_path = "/search";

bool has_terms(const std::optional<std::string>& query) { return query && !query->empty(); }

route_result found(document doc, char gopher_type = 0)
{
    return {route_result::outcome::found, std::make_shared<const document>(std::move(doc)), {}, gopher_type};
}

route_result ask_for_terms() { return {route_result::outcome::input, nullptr, "Search terms"}; }

/// robots.txt and favicon.txt, made from the settings when the capsule has no such file
/// (a capsule's file is routed first, so it wins).
route_result or_conventional(route_result routed, const site& s, std::string_view path, bool gopher)
{
    if (routed.what != route_result::outcome::not_found || !s.settings())
        return routed;
    auto body = conventional_file(*s.settings(), path);
    if (!body)
        return routed;
    if (gopher && !path.starts_with('/')) {  // "robots.txt" names the capsule's /robots.txt too
        if (route_result own = s.route_gopher("/" + std::string{path}); own.what != route_result::outcome::not_found)
            return own;
    }
    if (gopher && s.settings()->strict_rfc1436) {  // CRLF lines; the final "." is gopher/response's
        std::string text;
        for (char c : *body)
            text += c == '\n' ? std::string{"\r\n"} : std::string(1, c);
        *body = std::move(text);
    }
    return found({"text/plain; charset=utf-8", std::move(*body)}, '0');
}

} // namespace

route_result site::answer(std::string_view path, const std::optional<std::string>& query) const
{
    if (path != search_path)
        return or_conventional(route(path), *this, path, false);
    if (!has_terms(query))
        return ask_for_terms();
    return found(search_page_gemini(*query));
}

route_result site::answer_gopher(std::string_view selector, const std::optional<std::string>& query,
                                 disk_reads reads) const
{
    // Gopher clients that drop the leading slash still find it.
    if (selector != search_path && selector != search_path.substr(1))
        return or_conventional(route_gopher(selector, reads), *this, selector, true);
    if (!has_terms(query))
        return ask_for_terms();
    return found(search_page_gopher(*query), '7');
}

route_result site::route_web(std::string_view path) const
{
    route_result r = route(path);
    const bool static_file = r.what == route_result::outcome::found && r.doc && r.doc->file;
    if (static_file || r.what == route_result::outcome::redirect)
        return r;
    return {};
}

namespace {

/// The value of `name` in a query "a=1&b=2", nullopt when absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view name)
{
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
            return pair.substr(name.size() + 1);
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::optional<std::uint64_t> number(std::string_view digits)
{
    if (digits.empty() || digits.size() > 15)
        return std::nullopt;
    std::uint64_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

/// The search terms of a web query, which arrives raw (as the request wrote it): a
/// form's `q=` ('+' is a space, then %XX decoded), else the whole query, decoded.
std::string web_terms(std::string_view query)
{
    const auto q = query_value(query, "q");
    std::string terms{q ? *q : query};
    if (q)
        std::replace(terms.begin(), terms.end(), '+', ' ');
    return paths::decode(terms);
}

} // namespace

route_result site::answer_web(std::string_view path, const std::optional<std::string>& query) const
{
    if (path == search_path)
        return found(search_page_web(query ? web_terms(*query) : std::string{}));
    if ((path.empty() || path == "/") && has_terms(query)) {
        for (std::string_view name : {"p", "page_id"}) {
            const auto value = query_value(*query, name);
            const auto id = value ? number(*value) : std::nullopt;
            if (id && *id != 0) {
                if (auto target = wordpress_target(*id))
                    return {route_result::outcome::redirect, nullptr, std::move(*target)};
            }
        }
    }
    return route_web(path);
}

} // namespace smolpub::site
