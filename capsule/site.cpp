// Building a site: every page of both protocols rendered once, into memory, from the
// content model. After build_site returns nothing is written again, so any number of
// sessions may read the same snapshot without locks.
//
// The URL layout (Gemini paths; Gopher selectors are the same strings):
//   /                          home: intro, recent articles, categories, pages, indexes
//   /<cat>/[<sub>/]            category: breadcrumb, sections, articles (a gemsub feed)
//   /<cat>/atom.xml, /atom.xml Atom feeds (absolute gemini:// ids and links)
//   /<cat>/<slug>.gmi          article; Gopher: a menu
//   /<cat>/<slug>.txt          Gopher only: the article as plain text
//   /<cat>/<slug>/comments.gmi thread; Gopher: /<cat>/<slug>/comments.txt (text)
//   /<cat>/<slug>/             redirects to the article ("go to parent" from the thread)
//   /<page>.gmi                top-level Markdown pages
//   /tags/, /tags/<tag>/, /archive/, /search
// Any folder above a served path that has no page of its own redirects to its nearest
// ancestor that has one, and a folder asked for without its slash redirects to it.
//
// Comment threads: oldest first, each reply right under its parent as
// "### ↳ Author · date" (one arrow per level); headings inside a comment are flattened
// to text so they cannot open a section of the page.
#include "capsule/site.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "capsule/gopher_view.hpp"
#include "capsule/search.hpp"
#include "capsule/site_build.hpp"
#include "capsule/site_catalog.hpp"
#include "capsule/site_comments.hpp"
#include "capsule/site_feeds.hpp"
#include "capsule/site_links.hpp"
#include "capsule/site_pages.hpp"
#include "capsule/site_parallel.hpp"
#include "capsule/site_paths.hpp"
#include "render/gemtext.hpp"
#include "render/gopher.hpp"
#include "render/text.hpp"

namespace smolpub::capsule {
namespace {

constexpr std::string_view gopher_menu_mime = "application/gopher-menu";
constexpr std::string_view gopher_text_mime = "text/plain; charset=utf-8";
constexpr std::size_t search_page_limit = 50;

/// A Gopher page waiting for the item directory to be complete before it is rendered.
struct gopher_job {
    std::string selector;
    bool menu = true;
    std::string gemtext;
    std::string extra;  ///< menu lines appended after the rendered gemtext
};

template <class Map>
std::vector<std::string> sorted_keys(const Map& map)
{
    std::vector<std::string> keys;
    keys.reserve(map.size());
    for (const auto& entry : map)
        keys.push_back(entry.first);
    std::sort(keys.begin(), keys.end());
    return keys;
}

class built_site final : public site {
public:
    built_site(const site_settings& settings, std::vector<diagnostic> problems)
        : settings_(settings), problems_(std::move(problems)), directory_(settings_, redirects_)
    {
    }

    route_result route(std::string_view path) const override
    {
        std::string key{path.empty() ? std::string_view{"/"} : path};
        if (const document* doc = find(gemini_, key))
            return {route_result::outcome::found, doc, {}};
        if (const auto r = redirects_.find(key); r != redirects_.end())
            return {route_result::outcome::redirect, nullptr, r->second};
        // A folder asked for without its slash: send the client to the folder, so that
        // relative links on that page resolve against the right base.
        if (!key.ends_with("/")) {
            key += '/';
            if (find(gemini_, key) || redirects_.contains(key))
                return {route_result::outcome::redirect, nullptr, paths::encode(key)};
        }
        return {};
    }

    route_result route_gopher(std::string_view selector) const override
    {
        std::string key{selector.empty() ? std::string_view{"/"} : selector};
        if (const document* doc = find(gopher_, key))
            return {route_result::outcome::found, doc, {}};
        // Gopher has no redirects: a selector we would redirect on Gemini (an alias, a
        // folder without its slash, a percent-encoded path) is answered with its target.
        if (const auto item = directory_.resolve(paths::encode(key))) {
            if (const document* doc = find(gopher_, item->selector))
                return {route_result::outcome::found, doc, {}};
        }
        if (const auto item = directory_.resolve(key)) {
            if (const document* doc = find(gopher_, item->selector))
                return {route_result::outcome::found, doc, {}};
        }
        return {};
    }

    std::vector<search_hit> search(std::string_view query, std::size_t limit) const override
    {
        return index_.find(query, limit);
    }

    document search_page_gemini(std::string_view query) const override
    {
        return {gemini_mime_, search_gemtext(query)};
    }

    document search_page_gopher(std::string_view query) const override
    {
        return {std::string{gopher_menu_mime},
                render::gemtext_to_menu(search_gemtext(query), directory_.options())};
    }

    const load_summary& summary() const override { return summary_; }
    const std::vector<diagnostic>& problems() const override { return problems_; }
    std::vector<std::string> gemini_paths() const override { return sorted_keys(gemini_); }
    std::vector<std::string> gopher_selectors() const override { return sorted_keys(gopher_); }

    void build(const content& loaded, std::chrono::steady_clock::time_point started);

private:
    static const document* find(const std::unordered_map<std::string, document>& map, const std::string& key)
    {
        const auto it = map.find(key);
        return it == map.end() ? nullptr : &it->second;
    }

    bool taken(const std::string& path) const
    {
        return gemini_.contains(path) || redirects_.contains(path);
    }

    std::string search_gemtext(std::string_view query) const;
    void add_gemini(std::string path, std::string body, std::string_view lang);
    void add_static_files(const content& loaded, std::vector<gopher_job>& jobs);
    void add_aliases(const catalog& cat);
    void add_missing_folders();
    void render_gopher(std::vector<gopher_job>& jobs);

    site_settings settings_;
    std::vector<diagnostic> problems_;
    std::string gemini_mime_;
    std::unordered_map<std::string, document> gemini_;   ///< by decoded path
    std::unordered_map<std::string, document> gopher_;   ///< by selector
    std::unordered_map<std::string, std::string> redirects_;  ///< decoded path -> encoded target
    gopher_directory directory_;
    search_index index_;
    load_summary summary_;
};

std::string built_site::search_gemtext(std::string_view query) const
{
    const std::string q = paths::one_line(query);
    std::string out = paths::link_line("/", "Home");
    out += '\n';
    if (q.empty()) {
        out += "# Search\n\nSend a word or two to search titles and articles.\n";
        return out;
    }
    out += "# Search: " + q + "\n\n";
    const auto hits = index_.find(q, search_page_limit);
    if (hits.empty())
        out += "No results.\n";
    for (const auto& hit : hits) {
        out += paths::link_line(hit.path, hit.date.empty() ? hit.title : hit.date + " - " + hit.title);
        // A quote line can hold any text without it turning into gemtext markup.
        if (!hit.excerpt.empty())
            out += "> " + hit.excerpt + '\n';
    }
    return out;
}

void built_site::add_gemini(std::string path, std::string body, std::string_view lang)
{
    if (taken(path)) {
        problems_.push_back({{}, 0, 0, "skipped a second page for " + path});
        return;
    }
    std::string mime = "text/gemini; charset=utf-8";
    if (!lang.empty())
        mime += "; lang=" + std::string{lang};
    gemini_.emplace(std::move(path), document{std::move(mime), std::move(body)});
}

void built_site::add_static_files(const content& loaded, std::vector<gopher_job>& jobs)
{
    for (const static_file& f : loaded.files) {
        std::string path = f.path.starts_with("/") ? f.path : "/" + f.path;
        if (taken(path)) {
            problems_.push_back({f.source, 0, 0, "not served: " + path + " is a generated page"});
            continue;
        }
        // Only the identity is kept: the bytes are read per request, in chunks (file_stream),
        // so a folder of photos costs no memory however large it is.
        const auto identity = identity_of(f.source);
        if (!identity) {
            problems_.push_back({f.source, 0, 0, "could not be read"});
            continue;
        }
        const char type = item_type_for_file(path, f.mime);
        std::optional<std::string> gemtext;
        if (f.mime.starts_with("text/gemini")) {
            // A hand-written gemtext page gets the same Gopher menu a generated one would,
            // made from the file as it is now.
            auto text = read_whole({f.source, *identity, false});
            if (text && render::is_valid_utf8(*text))
                gemtext = std::move(*text);
        }
        if (gemtext) {
            directory_.add(path, '1', path);
            jobs.push_back({path, true, std::move(*gemtext), {}});
        } else {
            directory_.add(path, type, path);
            // Text files are type 0, which strict RFC 1436 terminates with a lone ".".
            gopher_.emplace(path, document{f.mime, {}, file_source{f.source, *identity,
                                                                   settings_.strict_rfc1436 && type == '0'}});
        }
        gemini_.emplace(std::move(path), document{f.mime, {}, file_source{f.source, *identity, false}});
    }
}

void built_site::add_aliases(const catalog& cat)
{
    const content& src = *cat.src;
    for (std::size_t i : cat.newest_first) {
        for (const auto& alias : src.articles[i].meta.aliases) {
            std::string path = paths::decode(alias);
            if (!path.starts_with("/"))
                path.insert(0, "/");
            if (taken(path)) {
                problems_.push_back({src.articles[i].source, 0, 0, "alias " + path + " is already a page"});
                continue;
            }
            redirects_.emplace(std::move(path), paths::encode(cat.article_urls[i]));
        }
    }
}

void built_site::add_missing_folders()
{
    // Every folder above a served path must answer, so "go to parent" never meets a 51.
    // A folder with no page of its own sends the reader to its nearest ancestor that has one.
    std::vector<std::string> all;
    all.reserve(gemini_.size() + redirects_.size());
    for (const auto& [path, doc] : gemini_)
        all.push_back(path);
    for (const auto& [path, target] : redirects_)
        all.push_back(path);
    std::unordered_map<std::string, std::string> added;
    for (const std::string& path : all) {
        std::string nearest = "/";
        for (auto slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
            std::string folder = path.substr(0, slash + 1);
            if (gemini_.contains(folder)) {
                nearest = folder;
                continue;
            }
            if (redirects_.contains(folder))
                continue;
            added.emplace(std::move(folder), paths::encode(nearest));
        }
    }
    redirects_.merge(added);
}

void built_site::render_gopher(std::vector<gopher_job>& jobs)
{
    const render::gopher_options options = directory_.options();
    std::vector<document> replies(jobs.size());
    parallel_for(jobs.size(), [&](std::size_t k) {
        gopher_job& job = jobs[k];
        if (job.menu)
            replies[k] = {std::string{gopher_menu_mime},
                          finish_menu(render::gemtext_to_menu(job.gemtext, options) + job.extra)};
        else
            replies[k] = {std::string{gopher_text_mime},
                          finish_text(render::gemtext_to_text(job.gemtext, options), settings_.strict_rfc1436)};
        job.gemtext = {};
    });
    for (std::size_t k = 0; k < jobs.size(); ++k)
        gopher_.insert_or_assign(std::move(jobs[k].selector), std::move(replies[k]));
}

void built_site::build(const content& loaded, std::chrono::steady_clock::time_point started)
{
    const catalog cat = make_catalog(settings_, loaded, problems_);
    gemini_mime_ = cat.gemini_mime(settings_.lang);
    const std::string& lang = settings_.lang;
    std::vector<gopher_job> jobs;
    const auto gopher_link = [](std::string_view path, std::string_view label) {
        return paths::link_line(path, label);
    };

    // Home.
    std::string intro;
    if (loaded.index)
        intro = absolute_links(render::markdown_to_gemtext(loaded.index->body_markdown, options_for(cat, "/")), "/");
    std::string home = home_page(cat, intro);
    jobs.push_back({"/", true, home, render::menu_line({'h', "This capsule on Gemini",
                                                         "URL:" + cat.gemini_origin() + "/",
                                                         settings_.gopher_host, settings_.gopher_port})});
    add_gemini("/", std::move(home), lang);
    directory_.add("/", '1', "/");

    // Categories, each with its own feed.
    for (std::size_t c = 1; c < loaded.categories.size(); ++c) {
        const std::string& url = cat.category_urls[c];
        const article_page page = make_category_page(cat, c);
        const auto parent = cat.parent[c].value_or(0);
        std::string top = gopher_link("/", "Home");
        top += gopher_link(cat.category_urls[parent],
                           "Up: " + (parent == 0 ? settings_.title : loaded.categories[parent].title));
        jobs.push_back({url, true, top + page.head + page.body + page.footer, {}});
        directory_.add(url, '1', url);
        add_gemini(url, page.gemini(), lang);
        const std::string feed = url + "atom.xml";
        gemini_.emplace(feed, document{"application/atom+xml",
                                       atom_feed_for(cat, url, loaded.categories[c].title, cat.articles_in[c])});
        gopher_.emplace(feed, gemini_.at(feed));
        directory_.add(feed, '9', feed);
    }
    gemini_.emplace("/atom.xml", document{"application/atom+xml", atom_feed_for(cat, "/", settings_.title, cat.newest_first)});
    gopher_.emplace("/atom.xml", gemini_.at("/atom.xml"));
    directory_.add("/atom.xml", '9', "/atom.xml");

    // Articles and their comments. The Markdown is rendered first, in parallel; the
    // pages are then assembled in order, since they go into shared maps.
    const std::size_t count = cat.newest_first.size();
    std::vector<std::string> bodies(count);
    std::vector<std::vector<std::string>> comment_bodies(count);
    parallel_for(count, [&](std::size_t k) {
        const article& a = loaded.articles[cat.newest_first[k]];
        const std::string& folder = cat.category_urls[a.category < loaded.categories.size() ? a.category : 0];
        const render::gemtext_options options = options_for(cat, folder);
        bodies[k] = absolute_links(render::markdown_to_gemtext(a.body_markdown, options), folder);
        if (!shows_comments(a))
            return;
        comment_bodies[k].reserve(a.comments.size());
        for (const comment& c : a.comments)
            comment_bodies[k].push_back(absolute_links(render::markdown_to_gemtext(c.body_markdown, options), folder));
    });
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = cat.newest_first[k];
        const article& a = loaded.articles[i];
        const std::string& url = cat.article_urls[i];
        const std::string article_lang = cat.lang_of(a);
        article_page page = make_article_page(cat, i, std::move(bodies[k]));

        index_.add(url, title_of(a), a.meta.date ? a.meta.date->ymd() : std::string{},
                   paths::sort_key(a.meta.date), page.body);
        const std::string text_url = paths::with_extension(url, ".txt");
        jobs.push_back({url, true, page.crumbs + page.head + page.body + page.footer +
                                       gopher_link(text_url, "Plain text version") + page.up, {}});
        jobs.push_back({text_url, false, page.trail + page.head + page.body, {}});
        directory_.add(url, '1', url);
        directory_.add(text_url, '0', text_url);
        add_gemini(url, page.gemini(), article_lang);
        redirects_.emplace(paths::article_dir_url(url), paths::encode(url));

        if (!shows_comments(a))
            continue;
        summary_.comments += a.comments.size();
        const article_page thread = make_comments_page(cat, i, comment_bodies[k]);
        comment_bodies[k] = {};
        const std::string comments = paths::comments_url(url);
        const std::string comments_text = paths::with_extension(comments, ".txt");
        jobs.push_back({comments_text, false, thread.trail + thread.head + thread.body + thread.footer, {}});
        directory_.add(comments, '0', comments_text);
        directory_.add(comments_text, '0', comments_text);
        add_gemini(comments, thread.gemini(), article_lang);
    }

    // Top-level pages.
    for (std::size_t p = 0; p < loaded.pages.size(); ++p) {
        if (cat.page_urls[p].empty())
            continue;
        const article& a = loaded.pages[p];
        const std::string& url = cat.page_urls[p];
        const std::string body = absolute_links(render::markdown_to_gemtext(a.body_markdown, options_for(cat, "/")), "/");
        index_.add(url, title_of(a), {}, paths::sort_key(a.meta.date), body);
        std::string page = plain_page(cat, p, body);
        jobs.push_back({url, true, page, {}});
        directory_.add(url, '1', url);
        add_gemini(url, std::move(page), cat.lang_of(a));
        ++summary_.pages;
    }

    // Tags and the archive.
    std::string tags = tags_page(cat);
    jobs.push_back({"/tags/", true, tags, {}});
    directory_.add("/tags/", '1', "/tags/");
    add_gemini("/tags/", std::move(tags), lang);
    for (const auto& [key, tag] : cat.tags) {
        std::string page = tag_page(cat, tag);
        jobs.push_back({tag.url, true, page, {}});
        directory_.add(tag.url, '1', tag.url);
        add_gemini(tag.url, std::move(page), lang);
    }
    std::string archive = archive_page(cat);
    jobs.push_back({"/archive/", true, archive, {}});
    directory_.add("/archive/", '1', "/archive/");
    add_gemini("/archive/", std::move(archive), lang);

    // The server answers "/search?terms" itself; the bare path explains what to do.
    add_gemini("/search", search_gemtext({}), lang);
    directory_.add("/search", '7', "/search");
    jobs.push_back({"/search", true, search_gemtext({}), {}});

    add_static_files(loaded, jobs);
    add_aliases(cat);
    add_missing_folders();
    render_gopher(jobs);

    summary_.articles = cat.newest_first.size();
    summary_.categories = loaded.categories.empty() ? 0 : loaded.categories.size() - 1;
    summary_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}

} // namespace

std::string load_summary::text() const
{
    const auto count = [](std::size_t n, std::string_view one, std::string_view many) {
        return std::to_string(n) + " " + std::string{n == 1 ? one : many};
    };
    return "loaded " + count(articles, "article", "articles") + ", " + count(comments, "comment", "comments") + ", " +
           count(categories, "category", "categories") + " in " + std::to_string(elapsed.count()) + " ms";
}

std::shared_ptr<const site> build_site_since(const site_settings& settings, const content& loaded,
                                             std::vector<diagnostic> problems,
                                             std::chrono::steady_clock::time_point started)
{
    // Built in place: the Gopher directory refers to members of the object itself.
    auto built = std::make_shared<built_site>(settings, std::move(problems));
    if (!loaded.categories.empty()) {
        built->build(loaded, started);
        return built;
    }
    // The model promises categories[0] is the root; a hand-made model may lack it.
    content rooted = loaded;
    rooted.categories.emplace_back();
    for (auto& a : rooted.articles)
        a.category = 0;
    built->build(rooted, started);
    return built;
}

std::shared_ptr<const site> build_site(const site_settings& settings, const content& loaded,
                                       std::vector<diagnostic> problems)
{
    return build_site_since(settings, loaded, std::move(problems), std::chrono::steady_clock::now());
}

} // namespace smolpub::capsule
