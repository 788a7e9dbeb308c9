// SPDX-License-Identifier: ISC
#include "site/feeds.hpp"

#include <algorithm>
#include <limits>

#include "site/pages.hpp"
#include "site/paths.hpp"
#include "render/atom.hpp"

namespace smolpub::site {
using content::article;

namespace {

// Atom requires a date on every entry; an undated article is as old as it gets.
constexpr std::string_view epoch = "1970-01-01T00:00:00Z";

} // namespace

std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first)
{
    return atom_feed_for(cat, page_url, title, newest_first, feed_style{cat.gemini_origin(), nullptr, nullptr});
}

std::string atom_feed_for(const catalog& cat, std::string_view page_url, std::string_view title,
                          const std::vector<std::size_t>& newest_first, const feed_style& style)
{
    const std::string gemini = cat.gemini_origin();
    const std::string& origin = style.origin;
    const auto linked = [&style](std::string_view path) {
        return paths::encode(style.link_path ? style.link_path(path) : std::string{path});
    };
    render::atom_feed feed;
    feed.id = gemini + paths::encode(page_url);
    feed.link = origin + linked(page_url);
    feed.self = origin + paths::encode(std::string{page_url} + "atom.xml");
    feed.title = paths::one_line(title);
    feed.author = paths::one_line(cat.settings->author);
    feed.updated = std::string{epoch};

    std::int64_t latest = std::numeric_limits<std::int64_t>::min();
    const std::size_t n = std::min(cat.settings->feed_entries, newest_first.size());
    feed.entries.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        const article& a = cat.src->articles[newest_first[k]];
        render::atom_entry e;
        e.id = gemini + paths::encode(cat.article_urls[newest_first[k]]);
        e.link = origin + linked(cat.article_urls[newest_first[k]]);
        if (style.content_html)
            e.content_html = style.content_html(newest_first[k]);
        e.title = title_of(a);
        e.published = a.meta.date ? a.meta.date->rfc3339() : std::string{epoch};
        const auto& changed = a.meta.updated ? a.meta.updated : a.meta.date;
        e.updated = changed ? changed->rfc3339() : std::string{epoch};
        if (changed && paths::sort_key(*changed) > latest) {
            latest = paths::sort_key(*changed);
            feed.updated = e.updated;
        }
        e.author = paths::one_line(a.meta.author);
        e.summary = paths::one_line(a.meta.description);
        feed.entries.push_back(std::move(e));
    }
    return render::render_atom(feed);
}

} // namespace smolpub::site
