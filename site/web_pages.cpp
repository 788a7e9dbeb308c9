// SPDX-License-Identifier: ISC
#include "site/web_pages.hpp"

#include <algorithm>
#include <optional>

#include "render/html.hpp"
#include "site/comments.hpp"
#include "site/links.hpp"
#include "site/pages.hpp"
#include "site/paths.hpp"

namespace smolpub::site {
using content::article;
using content::category;
using content::comment_policy;

namespace paths {

std::string web_url(std::string_view gemini_path)
{
    constexpr std::string_view comments = "/comments.gmi";
    if (gemini_path.size() > comments.size() && gemini_path.ends_with(comments))
        return std::string{gemini_path.substr(0, gemini_path.size() - comments.size())} + "/#comments";
    if (gemini_path.size() > 5 && gemini_path.ends_with(".gmi"))
        return std::string{gemini_path.substr(0, gemini_path.size() - 4)} + "/";
    return std::string{gemini_path};
}

} // namespace paths

std::string web_context::origin() const
{
    if (!base.empty())
        return base;
    const auto& names = cat->settings->hostnames;
    return "http://" + (names.empty() ? std::string{"localhost"} : names.front());
}

web_context make_web_context(const catalog& cat)
{
    web_context web;
    web.cat = &cat;
    web.base = cat.settings->web_base_url;
    while (web.base.ends_with('/'))
        web.base.pop_back();
    web.gemini_origin = cat.gemini_origin();
    return web;
}

std::string comment_anchor(std::string_view id)
{
    std::string out = "comment-";
    for (char c : id) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_';
        out += plain ? c : '-';
    }
    return out;
}

render::html_options web_html_options(const catalog& cat, std::string folder_url, std::string origin, bool gemini,
                                      int top_heading)
{
    render::html_options options;
    options.top_heading = top_heading;
    options.local_images_only = true;
    options.rewrite_link = [&cat, folder = std::move(folder_url), origin = std::move(origin),
                            gemini](std::string_view url) -> std::optional<std::string> {
        if (url.empty() || paths::has_scheme(url) || url.starts_with("//") || url[0] == '#' || url[0] == '?')
            return std::nullopt;
        if (auto page = rewrite_link(cat, folder, url))
            return origin + (gemini ? *page : paths::web_url(*page));
        const auto cut = url.find_first_of("?#");
        const std::string_view suffix = cut == std::string_view::npos ? std::string_view{} : url.substr(cut);
        if (url[0] == '/')
            return origin.empty() ? std::nullopt : std::optional<std::string>{origin + std::string{url}};
        // Relative to the source's folder; the web page itself sits one level deeper.
        return origin + paths::encode(paths::normalize(folder + paths::decode(url.substr(0, cut)))) +
               std::string{suffix};
    };
    return options;
}

namespace {

using crumb_list = std::vector<std::pair<std::string, std::string>>;  // (web URL, title)

std::string esc(std::string_view text)
{
    std::string out;
    render::append_html_escaped(out, text);
    return out;
}

/// An href for a decoded web path.
std::string href(std::string_view web_path) { return esc(paths::encode(web_path)); }

std::string link(std::string_view web_path, std::string_view text, std::string_view attributes = {})
{
    std::string out = "<a href=\"" + href(web_path) + "\"";
    out += attributes;
    out += '>';
    out += esc(paths::one_line(text));
    out += "</a>";
    return out;
}

std::string time_element(const content::timestamp& t)
{
    return "<time datetime=\"" + (t.has_time ? t.rfc3339() : t.ymd()) + "\">" + t.ymd() + "</time>";
}

/// What the frame around a page's <main> needs.
struct frame {
    std::string lang;
    std::string title;        ///< the page's own title (the site's is added)
    std::string description;
    std::string web_path;     ///< decoded, of this page
    std::string gemini_path;  ///< decoded, of its Gemini twin; empty: none
    std::string feed_path = "/atom.xml";
    std::string feed_title;
    crumb_list crumbs;        ///< Home .. this page (the last is the current one)
    std::string head_links;   ///< rel=prev/next
};

std::string page(const web_context& web, const frame& f, const std::string& main)
{
    const auto& settings = *web.cat->settings;
    std::string out;
    out.reserve(main.size() + 2048);
    out += "<!DOCTYPE html>\n<html lang=\"";
    out += esc(f.lang.empty() ? std::string{"en"} : f.lang);
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    const std::string site_title = paths::one_line(settings.title);
    const std::string title = paths::one_line(f.title);
    out += esc(title.empty() || title == site_title ? site_title : title + " – " + site_title);
    out += "</title>\n";
    if (const std::string d = paths::one_line(f.description); !d.empty())
        out += "<meta name=\"description\" content=\"" + esc(d) + "\">\n";
    out += "<link rel=\"stylesheet\" href=\"/style.css\">\n";
    if (!web.base.empty())
        out += "<link rel=\"canonical\" href=\"" + esc(web.base) + href(f.web_path) + "\">\n";
    if (!f.gemini_path.empty())
        out += "<link rel=\"alternate\" type=\"text/gemini\" href=\"" + esc(web.gemini_origin) + href(f.gemini_path) +
               "\">\n";
    out += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" +
           esc(f.feed_title.empty() ? site_title : paths::one_line(f.feed_title)) + "\" href=\"" + href(f.feed_path) +
           "\">\n";
    out += f.head_links;
    out += "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header>\n<p class=\"site\">";
    out += link("/", site_title);
    out += "</p>\n<nav aria-label=\"Site\"><ul><li>" + link("/archive/", "Archive") + "</li><li>" +
           link("/tags/", "Tags") + "</li><li>" + link("/search", "Search") + "</li><li>" + link("/atom.xml", "Feed") +
           "</li></ul></nav>\n</header>\n";
    if (!f.crumbs.empty()) {
        out += "<nav aria-label=\"Breadcrumb\" class=\"crumbs\"><ol>";
        for (std::size_t k = 0; k < f.crumbs.size(); ++k) {
            const bool here = k + 1 == f.crumbs.size();
            out += "<li>" + link(f.crumbs[k].first, f.crumbs[k].second, here ? " aria-current=\"page\"" : "") + "</li>";
        }
        out += "</ol></nav>\n";
    }
    out += "<main id=\"main\">\n";
    out += main;
    out += "</main>\n<footer>\n<p>";
    if (!f.gemini_path.empty())
        out += "<a href=\"" + esc(web.gemini_origin) + href(f.gemini_path) + "\">This page on Gemini</a> · ";
    out += link(f.feed_path, "Atom feed");
    out += "</p>\n</footer>\n</body>\n</html>\n";
    return out;
}

std::size_t category_of(const catalog& cat, const article& a)
{
    return a.category < cat.src->categories.size() ? a.category : 0;
}

crumb_list home_crumb() { return {{"/", "Home"}}; }

/// Home and every category down to `c` (included unless it is the root).
crumb_list crumbs_to_category(const catalog& cat, std::size_t c)
{
    crumb_list crumbs;
    for (const auto& [url, title] : cat.crumbs_above(c))
        crumbs.emplace_back(url, title);
    if (c != 0)
        crumbs.emplace_back(cat.category_urls[c], cat.src->categories[c].title);
    return crumbs;
}

/// A list of articles, newest first, each with its date.
std::string post_list(const catalog& cat, const std::vector<std::size_t>& articles, std::size_t limit = SIZE_MAX)
{
    if (articles.empty())
        return "<p>Nothing here yet.</p>\n";
    std::string out = "<ul class=\"posts\">\n";
    const std::size_t n = std::min(limit, articles.size());
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = articles[k];
        const article& a = cat.src->articles[i];
        out += "<li>";
        if (a.meta.date)
            out += time_element(*a.meta.date) + " ";
        out += link(paths::web_url(cat.article_urls[i]), title_of(a));
        out += "</li>\n";
    }
    out += "</ul>\n";
    return out;
}

std::string heading(int level, std::string_view text, std::string_view id = {})
{
    const char n = static_cast<char>('0' + level);
    std::string out = "<h";
    out += n;
    if (!id.empty())
        out += " id=\"" + esc(id) + "\"";
    out += '>';
    out += esc(paths::one_line(text));
    out += "</h";
    out += n;
    out += ">\n";
    return out;
}

std::string tag_key(std::string_view name)
{
    std::string key = paths::one_line(name);
    for (char& ch : key)
        if (ch >= 'A' && ch <= 'Z')
            ch = static_cast<char>(ch - 'A' + 'a');
    return key;
}

/// The comments as nested threads: each reply inside its parent's <article>.
std::string comment_threads(const std::vector<web_comment>& comments)
{
    std::vector<content::comment> plain;
    plain.reserve(comments.size());
    for (const auto& c : comments)
        plain.push_back(*c.c);
    std::string out;
    std::size_t open = 0;  // <article>s not yet closed
    for (const thread_entry& e : thread_order(plain)) {
        if (!plain[e.index].mention.empty())
            continue;
        const std::size_t depth = std::min<std::size_t>(e.depth, open);
        for (; open > depth; --open)
            out += "</article>\n";
        const content::comment& c = *comments[e.index].c;
        const std::string author = paths::one_line(c.author);
        out += "<article class=\"comment\" id=\"" + esc(comment_anchor(c.id)) + "\">\n<h3><span class=\"author\">" +
               esc(author.empty() ? std::string{"Anonymous"} : author) + "</span>";
        if (c.date)
            out += " · " + time_element(*c.date);
        out += " <a class=\"anchor\" href=\"#" + esc(comment_anchor(c.id)) + "\" aria-label=\"Link to this comment\">#</a>";
        out += "</h3>\n";
        out += comments[e.index].body_html;
        ++open;
    }
    for (; open > 0; --open)
        out += "</article>\n";
    // Pingbacks and trackbacks: the pages that link here, as links.
    std::string mentions;
    for (const auto& c : plain) {
        if (c.mention.empty())
            continue;
        const std::string title = paths::one_line(c.author);
        mentions += "<li><a href=\"" + esc(c.mention) + "\">" + esc(title.empty() ? c.mention : title) + "</a>";
        if (c.date)
            mentions += " · " + time_element(*c.date);
        mentions += "</li>\n";
    }
    if (!mentions.empty())
        out += "<section class=\"mentions\">\n<h3>Mentioned by</h3>\n<ul>\n" + mentions + "</ul>\n</section>\n";
    return out;
}

/// The frame of one of the site's own pages (home, tags, a tag, the archive, search): in the
/// site's language, at `path` on both faces (`gemini_path` empty: no Gemini twin), Home first
/// in its crumbs.
frame site_frame(const catalog& cat, std::string title, const std::string& path, const std::string& gemini_path)
{
    frame f;
    f.lang = cat.settings->lang;
    f.title = std::move(title);
    f.web_path = path;
    f.gemini_path = gemini_path;
    f.crumbs = home_crumb();
    return f;
}

frame site_frame(const catalog& cat, std::string title, const std::string& path)
{
    return site_frame(cat, std::move(title), path, path);
}

} // namespace

std::string web_home_page(const web_context& web, const std::string& intro_html)
{
    const catalog& cat = *web.cat;
    const auto& src = *cat.src;
    const frame f = site_frame(cat, cat.settings->title, "/");
    std::string main = heading(1, cat.settings->title) + intro_html;
    if (!cat.newest_first.empty()) {
        main += "<section>\n" + heading(2, "Recent articles");
        main += post_list(cat, cat.newest_first, cat.settings->recent);
        main += "</section>\n";
    }
    if (!src.categories.empty() && !cat.children[0].empty()) {
        main += "<section>\n" + heading(2, "Categories") + "<ul>\n";
        for (std::size_t c : cat.children[0])
            main += "<li>" + link(cat.category_urls[c], src.categories[c].title) + "</li>\n";
        main += "</ul>\n</section>\n";
    }
    std::string pages;
    for (std::size_t p = 0; p < src.pages.size(); ++p)
        if (!cat.page_urls[p].empty())
            pages += "<li>" + link(paths::web_url(cat.page_urls[p]), title_of(src.pages[p])) + "</li>\n";
    if (!pages.empty())
        main += "<section>\n" + heading(2, "Pages") + "<ul>\n" + pages + "</ul>\n</section>\n";
    return page(web, f, main);
}

std::string web_category_page(const web_context& web, std::size_t c)
{
    const catalog& cat = *web.cat;
    const category& here = cat.src->categories[c];
    frame f;
    f.lang = cat.settings->lang;
    f.title = here.title;
    f.description = here.description;
    f.web_path = cat.category_urls[c];
    f.gemini_path = f.web_path;
    f.feed_path = cat.category_urls[c] + "atom.xml";
    f.feed_title = here.title;
    f.crumbs = crumbs_to_category(cat, c);
    std::string main = heading(1, here.title);
    if (const std::string d = paths::one_line(here.description); !d.empty())
        main += "<p class=\"description\">" + esc(d) + "</p>\n";
    if (!cat.children[c].empty()) {
        main += "<section>\n" + heading(2, "Sections") + "<ul>\n";
        for (std::size_t sub : cat.children[c])
            main += "<li>" + link(cat.category_urls[sub], cat.src->categories[sub].title) + "</li>\n";
        main += "</ul>\n</section>\n";
    }
    main += "<section>\n" + heading(2, "Articles") + post_list(cat, cat.articles_in[c]) + "</section>\n";
    return page(web, f, main);
}

namespace {

/// The comments of an article or page (their threads, then whether they are closed).
std::string comments_section(const catalog& cat, const article& a, const std::vector<web_comment>& comments)
{
    std::string out;
    const bool closed = says_comments_closed(cat, a);
    if (shows_comments(a)) {
        out += "<section id=\"comments\" aria-labelledby=\"comments-title\">\n";
        out += heading(2, "Comments (" + std::to_string(comments.size()) + ")", "comments-title");
        out += comment_threads(comments);
        if (closed)
            out += "<p class=\"closed\">Comments are closed.</p>\n";
        out += "</section>\n";
    } else if (closed) {
        out += "<p class=\"closed\">Comments are closed.</p>\n";
    }
    return out;
}

} // namespace

std::string web_article_page(const web_context& web, std::size_t i, const std::string& body_html,
                             const std::vector<web_comment>& comments)
{
    const catalog& cat = *web.cat;
    const article& a = cat.src->articles[i];
    const std::size_t c = category_of(cat, a);
    const std::string& url = cat.article_urls[i];
    frame f;
    f.lang = cat.lang_of(a);
    f.title = title_of(a);
    f.description = a.meta.description;
    f.web_path = paths::web_url(url);
    f.gemini_path = url;
    if (c != 0) {
        f.feed_path = cat.category_urls[c] + "atom.xml";
        f.feed_title = cat.src->categories[c].title;
    }
    f.crumbs = crumbs_to_category(cat, c);
    f.crumbs.emplace_back(f.web_path, title_of(a));

    // Within the category, newest first: the older neighbour is "previous".
    const auto& siblings = cat.articles_in[c];
    const std::size_t pos = cat.position[i];
    std::optional<std::size_t> prev, next;
    if (pos + 1 < siblings.size())
        prev = siblings[pos + 1];
    if (pos > 0)
        next = siblings[pos - 1];
    if (prev)
        f.head_links += "<link rel=\"prev\" href=\"" + href(paths::web_url(cat.article_urls[*prev])) + "\">\n";
    if (next)
        f.head_links += "<link rel=\"next\" href=\"" + href(paths::web_url(cat.article_urls[*next])) + "\">\n";

    std::string main = "<article>\n<header>\n" + heading(1, title_of(a));
    const std::string meta = byline(cat, a, time_element, [](const std::string& name) {
        return "<span class=\"author\">" + esc(name) + "</span>";
    });
    if (!meta.empty())
        main += "<p class=\"meta\">" + meta + "</p>\n";
    main += "</header>\n";
    main += body_html;

    std::string tags;
    for (const auto& t : a.meta.tags)
        if (const auto it = cat.tags.find(tag_key(t)); it != cat.tags.end())
            tags += (tags.empty() ? "" : ", ") + link(it->second.url, it->second.name, " rel=\"tag\"");
    if (!tags.empty())
        main += "<footer>\n<p class=\"tags\">Tags: " + tags + "</p>\n</footer>\n";

    main += comments_section(cat, a, comments);
    main += "</article>\n";

    if (prev || next) {
        main += "<nav aria-label=\"More articles\" class=\"pager\"><ul>";
        if (prev)
            main += "<li>" + link(paths::web_url(cat.article_urls[*prev]),
                                  "Previous: " + title_of(cat.src->articles[*prev]), " rel=\"prev\"") + "</li>";
        if (next)
            main += "<li>" + link(paths::web_url(cat.article_urls[*next]),
                                  "Next: " + title_of(cat.src->articles[*next]), " rel=\"next\"") + "</li>";
        main += "</ul></nav>\n";
    }
    return page(web, f, main);
}

std::string web_plain_page(const web_context& web, std::size_t p, const std::string& body_html,
                           const std::vector<web_comment>& comments)
{
    const catalog& cat = *web.cat;
    const article& a = cat.src->pages[p];
    frame f;
    f.lang = cat.lang_of(a);
    f.title = title_of(a);
    f.description = a.meta.description;
    f.web_path = paths::web_url(cat.page_urls[p]);
    f.gemini_path = cat.page_urls[p];
    f.crumbs = home_crumb();
    f.crumbs.emplace_back(f.web_path, title_of(a));
    // A page shows its archived comments, as an article does, but never "closed" for none.
    const std::string thread = comments.empty() ? std::string{} : comments_section(cat, a, comments);
    return page(web, f, "<article>\n" + heading(1, title_of(a)) + body_html + thread + "</article>\n");
}

std::string web_tags_page(const web_context& web)
{
    const catalog& cat = *web.cat;
    frame f = site_frame(cat, "Tags", "/tags/");
    f.crumbs.emplace_back("/tags/", "Tags");
    std::string main = heading(1, "Tags");
    if (cat.tags.empty())
        main += "<p>No tags yet.</p>\n";
    else {
        main += "<ul class=\"tags\">\n";
        for (const auto& [key, tag] : cat.tags)
            main += "<li>" + link(tag.url, tag.name, " rel=\"tag\"") + " (" + std::to_string(tag.articles.size()) +
                    ")</li>\n";
        main += "</ul>\n";
    }
    return page(web, f, main);
}

std::string web_tag_page(const web_context& web, const tag_entry& tag)
{
    const catalog& cat = *web.cat;
    frame f = site_frame(cat, "Tagged " + tag.name, tag.url);
    f.crumbs.emplace_back("/tags/", "Tags");
    f.crumbs.emplace_back(tag.url, tag.name);
    return page(web, f, heading(1, "Tagged " + tag.name) + post_list(cat, tag.articles));
}

std::string web_archive_page(const web_context& web)
{
    const catalog& cat = *web.cat;
    frame f = site_frame(cat, "Archive", "/archive/");
    f.crumbs.emplace_back("/archive/", "Archive");
    std::string main = heading(1, "Archive");
    if (cat.newest_first.empty())
        main += "<p>Nothing published yet.</p>\n";
    // One section per year, newest first, then the undated.
    std::vector<std::size_t> group;
    std::optional<int> year;
    bool dated = true;
    const auto flush = [&] {
        if (group.empty())
            return;
        main += "<section>\n" + heading(2, dated ? std::to_string(*year) : std::string{"Undated"});
        main += post_list(cat, group) + "</section>\n";
        group.clear();
    };
    for (std::size_t i : cat.newest_first) {
        const auto& date = cat.src->articles[i].meta.date;
        const bool same = date ? dated && year == date->year : !dated;
        if (!same) {
            flush();
            dated = date.has_value();
            if (date)
                year = date->year;
        }
        group.push_back(i);
    }
    flush();
    return page(web, f, main);
}

std::string web_search_page(const web_context& web, std::string_view query, const std::vector<search_hit>& hits)
{
    const catalog& cat = *web.cat;
    const std::string q = paths::one_line(query);
    frame f = site_frame(cat, q.empty() ? std::string{"Search"} : "Search: " + q, "/search", {});
    f.crumbs.emplace_back("/search", "Search");
    std::string main = heading(1, f.title);
    main += "<form action=\"/search\" method=\"get\" role=\"search\">\n<label for=\"q\">Search terms</label>\n"
            "<input type=\"search\" id=\"q\" name=\"q\" value=\"" + esc(q) + "\">\n"
            "<button type=\"submit\">Search</button>\n</form>\n";
    if (!q.empty()) {
        if (hits.empty())
            main += "<p>No results.</p>\n";
        else {
            main += "<ol class=\"results\">\n";
            for (const auto& hit : hits) {
                main += "<li>" + link(paths::web_url(hit.path), hit.title);
                if (!hit.date.empty())
                    main += " <time datetime=\"" + esc(hit.date) + "\">" + esc(hit.date) + "</time>";
                if (!hit.excerpt.empty())
                    main += "<p>" + esc(paths::one_line(hit.excerpt)) + "</p>";
                main += "</li>\n";
            }
            main += "</ol>\n";
        }
    }
    return page(web, f, main);
}

std::string web_sitemap(const web_context& web)
{
    const catalog& cat = *web.cat;
    const std::string origin = esc(web.origin());
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    const auto url = [&](std::string_view web_path, const std::optional<content::timestamp>& changed = {}) {
        out += "  <url><loc>" + origin + href(web_path) + "</loc>";
        if (changed)
            out += "<lastmod>" + changed->ymd() + "</lastmod>";
        out += "</url>\n";
    };
    url("/");
    for (std::size_t c = 1; c < cat.category_urls.size(); ++c)
        url(cat.category_urls[c]);
    for (std::size_t i : cat.newest_first) {
        const article& a = cat.src->articles[i];
        url(paths::web_url(cat.article_urls[i]), a.meta.updated ? a.meta.updated : a.meta.date);
    }
    for (std::size_t p = 0; p < cat.page_urls.size(); ++p)
        if (!cat.page_urls[p].empty())
            url(paths::web_url(cat.page_urls[p]));
    url("/archive/");
    url("/tags/");
    for (const auto& [key, tag] : cat.tags)
        url(tag.url);
    out += "</urlset>\n";
    return out;
}

std::string web_redirect_page(const web_context& web, std::string_view target)
{
    // `target` may carry a fragment ("#comments"): encode the path only.
    const auto hash = target.find('#');
    std::string to = web.base + paths::encode(target.substr(0, hash));
    if (hash != std::string_view::npos)
        to += target.substr(hash);
    const std::string t = esc(to);
    return "<!DOCTYPE html>\n<html lang=\"" + esc(web.cat->settings->lang.empty() ? "en" : web.cat->settings->lang) +
           "\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n"
           "<meta http-equiv=\"refresh\" content=\"0; url=" + t + "\">\n<link rel=\"canonical\" href=\"" + t +
           "\">\n</head>\n<body>\n<main>\n<p>This page has moved to <a href=\"" + t + "\">" + t +
           "</a>.</p>\n</main>\n</body>\n</html>\n";
}

std::string_view web_stylesheet()
{
    // Small on purpose: the system's fonts, a readable measure, dark mode, print.
    return R"css(:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfc;--muted:#5c5c5c;--link:#0645ad;--rule:#d6d6d6}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--bg:#161616;--muted:#a8a8a8;--link:#8ab4f8;--rule:#3a3a3a}}
html{font-family:system-ui,sans-serif;line-height:1.55;color:var(--fg);background:var(--bg)}
body{max-width:42rem;margin:0 auto;padding:0 1rem 2rem;overflow-wrap:break-word}
a{color:var(--link)}
.skip{position:absolute;left:-9999px}.skip:focus{position:static}
header,footer{color:var(--muted)}header{border-bottom:1px solid var(--rule);padding:.5rem 0}
header .site{font-weight:bold;margin:.25rem 0}
nav ul,nav ol{list-style:none;padding:0;margin:.25rem 0}nav li{display:inline;margin-right:.75rem}
.crumbs li+li::before{content:"› ";color:var(--muted)}
h1{line-height:1.2}.meta,time{color:var(--muted)}
img{max-width:100%;height:auto}
pre{overflow-x:auto;padding:.5rem;border:1px solid var(--rule)}code{font-family:ui-monospace,monospace}
blockquote{margin-left:0;padding-left:1rem;border-left:3px solid var(--rule)}
table{border-collapse:collapse;display:block;overflow-x:auto}th,td{border:1px solid var(--rule);padding:.25rem .5rem}
.right{text-align:right}.center{text-align:center}
.comment{border-left:2px solid var(--rule);padding-left:.75rem;margin:1rem 0}.comment h3{font-size:1rem}
.comment .anchor{text-decoration:none;color:var(--muted)}
footer{border-top:1px solid var(--rule);margin-top:2rem}
@media print{header nav,.skip,.pager,form{display:none}html{background:#fff;color:#000}a{color:#000}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:90%}}
)css";
}

} // namespace smolpub::site
