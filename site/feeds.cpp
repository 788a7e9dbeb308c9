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

/// Calls `line` for each line of `gemtext` with whether it is inside a ``` block.
template <class F> void for_each_line(std::string_view gemtext, F line)
{
    bool preformatted = false;
    while (!gemtext.empty()) {
        const auto end = gemtext.find('\n');
        const std::string_view one = gemtext.substr(0, end);
        gemtext = end == std::string_view::npos ? std::string_view{} : gemtext.substr(end + 1);
        const bool fence = one.starts_with("```");
        if (!line(one, preformatted || fence, end != std::string_view::npos))
            return;
        if (fence)
            preformatted = !preformatted;
    }
}

} // namespace

std::string first_paragraph(std::string_view gemtext)
{
    std::string found;
    for_each_line(gemtext, [&](std::string_view line, bool preformatted, bool) {
        const bool text = !preformatted && !line.empty() && !line.starts_with('#') && !line.starts_with("=>")
                          && !line.starts_with("* ") && !line.starts_with('>');
        if (text)
            found = paths::one_line(line);
        return !text;
    });
    return found;
}

std::string with_origin(std::string_view gemtext, std::string_view origin)
{
    std::string out;
    out.reserve(gemtext.size() + 256);
    for_each_line(gemtext, [&](std::string_view line, bool preformatted, bool had_newline) {
        if (!preformatted && line.starts_with("=>")) {
            const auto target = line.find_first_not_of(" \t", 2);
            if (target != std::string_view::npos && line.substr(target).starts_with('/')
                && !line.substr(target).starts_with("//")) {
                out.append(line.substr(0, target)).append(origin).append(line.substr(target));
                line = {};
            }
        }
        out.append(line);
        if (had_newline)
            out.push_back('\n');
        return true;
    });
    return out;
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
        e.title = title_of(a);
        e.published = a.meta.date ? a.meta.date->rfc3339() : std::string{epoch};
        const auto& changed = a.meta.updated ? a.meta.updated : a.meta.date;
        e.updated = changed ? changed->rfc3339() : std::string{epoch};
        if (changed && paths::sort_key(*changed) > latest) {
            latest = paths::sort_key(*changed);
            feed.updated = e.updated;
        }
        e.author = paths::one_line(a.meta.author);
        const std::string body = style.gemtext ? style.gemtext(newest_first[k]) : std::string{};
        e.summary = a.meta.description.empty() ? first_paragraph(body) : paths::one_line(a.meta.description);
        if (style.content_html) {
            e.content = style.content_html(newest_first[k]);
            e.content_type = "html";
        } else {
            e.content = with_origin(body, origin);
        }
        feed.entries.push_back(std::move(e));
    }
    return render::render_atom(feed);
}

} // namespace smolpub::site
