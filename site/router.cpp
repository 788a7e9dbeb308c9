// SPDX-License-Identifier: ISC
// The router of a built site: which page, redirect or miss a Gemini path, a Gopher
// selector or a web path names (the URL layout is in site/built_site.hpp). What a page
// holds is made in site/on_demand.cpp; the tables looked up here are filled once, by
// site/builder.cpp.
#include "site/built_site.hpp"

#include <algorithm>

#include "site/conventions.hpp"
#include "site/paths.hpp"

namespace smolpub::site {
namespace {

template <class Table>
std::vector<std::string> sorted_keys(const Table& table)
{
    std::vector<std::string> keys;
    keys.reserve(table.size());
    for (const auto& [key, value] : table)
        keys.emplace_back(key);
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

route_result built_site::route(std::string_view path) const
{
    const std::string_view key = path.empty() ? std::string_view{"/"} : path;
    if (const page_ref* ref = gemini_.find(key))
        return {route_result::outcome::found, render_gemini(key, *ref), {}};
    if (const kept_text* target = redirects_.find(key))
        return {route_result::outcome::redirect, nullptr, std::string{redirects_.text(*target)}};
    // A folder asked for without its slash: send the client to the folder, so that
    // relative links on that page resolve against the right base.
    if (!key.ends_with("/")) {
        const std::string folder = std::string{key} + '/';
        if (taken(folder))
            return {route_result::outcome::redirect, nullptr, paths::encode(folder)};
    }
    return {};
}

route_result built_site::route_gopher(std::string_view selector, disk_reads reads) const
{
    const std::string_view key = selector.empty() ? std::string_view{"/"} : selector;
    if (auto found = find_gopher(key, reads); found.what == route_result::outcome::found)
        return found;
    // Gopher has no redirects: a selector we would redirect on Gemini (an alias, a
    // folder without its slash, a percent-encoded path) is answered with its target.
    if (const auto item = directory_.resolve(paths::encode(key))) {
        if (auto found = find_gopher(item->selector, reads); found.what == route_result::outcome::found)
            return found;
    }
    if (const auto item = directory_.resolve(key)) {
        if (auto found = find_gopher(item->selector, reads); found.what == route_result::outcome::found)
            return found;
    }
    return {};
}

route_result built_site::find_gopher(std::string_view selector, disk_reads reads) const
{
    const page_ref* ref = gopher_.find(selector);
    if (!ref)
        return {};
    route_result found{route_result::outcome::found, nullptr, {}};
    if (reads == disk_reads::deferred && ref->kind == page_kind::gemtext_file) {
        // The menu is made from the file as it is now: only what the cache holds is at hand.
        found.doc = cache_->find(page_cache::key(gopher_view, print_of(*ref), selector));
        found.needs_disk = !found.doc;
        return found;
    }
    found.doc = render_gopher(selector, *ref);
    if (!found.doc)
        found.what = route_result::outcome::not_found;
    return found;
}

std::vector<std::string> built_site::gemini_paths() const { return sorted_keys(gemini_); }

std::vector<std::string> built_site::gopher_selectors() const { return sorted_keys(gopher_); }

std::optional<std::string> built_site::wordpress_target(std::uint64_t id) const
{
    const auto it = wordpress_.find(id);
    if (it == wordpress_.end())
        return std::nullopt;
    return paths::encode(paths::web_url(it->second.first ? cat_.article_urls[it->second.second]
                                                         : cat_.page_urls[it->second.second]));
}

std::optional<std::pair<std::string, page_ref>> built_site::web_page_at(std::string_view key) const
{
    if (const page_ref* ref = gemini_.find(key)) {
        switch (ref->kind) {
        case page_kind::home:
        case page_kind::category:
        case page_kind::tags:
        case page_kind::tag:
        case page_kind::archive:
            return std::pair{std::string{key}, *ref};
        default:
            break;
        }
    }
    if (key.size() > 1 && key.ends_with('/')) {
        std::string gemini{key.substr(0, key.size() - 1)};
        gemini += ".gmi";
        if (const page_ref* ref = gemini_.find(gemini); ref && (ref->kind == page_kind::article || ref->kind == page_kind::page))
            return std::pair{std::move(gemini), *ref};
    }
    return std::nullopt;
}

route_result built_site::route_web(std::string_view path) const
{
    const std::string_view key = path.empty() ? std::string_view{"/"} : path;
    const auto found = [](std::shared_ptr<const document> doc) {
        return route_result{route_result::outcome::found, std::move(doc), {}};
    };
    const auto redirect = [](std::string target) {
        return route_result{route_result::outcome::redirect, nullptr, std::move(target)};
    };
    if (auto page = web_page_at(key))
        return found(render_web(page->first, page->second));
    // "/notes/a/comments/", the comments page's would-be web path: the thread is on the article.
    if (key.size() > 1 && key.ends_with('/')) {
        const std::string gemini = std::string{key.substr(0, key.size() - 1)} + ".gmi";
        if (const page_ref* ref = gemini_.find(gemini); ref && (ref->kind == page_kind::comments || ref->kind == page_kind::page_comments))
            return redirect(paths::web_url(paths::encode(gemini)));
    }
    if (const page_ref* ref = gemini_.find(key)) {
        switch (ref->kind) {
        case page_kind::file:
        case page_kind::gemtext_file:
            return found(std::make_shared<const document>(files_[ref->index]));
        case page_kind::feed:
            return found(render_web(key, *ref));
        case page_kind::search:
            return found(std::make_shared<const document>(search_page_web({})));
        default:  // a page asked for by its Gemini path
            return redirect(paths::web_url(paths::encode(key)));
        }
    }
    // The web's own files, when the capsule has none of its own.
    if (key == "/style.css")
        return found(std::make_shared<const document>(document{"text/css; charset=utf-8", std::string{web_stylesheet()}}));
    if (key == "/sitemap.xml")
        return found(std::make_shared<const document>(document{"application/xml", web_sitemap(web_)}));
    if (key == "/robots.txt")
        return found(std::make_shared<const document>(document{"text/plain; charset=utf-8", web_robots_txt(settings_, web_.origin())}));
    if (key == "/feed/" || key == "/feed")  // WordPress's feed address
        return redirect("/atom.xml");
    if (const kept_text* target = redirects_.find(key))
        return redirect(paths::web_url(redirects_.text(*target)));
    if (!key.ends_with("/")) {
        const std::string folder = std::string{key} + '/';
        if (taken(folder) || web_page_at(folder))
            return redirect(paths::encode(folder));
    }
    return {};
}

std::vector<std::string> built_site::web_paths() const
{
    std::vector<std::string> out;
    for (const auto& [key, ref] : gemini_) {
        switch (ref.kind) {
        case page_kind::article:
        case page_kind::page:
            out.push_back(paths::web_url(key));
            break;
        case page_kind::comments:
        case page_kind::search:
        case page_kind::article_text:
        case page_kind::comments_text:
            break;
        default:
            out.emplace_back(key);
        }
    }
    for (std::string_view own : {"/style.css", "/sitemap.xml", "/robots.txt"})
        if (!gemini_.contains(own))
            out.emplace_back(own);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> built_site::web_redirect_paths() const
{
    std::vector<std::string> out;
    for (const auto& [key, target] : redirects_)
        if (!web_page_at(key))
            out.emplace_back(key);
    if (!gemini_.contains("/feed/") && !redirects_.contains("/feed/"))
        out.emplace_back("/feed/");
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace smolpub::site
