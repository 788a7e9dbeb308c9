// SPDX-License-Identifier: ISC
#include "site/pages.hpp"

#include "site/comments.hpp"
#include "site/paths.hpp"

namespace smolpub::site {
using content::article;
using content::category;
using content::comment;
using content::comment_policy;
using content::tree;

namespace {

using paths::link_line;

std::string crumb_links(const std::vector<std::pair<std::string, std::string>>& crumbs)
{
    std::string out;
    for (const auto& [url, title] : crumbs)
        out += link_line(url, title);
    return out;
}

std::string crumb_trail(const std::vector<std::pair<std::string, std::string>>& crumbs)
{
    std::string out;
    for (const auto& [url, title] : crumbs) {
        if (!out.empty())
            out += " > ";
        out += paths::one_line(title);
    }
    return out + '\n';
}

std::size_t category_of(const catalog& cat, const article& a)
{
    return a.category < cat.src->categories.size() ? a.category : 0;
}

/// Home, each category down to the article's own.
std::vector<std::pair<std::string, std::string>> crumbs_to(const catalog& cat, const article& a)
{
    const std::size_t c = category_of(cat, a);
    auto crumbs = cat.crumbs_above(c);
    if (c != 0)
        crumbs.emplace_back(cat.category_urls[c], cat.src->categories[c].title);
    return crumbs;
}

std::string heading(std::string_view level, std::string_view text)
{
    std::string line{level};
    line += ' ';
    line += paths::one_line(text);
    line += '\n';
    return line;
}

/// A page's top: its `links` (Home first), then its `# title` between blank lines.
std::string page_top(std::string links, std::string_view title)
{
    links += '\n';
    links += heading("#", title);
    links += '\n';
    return links;
}

} // namespace

std::string title_of(const article& a)
{
    const std::string t = paths::one_line(a.meta.title);
    return t.empty() ? paths::one_line(a.slug) : t;
}

bool shows_comments(const article& a)
{
    return a.comment_count != 0 && a.meta.comments != comment_policy::off;
}

bool says_comments_closed(const catalog& cat, const article& a)
{
    const comment_policy policy = a.meta.comments == comment_policy::as_site ? cat.settings->comments : a.meta.comments;
    return policy == comment_policy::closed;
}

std::string byline(const catalog& cat, const article& a,
                   const std::function<std::string(const content::timestamp&)>& date,
                   const std::function<std::string(const std::string&)>& author, const std::string& extra)
{
    std::string meta;
    const auto add = [&meta](const std::string& part) {
        if (part.empty())
            return;
        if (!meta.empty())
            meta += " · ";
        meta += part;
    };
    if (a.meta.date)
        add(date(*a.meta.date));
    if (a.meta.updated && a.meta.updated != a.meta.date)
        add("updated " + date(*a.meta.updated));
    if (const std::string name = paths::one_line(cat.author_of(a)); !name.empty())
        add("by " + author(name));
    add(extra);
    return meta;
}

std::string gemsub_line(const catalog& cat, std::size_t i)
{
    const article& a = cat.src->articles[i];
    std::string label = a.meta.date ? a.meta.date->ymd() + " - " : std::string{};
    label += title_of(a);
    return link_line(cat.article_urls[i], label);
}

std::string home_page(const catalog& cat, const std::string& intro)
{
    const tree& src = *cat.src;
    std::string out = heading("#", cat.settings->title);
    if (!intro.empty())
        out += '\n' + intro;

    if (!cat.newest_first.empty()) {
        out += "\n## Recent articles\n\n";
        const std::size_t n = std::min(cat.settings->recent, cat.newest_first.size());
        for (std::size_t k = 0; k < n; ++k)
            out += gemsub_line(cat, cat.newest_first[k]);
    }
    if (!src.categories.empty() && !cat.children[0].empty()) {
        out += "\n## Categories\n\n";
        for (std::size_t c : cat.children[0])
            out += link_line(cat.category_urls[c], src.categories[c].title);
    }
    bool pages_heading = false;
    for (std::size_t p = 0; p < src.pages.size(); ++p) {
        if (cat.page_urls[p].empty())
            continue;
        if (!pages_heading)
            out += "\n## Pages\n\n";
        pages_heading = true;
        out += link_line(cat.page_urls[p], title_of(src.pages[p]));
    }
    out += "\n## Elsewhere on this capsule\n\n";
    out += link_line("/archive/", "Archive");
    out += link_line("/tags/", "Tags");
    out += link_line("/atom.xml", "Atom feed");
    out += link_line("/search", "Search");
    return out;
}

article_page make_category_page(const catalog& cat, std::size_t c)
{
    const category& here = cat.src->categories[c];
    article_page page;
    const auto crumbs = cat.crumbs_above(c);
    page.crumbs = crumb_links(crumbs);
    page.trail = crumb_trail(crumbs);
    page.head = '\n' + heading("#", here.title);
    if (const std::string d = paths::one_line(here.description); !d.empty())
        page.head += '\n' + d + '\n';
    if (!cat.children[c].empty()) {
        page.body += "\n## Sections\n\n";
        for (std::size_t sub : cat.children[c])
            page.body += link_line(cat.category_urls[sub], cat.src->categories[sub].title);
    }
    page.body += "\n## Articles\n\n";
    if (cat.articles_in[c].empty())
        page.body += "Nothing here yet.\n";
    for (std::size_t i : cat.articles_in[c])
        page.body += gemsub_line(cat, i);
    page.footer = '\n' + link_line(cat.category_urls[c] + "atom.xml", "Atom feed of " + here.title);
    return page;
}

article_page make_article_page(const catalog& cat, std::size_t i, std::string body)
{
    const article& a = cat.src->articles[i];
    const auto crumbs = crumbs_to(cat, a);
    article_page page;
    page.crumbs = crumb_links(crumbs);
    page.trail = crumb_trail(crumbs);

    page.head = '\n' + heading("#", title_of(a));
    std::string tags;
    for (const auto& t : a.meta.tags)
        if (const std::string name = paths::one_line(t); !name.empty())
            tags += (tags.empty() ? "" : ", ") + name;
    const std::string meta = byline(
        cat, a, [](const content::timestamp& t) { return t.ymd(); }, [](const std::string& name) { return name; },
        tags.empty() ? std::string{} : "tags: " + tags);
    if (!meta.empty())
        page.head += meta + '\n';
    page.head += '\n';
    page.body = std::move(body);

    page.footer = "\n";
    const std::string& url = cat.article_urls[i];
    if (shows_comments(a))
        page.footer += link_line(paths::comments_url(url), "Comments (" + std::to_string(a.comment_count) + ")");
    if (says_comments_closed(cat, a))
        page.footer += "Comments are closed.\n";
    // Within the category, newest first: the older neighbour is "previous".
    const std::size_t c = category_of(cat, a);
    const auto& siblings = cat.articles_in[c];
    const std::size_t pos = cat.position[i];
    if (pos + 1 < siblings.size())
        page.footer += link_line(cat.article_urls[siblings[pos + 1]], "Previous: " + title_of(cat.src->articles[siblings[pos + 1]]));
    if (pos > 0)
        page.footer += link_line(cat.article_urls[siblings[pos - 1]], "Next: " + title_of(cat.src->articles[siblings[pos - 1]]));
    for (const auto& t : a.meta.tags) {
        const std::string name = paths::one_line(t);
        std::string key = name;
        for (char& ch : key)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        if (const auto it = cat.tags.find(key); it != cat.tags.end())
            page.footer += link_line(it->second.url, "More tagged " + it->second.name);
    }
    page.up = article_up_links(cat, i);
    return page;
}

std::string article_up_links(const catalog& cat, std::size_t i)
{
    const std::size_t c = category_of(cat, cat.src->articles[i]);
    std::string up;
    if (c != 0)
        up += link_line(cat.category_urls[c], "Up: " + cat.src->categories[c].title);
    up += link_line("/", "Home");
    return up;
}

namespace {

/// The thread of `a`, whose page is at `url` under `crumbs`.
article_page thread_page(const catalog& cat, const article& a, std::vector<std::pair<std::string, std::string>> crumbs,
                         const std::string& url, const std::vector<comment>& comments,
                         const std::vector<std::string>& bodies)
{
    crumbs.emplace_back(url, title_of(a));
    article_page page;
    page.crumbs = crumb_links(crumbs);
    page.trail = crumb_trail(crumbs);
    page.head = '\n' + heading("#", "Comments on " + title_of(a));

    for (const thread_entry& e : thread_order(comments)) {
        if (!comments[e.index].mention.empty())
            continue;
        page.body += '\n';
        page.body += comment_heading(comments[e.index], e.depth);
        page.body += '\n';
        page.body += flatten_headings(bodies[e.index]);
    }
    page.body += mentions_list(comments);
    page.footer = "\n";
    if (says_comments_closed(cat, a))
        page.footer += "Comments are closed.\n";
    page.up = link_line(url, "Back to " + title_of(a));
    return page;
}

} // namespace

article_page make_comments_page(const catalog& cat, std::size_t i, const std::vector<comment>& comments,
                                const std::vector<std::string>& bodies)
{
    const article& a = cat.src->articles[i];
    return thread_page(cat, a, crumbs_to(cat, a), cat.article_urls[i], comments, bodies);
}

article_page make_page_comments_page(const catalog& cat, std::size_t p, const std::vector<comment>& comments,
                                     const std::vector<std::string>& bodies)
{
    return thread_page(cat, cat.src->pages[p], cat.crumbs_above(0), cat.page_urls[p], comments, bodies);
}

std::string plain_page(const catalog& cat, std::size_t p, const std::string& body)
{
    const article& a = cat.src->pages[p];
    std::string out = page_top(link_line("/", "Home"), title_of(a));
    out += body;
    out += '\n';
    if (shows_comments(a))
        out += link_line(paths::comments_url(cat.page_urls[p]), "Comments (" + std::to_string(a.comment_count) + ")");
    out += link_line("/", "Home");
    return out;
}

std::string tags_page(const catalog& cat)
{
    std::string out = page_top(link_line("/", "Home"), "Tags");
    if (cat.tags.empty())
        out += "No tags yet.\n";
    for (const auto& [key, tag] : cat.tags)
        out += link_line(tag.url, tag.name + " (" + std::to_string(tag.articles.size()) + ")");
    return out;
}

std::string tag_page(const catalog& cat, const tag_entry& tag)
{
    std::string out = page_top(link_line("/", "Home") + link_line("/tags/", "Tags"), "Tagged " + tag.name);
    for (std::size_t i : tag.articles)
        out += gemsub_line(cat, i);
    return out;
}

std::string archive_page(const catalog& cat)
{
    std::string out = link_line("/", "Home");
    out += "\n# Archive\n";
    if (cat.newest_first.empty())
        out += "\nNothing published yet.\n";
    std::optional<int> year;
    bool undated = false;
    for (std::size_t i : cat.newest_first) {
        const auto& date = cat.src->articles[i].meta.date;
        if (date && (!year || *year != date->year)) {
            year = date->year;
            out += "\n## " + std::to_string(date->year) + "\n\n";
        } else if (!date && !undated) {
            undated = true;
            out += "\n## Undated\n\n";
        }
        out += gemsub_line(cat, i);
    }
    return out;
}

} // namespace smolpub::site
