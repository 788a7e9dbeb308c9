// SPDX-License-Identifier: ISC
#include "site/catalog.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "site/paths.hpp"
#include "text/ascii.hpp"

namespace smolpub::site {
using content::article;
using content::tree;
using content::diagnostic;
using content::site_settings;

namespace {

std::string relative_source(const tree& loaded, const article& a)
{
    const std::filesystem::path source{a.source};
    auto rel = source.lexically_relative(loaded.root);
    if (rel.empty() || source.is_relative())
        rel = source;
    return rel.generic_string();
}

} // namespace

std::vector<std::pair<std::string, std::string>> catalog::crumbs_above(std::size_t c) const
{
    std::vector<std::pair<std::string, std::string>> chain;
    for (auto p = parent[c]; p && *p != 0; p = parent[*p])
        chain.emplace_back(category_urls[*p], src->categories[*p].title);
    chain.emplace_back("/", "Home");
    std::reverse(chain.begin(), chain.end());
    return chain;
}

std::string catalog::author_of(const article& a) const
{
    return a.meta.author.empty() ? settings->author : a.meta.author;
}

std::string catalog::lang_of(const article& a) const
{
    return a.meta.lang.empty() ? settings->lang : a.meta.lang;
}

std::string catalog::gemini_mime(std::string_view lang) const
{
    std::string mime = "text/gemini; charset=utf-8";
    if (!lang.empty()) {
        mime += "; lang=";
        mime += lang;
    }
    return mime;
}

std::string catalog::gemini_origin() const
{
    std::string origin = "gemini://";
    origin += settings->hostnames.empty() ? std::string{"localhost"} : settings->hostnames.front();
    if (settings->gemini_port != 1965)
        origin += ':' + std::to_string(settings->gemini_port);
    return origin;
}

namespace {

/// Parents come from the folder tree the loader built; a category nobody lists is
/// attached to its nearest ancestor folder by path, so every breadcrumb ends at Home.
void link_categories(catalog& cat, const tree& loaded)
{
    const std::size_t ncat = loaded.categories.size();
    cat.category_urls.reserve(ncat);
    for (const auto& c : loaded.categories)
        cat.category_urls.push_back(paths::category_url(c.path));

    cat.parent.assign(ncat, std::nullopt);
    for (std::size_t c = 0; c < ncat; ++c)
        for (std::size_t child : loaded.categories[c].subcategories)
            if (child < ncat && child != c && !cat.parent[child])
                cat.parent[child] = c;
    std::unordered_map<std::string, std::size_t> by_path;
    for (std::size_t c = 0; c < ncat; ++c)
        by_path.emplace(loaded.categories[c].path, c);
    for (std::size_t c = 1; c < ncat; ++c) {
        if (cat.parent[c])
            continue;
        std::string_view p = loaded.categories[c].path;
        std::size_t found = 0;
        while (!p.empty()) {
            const auto slash = p.rfind('/');
            p = slash == std::string_view::npos ? std::string_view{} : p.substr(0, slash);
            if (auto it = by_path.find(std::string{p}); it != by_path.end() && it->second != c) {
                found = it->second;
                break;
            }
        }
        cat.parent[c] = found;
    }
    cat.children.assign(ncat, {});
    for (std::size_t c = 1; c < ncat; ++c)
        cat.children[*cat.parent[c]].push_back(c);
    for (auto& kids : cat.children)
        std::stable_sort(kids.begin(), kids.end(), [&](std::size_t a, std::size_t b) {
            const auto& ca = loaded.categories[a];
            const auto& cb = loaded.categories[b];
            if (ca.order != cb.order)
                return ca.order < cb.order;
            return ca.title < cb.title;
        });
}

/// Gives every article its URL, skips drafts and taken URLs, and orders the published ones
/// newest first, globally and per category. Equal dates fall back to the title, then the
/// URL, so that the order (and so every page) is the same on every load.
void order_articles(catalog& cat, const tree& loaded, std::unordered_set<std::string>& taken,
                    std::vector<diagnostic>& problems)
{
    const std::size_t ncat = loaded.categories.size();
    const std::size_t nart = loaded.articles.size();
    cat.published.assign(nart, false);
    cat.article_urls.resize(nart);
    cat.position.assign(nart, 0);
    for (std::size_t i = 0; i < nart; ++i) {
        const article& a = loaded.articles[i];
        const std::size_t c = a.category < ncat ? a.category : 0;
        cat.article_urls[i] = paths::article_url(ncat ? loaded.categories[c].path : "", a.slug);
        if (a.meta.draft || a.slug.empty())
            continue;
        if (!taken.insert(cat.article_urls[i]).second) {
            problems.push_back({a.source, 0, 0, "skipped: " + cat.article_urls[i] + " is already taken"});
            continue;
        }
        cat.published[i] = true;
        cat.newest_first.push_back(i);
    }
    std::vector<std::int64_t> key(nart);
    for (std::size_t i = 0; i < nart; ++i)
        key[i] = paths::sort_key(loaded.articles[i].meta.date);
    const auto newer = [&](std::size_t a, std::size_t b) {
        if (key[a] != key[b])
            return key[a] > key[b];
        const auto& ta = loaded.articles[a].meta.title;
        const auto& tb = loaded.articles[b].meta.title;
        if (ta != tb)
            return ta < tb;
        return cat.article_urls[a] < cat.article_urls[b];
    };
    std::sort(cat.newest_first.begin(), cat.newest_first.end(), newer);

    // Walking the global order once fills every category in order: no per-category sort.
    cat.articles_in.assign(ncat, {});
    for (std::size_t i : cat.newest_first) {
        const std::size_t c = loaded.articles[i].category < ncat ? loaded.articles[i].category : 0;
        if (ncat == 0)
            break;
        cat.position[i] = cat.articles_in[c].size();
        cat.articles_in[c].push_back(i);
    }
}

/// Tags of the published articles (first spelling wins, newest first), and the source file
/// of each published article for Markdown links between files.
void index_tags(catalog& cat, const tree& loaded)
{
    for (std::size_t i : cat.newest_first) {
        for (const auto& t : loaded.articles[i].meta.tags) {
            const std::string name = paths::one_line(t);
            if (name.empty())
                continue;
            auto [it, fresh] = cat.tags.try_emplace(text::ascii_lower(name));
            if (fresh) {
                it->second.name = name;
                it->second.url = paths::tag_url(it->first);
            }
            if (it->second.articles.empty() || it->second.articles.back() != i)
                it->second.articles.push_back(i);
        }
        cat.served_by_source.emplace(std::string_view{relative_source(loaded, loaded.articles[i])},
                                     cat.served_by_source.keep(cat.article_urls[i]));
    }
}

/// Top-level pages, after the articles: a page whose URL an article took is skipped.
void place_pages(catalog& cat, const tree& loaded, std::unordered_set<std::string>& taken,
                 std::vector<diagnostic>& problems)
{
    cat.page_urls.reserve(loaded.pages.size());
    for (const auto& p : loaded.pages) {
        cat.page_urls.push_back(paths::article_url("", p.slug));
        if (p.meta.draft || p.slug.empty() || !taken.insert(cat.page_urls.back()).second) {
            if (!p.meta.draft)
                problems.push_back({p.source, 0, 0, "skipped: " + cat.page_urls.back() + " is already taken"});
            cat.page_urls.back().clear();
            continue;
        }
        cat.served_by_source.emplace(std::string_view{relative_source(loaded, p)},
                                     cat.served_by_source.keep(cat.page_urls.back()));
    }
    if (loaded.index)
        cat.served_by_source.emplace(std::string_view{relative_source(loaded, *loaded.index)},
                                     cat.served_by_source.keep("/"));
}

} // namespace

catalog make_catalog(const site_settings& settings, const tree& loaded,
                     std::vector<diagnostic>& problems)
{
    catalog cat;
    cat.src = &loaded;
    cat.settings = &settings;
    link_categories(cat, loaded);
    cat.served_by_source.reserve(loaded.articles.size() + loaded.pages.size() + 1);
    std::unordered_set<std::string> taken{cat.category_urls.begin(), cat.category_urls.end()};
    order_articles(cat, loaded, taken, problems);
    index_tags(cat, loaded);
    place_pages(cat, loaded, taken, problems);
    return cat;
}

} // namespace smolpub::site
