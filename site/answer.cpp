// SPDX-License-Identifier: ISC
// The site's answer to a live request: its routes, and the one page that takes a query,
// the search. Handlers pass the query along and frame what comes back; they never name
// /search themselves.
#include "site/site.hpp"

namespace smolpub::site {
namespace {

constexpr std::string_view search_path = "/search";

bool has_terms(const std::optional<std::string>& query) { return query && !query->empty(); }

route_result found(document doc, char gopher_type = 0)
{
    return {route_result::outcome::found, std::make_shared<const document>(std::move(doc)), {}, gopher_type};
}

route_result ask_for_terms() { return {route_result::outcome::input, nullptr, "Search terms"}; }

} // namespace

route_result site::answer(std::string_view path, const std::optional<std::string>& query) const
{
    if (path != search_path)
        return route(path);
    if (!has_terms(query))
        return ask_for_terms();
    return found(search_page_gemini(*query));
}

route_result site::answer_gopher(std::string_view selector, const std::optional<std::string>& query) const
{
    // Gopher clients that drop the leading slash still find it.
    if (selector != search_path && selector != search_path.substr(1))
        return route_gopher(selector);
    if (!has_terms(query))
        return ask_for_terms();
    return found(search_page_gopher(*query), '7');
}

route_result site::answer_web(std::string_view path, const std::optional<std::string>&) const
{
    route_result r = route(path);
    const bool static_file = r.what == route_result::outcome::found && r.doc && r.doc->file;
    if (static_file || r.what == route_result::outcome::redirect)
        return r;
    return {};
}

} // namespace smolpub::site
