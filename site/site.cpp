// SPDX-License-Identifier: ISC
// A site: a compact model of every page of both protocols, each rendered on demand into a
// bounded cache (page_cache.hpp). After build_site returns the model is never written
// again, so any number of sessions may read the same snapshot without locks; the cache
// has its own.
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
// The web face (route_web) uses the same paths with `.gmi` dropped and a trailing slash
// (/<cat>/<slug>/, the article with its comments; /<page>/); see site/web_pages.hpp.
//
// Comment threads: oldest first, each reply right under its parent as
// "### ↳ Author · date" (one arrow per level); headings inside a comment are flattened
// to text so they cannot open a section of the page.
//
// What is kept per snapshot: the content model (sources, front matter, Markdown), the
// catalog (URLs, orderings), one 8-byte page_ref per path, the Gopher item directory and the
// search index. The paths are the largest part of it at scale (about ten per article), so
// they live in path_tables (path_table.hpp) sharing one store, each path kept once however
// many tables hold it. Pages are text made from these when asked for; a page's cache key
// holds a fingerprint of its inputs (fingerprint.hpp), so one request only ever sees pages of
// its own snapshot, and a reload keeps the renders of the pages it did not change. Only
// the gemtext is cached: a page's Gopher menu or text is cut from it per request
// (gopher_from_gemtext); a hand-written .gmi file, which Gemini streams from the disk, has
// its menu made from the file and cached.
#include "site/site.hpp"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <optional>

#include "site/gopher_view.hpp"
#include "site/page_cache.hpp"
#include "site/path_table.hpp"
#include "site/search.hpp"
#include "site/build.hpp"
#include "site/catalog.hpp"
#include "site/comments.hpp"
#include "site/feeds.hpp"
#include "site/fingerprint.hpp"
#include "site/links.hpp"
#include "site/pages.hpp"
#include "site/conventions.hpp"
#include "site/web_pages.hpp"
#include <unordered_map>
#include "content/parallel.hpp"
#include "site/paths.hpp"
#include "render/gemtext.hpp"
#include "render/gopher.hpp"
#include "text/utf8.hpp"

namespace smolpub::site {
using content::article;
using content::category;
using content::comment;
using content::tree;
using content::diagnostic;
using content::file_identity;
using content::file_source;
using content::file_stream;
using content::parallel_for;
using content::read_whole;
using content::site_settings;
using content::static_file;

namespace {

constexpr std::string_view gopher_menu_mime = "application/gopher-menu";
constexpr std::string_view gopher_text_mime = "text/plain; charset=utf-8";
constexpr std::string_view atom_mime = "application/atom+xml";
constexpr std::size_t search_page_limit = 50;

/// What a path serves, before it is rendered: a kind and an index into the model.
enum class page_kind : std::uint8_t {
    home, category, feed, article, article_text, comments, comments_text, page, page_comments, page_comments_text,
    tags, tag, archive, search, gemtext_file, file,
};

/// 8 bytes, one per Gemini path and Gopher selector: its fingerprint is not stored but
/// looked up by kind and index (print_of).
struct page_ref {
    page_kind kind = page_kind::home;
    std::uint32_t index = 0;  ///< category, article, page, tag or file, by kind
};

/// The views a page is cached under.
constexpr char gemini_view = 'g';
constexpr char gopher_view = 'm';
constexpr char web_view = 'h';  ///< keyed by the Gemini path of the page

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

class built_site final : public site {
public:
    built_site(const site_settings& settings, tree loaded, std::vector<diagnostic> problems,
               std::shared_ptr<page_cache> cache)
        : settings_(settings), loaded_(std::move(loaded)), problems_(std::move(problems)),
          directory_(settings_, redirects_), cache_(std::move(cache))
    {
        // The model promises categories[0] is the root; a hand-made model may lack it.
        if (loaded_.categories.empty()) {
            loaded_.categories.emplace_back();
            for (auto& a : loaded_.articles)
                a.category = 0;
        }
        if (!cache_)
            cache_ = std::make_shared<page_cache>(std::size_t{32} << 20);
    }

    route_result route(std::string_view path) const override
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

    route_result route_gopher(std::string_view selector) const override
    {
        const std::string_view key = selector.empty() ? std::string_view{"/"} : selector;
        if (auto doc = find_gopher(key))
            return {route_result::outcome::found, std::move(doc), {}};
        // Gopher has no redirects: a selector we would redirect on Gemini (an alias, a
        // folder without its slash, a percent-encoded path) is answered with its target.
        if (const auto item = directory_.resolve(paths::encode(key))) {
            if (auto doc = find_gopher(item->selector))
                return {route_result::outcome::found, std::move(doc), {}};
        }
        if (const auto item = directory_.resolve(key)) {
            if (auto doc = find_gopher(item->selector))
                return {route_result::outcome::found, std::move(doc), {}};
        }
        return {};
    }

    std::vector<search_hit> search(std::string_view query, std::size_t limit) const override
    {
        return index_.find(query, limit, search_text());
    }

    document search_page_gemini(std::string_view query) const override
    {
        return {gemini_mime_, search_gemtext(query)};
    }

    document search_page_gopher(std::string_view query) const override
    {
        return {std::string{gopher_menu_mime},
                render::finish_menu(render::gemtext_to_menu(search_gemtext(query), directory_.options()))};
    }

    const load_summary& summary() const override { return summary_; }
    const tree* model() const override { return &loaded_; }
    const site_settings* settings() const override { return &settings_; }
    const std::vector<diagnostic>& problems() const override { return problems_; }
    std::vector<std::string> gemini_paths() const override { return sorted_keys(gemini_); }
    std::vector<std::string> gopher_selectors() const override { return sorted_keys(gopher_); }

    route_result route_web(std::string_view path) const override;
    document search_page_web(std::string_view query) const override
    {
        const std::string q = paths::one_line(query);
        return {std::string{html_mime},
                web_search_page(web_, q, q.empty() ? std::vector<search_hit>{} : index_.find(q, search_page_limit, search_text()))};
    }
    std::optional<std::string> wordpress_target(std::uint64_t id) const override
    {
        const auto it = wordpress_.find(id);
        if (it == wordpress_.end())
            return std::nullopt;
        return paths::encode(paths::web_url(it->second.first ? cat_.article_urls[it->second.second]
                                                             : cat_.page_urls[it->second.second]));
    }
    std::vector<std::string> web_paths() const override;
    std::vector<std::string> web_redirect_paths() const override;
    std::string web_redirect_page(std::string_view target) const override
    {
        return ::smolpub::site::web_redirect_page(web_, paths::decode(target));
    }

    void build(const built_site* previous, std::chrono::steady_clock::time_point started);

    const std::shared_ptr<page_cache>& cache() const { return cache_; }

    /// The search entry of the article at `url` if it had `fingerprint` in this snapshot.
    std::shared_ptr<const search_entry> reusable_entry(std::string_view url, std::uint64_t fingerprint) const
    {
        const page_ref* ref = gemini_.find(url);
        if (!ref || ref->kind != page_kind::article || print_of(*ref) != fingerprint)
            return nullptr;
        return article_entries_[ref->index];
    }

private:
    std::shared_ptr<const document> find_gopher(std::string_view selector) const
    {
        const page_ref* ref = gopher_.find(selector);
        return ref ? render_gopher(selector, *ref) : nullptr;
    }

    /// The fingerprint of the inputs of the page `ref` names: its cache key holds it.
    std::uint64_t print_of(const page_ref& ref) const
    {
        switch (ref.kind) {
        case page_kind::home:
            return prints_.home;
        case page_kind::article:
        case page_kind::article_text:
        case page_kind::comments:
        case page_kind::comments_text:
            return prints_.articles[ref.index];
        case page_kind::page:
        case page_kind::page_comments:
        case page_kind::page_comments_text:
            return prints_.pages[ref.index];
        case page_kind::gemtext_file:
        case page_kind::file: {
            const file_identity& identity = files_[ref.index].file->identity;
            return fingerprint_hasher{prints_.site}
                .add(identity.device).add(identity.inode).add(identity.size)
                .add(static_cast<std::uint64_t>(identity.mtime_ns)).value();
        }
        case page_kind::feed:
            return ref.index < feed_prints_.size() ? feed_prints_[ref.index] : prints_.site;
        case page_kind::category:
        case page_kind::tags:
        case page_kind::tag:
        case page_kind::archive:
        case page_kind::search:
            break;
        }
        return prints_.site;
    }

    bool taken(std::string_view path) const
    {
        return gemini_.contains(path) || redirects_.contains(path);
    }

    std::string lang_mime(std::string_view lang) const
    {
        std::string mime = "text/gemini; charset=utf-8";
        if (!lang.empty())
            mime += "; lang=" + std::string{lang};
        return mime;
    }

    std::shared_ptr<const document> render_gemini(std::string_view path, const page_ref& ref) const;
    std::shared_ptr<const document> render_web(std::string_view gemini_path, const page_ref& ref) const;
    document web_page(const page_ref& ref) const;
    std::string web_body(const std::string& markdown, std::size_t category) const;
    std::vector<web_comment> web_thread(const std::vector<content::comment>& comments, std::size_t category) const;
    std::string web_atom_for(std::size_t c) const;
    /// The page a web path shows: its Gemini path and ref; nullopt when none.
    std::optional<std::pair<std::string, page_ref>> web_page_at(std::string_view path) const;
    std::shared_ptr<const document> render_gopher(std::string_view selector, const page_ref& ref) const;
    document gemini_page(const page_ref& ref) const;
    std::optional<document> gopher_from_gemtext(std::string_view selector, const page_ref& ref,
                                                std::string_view gemtext) const;
    document gemtext_file_menu(std::size_t file) const;
    document gopher_menu(std::string_view gemtext, const std::string& extra = {}) const;
    document gopher_text(std::string_view gemtext) const;
    std::string article_body(std::size_t i) const;
    article_page article_pieces(std::size_t i) const;
    article_page comments_pieces(std::size_t i) const;
    article_page page_comments_pieces(std::size_t p) const;
    std::string home_gemtext() const;
    std::string page_gemtext(std::size_t p) const;
    std::string category_top(std::size_t c) const;
    std::string atom_for(std::size_t c) const;
    const std::vector<std::size_t>& feed_articles(std::size_t c) const
    {
        return c == 0 ? cat_.newest_first : cat_.articles_in[c];
    }

    std::string search_gemtext(std::string_view query) const;
    /// Articles' search entries keep only their folded text: the text of an excerpt is
    /// rendered again from the article at the entry's path (only for the hits shown).
    search_text_source search_text() const
    {
        return [this](const search_entry& e) {
            const page_ref* ref = gemini_.find(e.path);
            if (!ref || ref->kind != page_kind::article)
                return std::string{};
            return plain_text(article_body(ref->index));
        };
    }
    /// `text` in the store of this snapshot's paths (shared by its tables: kept once).
    kept_text keep(std::string_view text) { return paths_->keep(text); }
    std::string_view text_of(kept_text t) const { return paths_->view(t); }
    void add_gemini(kept_text path, page_ref ref);
    void add_gopher(kept_text selector, page_ref ref) { gopher_.insert_or_assign(selector, ref); }
    void add_categories();
    void add_articles();
    void add_pages();
    void add_tags_and_archive();
    void index_pages();
    void keep_cached_pages(const built_site& previous);
    void add_static_files();
    void add_aliases();
    void add_missing_folders();
    void index_articles(const built_site* previous);

    site_settings settings_;
    tree loaded_;
    std::vector<diagnostic> problems_;
    catalog cat_;
    site_fingerprints prints_;
    std::vector<std::uint64_t> feed_prints_;  ///< per category: the site's and its feed entries' prints
    web_context web_;
    /// wordpress_id -> (is an article, index): for `/?p=ID`.
    std::unordered_map<std::uint64_t, std::pair<bool, std::size_t>> wordpress_;
    std::string gemini_mime_;
    /// Every path and selector of the tables below (and of the Gopher directory), kept once.
    std::shared_ptr<text_store> paths_ = std::make_shared<text_store>();
    path_table<page_ref> gemini_{paths_};       ///< by decoded path
    path_table<page_ref> gopher_{paths_};       ///< by selector
    path_table<kept_text> redirects_{paths_};  ///< decoded path -> encoded target
    std::vector<const tag_entry*> tag_list_;
    std::vector<document> files_;  ///< static files: no bytes, only where they are (file_source)
    std::vector<std::shared_ptr<const search_entry>> article_entries_;  ///< per article, for reloads
    gopher_directory directory_;
    search_index index_;
    load_summary summary_;
    std::shared_ptr<page_cache> cache_;
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
    const auto hits = index_.find(q, search_page_limit, search_text());
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

// --- Rendering on demand ------------------------------------------------------------

std::shared_ptr<const document> built_site::render_gemini(std::string_view path, const page_ref& ref) const
{
    if (ref.kind == page_kind::file || ref.kind == page_kind::gemtext_file)
        return std::make_shared<const document>(files_[ref.index]);
    const std::string key = page_cache::key(gemini_view, print_of(ref), path);
    if (auto hit = cache_->find(key))
        return hit;
    return cache_->insert(key, gemini_page(ref));
}

std::shared_ptr<const document> built_site::render_gopher(std::string_view selector, const page_ref& ref) const
{
    switch (ref.kind) {
    case page_kind::file:
        return std::make_shared<const document>(files_[ref.index + 1]);
    case page_kind::feed:  // the same bytes on both protocols: cached once
        return render_gemini(selector, ref);
    case page_kind::gemtext_file: {
        // Gemini streams a hand-written .gmi from the disk, so no gemtext of it is
        // cached: its menu is the one copy.
        const std::string key = page_cache::key(gopher_view, print_of(ref), selector);
        if (auto hit = cache_->find(key))
            return hit;
        return cache_->insert(key, gemtext_file_menu(ref.index));
    }
    default:
        break;
    }
    // Every other Gopher view is made per request from its page's gemtext, which the
    // cache holds once for both protocols: turning gemtext into a menu costs a few
    // microseconds, rendering the Markdown again many times that (bench/results).
    const std::size_t i = ref.index;
    page_ref twin = ref;
    std::string_view path = selector;
    std::string comments_path;
    if (ref.kind == page_kind::article || ref.kind == page_kind::article_text) {
        twin.kind = page_kind::article;
        path = cat_.article_urls[i];
    } else if (ref.kind == page_kind::comments || ref.kind == page_kind::comments_text) {
        twin.kind = page_kind::comments;
        comments_path = paths::comments_url(cat_.article_urls[i]);
        path = comments_path;
    } else if (ref.kind == page_kind::page_comments || ref.kind == page_kind::page_comments_text) {
        twin.kind = page_kind::page_comments;
        comments_path = paths::comments_url(cat_.page_urls[i]);
        path = comments_path;
    }
    const auto gemtext = render_gemini(path, twin);
    if (auto view = gopher_from_gemtext(selector, ref, gemtext->body))
        return std::make_shared<const document>(std::move(*view));
    // The gemtext is made by this file's own page builders, so it always has the layout
    // gopher_from_gemtext cuts: getting here is a bug. The reader gets a miss, not a
    // crash and not a view made some other way that could differ from the Gemini page.
    return nullptr;
}

std::string built_site::article_body(std::size_t i) const
{
    const article& a = loaded_.articles[i];
    const std::string& folder = cat_.category_urls[a.category < loaded_.categories.size() ? a.category : 0];
    return absolute_links(render::markdown_to_gemtext(a.body_markdown(), options_for(cat_, folder)), folder);
}

article_page built_site::article_pieces(std::size_t i) const
{
    return make_article_page(cat_, i, article_body(i));
}

article_page built_site::comments_pieces(std::size_t i) const
{
    const article& a = loaded_.articles[i];
    const std::string& folder = cat_.category_urls[a.category < loaded_.categories.size() ? a.category : 0];
    const render::gemtext_options options = options_for(cat_, folder);
    const std::vector<comment> comments = a.comments();
    std::vector<std::string> bodies;
    bodies.reserve(comments.size());
    for (const comment& c : comments)
        bodies.push_back(absolute_links(render::markdown_to_gemtext(c.body_markdown, options), folder));
    return make_comments_page(cat_, i, comments, bodies);
}

article_page built_site::page_comments_pieces(std::size_t p) const
{
    const render::gemtext_options options = options_for(cat_, "/");
    const std::vector<comment> comments = loaded_.pages[p].comments();
    std::vector<std::string> bodies;
    bodies.reserve(comments.size());
    for (const comment& c : comments)
        bodies.push_back(absolute_links(render::markdown_to_gemtext(c.body_markdown, options), "/"));
    return make_page_comments_page(cat_, p, comments, bodies);
}

std::string built_site::home_gemtext() const
{
    std::string intro;
    if (loaded_.index)
        intro = absolute_links(render::markdown_to_gemtext(loaded_.index->body_markdown(), options_for(cat_, "/")), "/");
    return home_page(cat_, intro);
}

std::string built_site::page_gemtext(std::size_t p) const
{
    const std::string body =
        absolute_links(render::markdown_to_gemtext(loaded_.pages[p].body_markdown(), options_for(cat_, "/")), "/");
    return plain_page(cat_, p, body);
}

std::string built_site::atom_for(std::size_t c) const
{
    // The whole article as gemtext, links absolute gemini:// (issue 28).
    feed_style style{cat_.gemini_origin(), nullptr, [this](std::size_t i) { return article_body(i); }, nullptr};
    if (c == 0)
        return atom_feed_for(cat_, "/", settings_.title, cat_.newest_first, style);
    return atom_feed_for(cat_, cat_.category_urls[c], loaded_.categories[c].title, cat_.articles_in[c], style);
}

std::string built_site::web_atom_for(std::size_t c) const
{
    const std::string origin = web_.origin();
    feed_style style{origin, [](std::string_view path) { return paths::web_url(path); },
                     [this](std::size_t i) { return article_body(i); },
                     [this, &origin](std::size_t i) {
                         const article& a = loaded_.articles[i];
                         const std::size_t k = a.category < loaded_.categories.size() ? a.category : 0;
                         return render::markdown_to_html(a.body_markdown(),
                                                         web_html_options(cat_, cat_.category_urls[k], origin, false));
                     }};
    if (c == 0)
        return atom_feed_for(cat_, "/", settings_.title, cat_.newest_first, style);
    return atom_feed_for(cat_, cat_.category_urls[c], loaded_.categories[c].title, cat_.articles_in[c], style);
}

std::vector<web_comment> built_site::web_thread(const std::vector<comment>& comments, std::size_t c) const
{
    std::vector<web_comment> thread;
    thread.reserve(comments.size());
    for (const comment& one : comments)
        thread.push_back({&one, render::markdown_to_html(one.body_markdown,
                                                          web_html_options(cat_, cat_.category_urls[c], {}, false, 4))});
    return thread;
}

std::string built_site::web_body(const std::string& markdown, std::size_t c) const
{
    const std::size_t k = c < loaded_.categories.size() ? c : 0;
    return render::markdown_to_html(markdown, web_html_options(cat_, cat_.category_urls[k], {}, false));
}

std::shared_ptr<const document> built_site::render_web(std::string_view gemini_path, const page_ref& ref) const
{
    const std::string key = page_cache::key(web_view, print_of(ref), gemini_path);
    if (auto hit = cache_->find(key))
        return hit;
    return cache_->insert(key, web_page(ref));
}

document built_site::web_page(const page_ref& ref) const
{
    const std::size_t i = ref.index;
    const std::string mime{html_mime};
    switch (ref.kind) {
    case page_kind::home:
        return {mime, web_home_page(web_, loaded_.index ? web_body(loaded_.index->body_markdown(), 0) : std::string{})};
    case page_kind::category:
        return {mime, web_category_page(web_, i)};
    case page_kind::feed:
        return {std::string{atom_mime}, web_atom_for(i)};
    case page_kind::article:
    case page_kind::comments: {
        const article& a = loaded_.articles[i];
        const std::vector<comment> comments = shows_comments(a) ? a.comments() : std::vector<comment>{};
        const std::size_t c = a.category < loaded_.categories.size() ? a.category : 0;
        return {mime, web_article_page(web_, i, web_body(a.body_markdown(), c), web_thread(comments, c))};
    }
    case page_kind::page:
    case page_kind::page_comments: {
        const article& p = loaded_.pages[i];
        const std::vector<comment> comments = shows_comments(p) ? p.comments() : std::vector<comment>{};
        return {mime, web_plain_page(web_, i, web_body(p.body_markdown(), 0), web_thread(comments, 0))};
    }
    case page_kind::tags:
        return {mime, web_tags_page(web_)};
    case page_kind::tag:
        return {mime, web_tag_page(web_, *tag_list_[i])};
    case page_kind::archive:
        return {mime, web_archive_page(web_)};
    case page_kind::search:
        return search_page_web({});
    case page_kind::article_text:
    case page_kind::comments_text:
    case page_kind::page_comments_text:
    case page_kind::gemtext_file:
    case page_kind::file:
        break;
    }
    return files_.at(i);
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

document built_site::gemini_page(const page_ref& ref) const
{
    const std::size_t i = ref.index;
    switch (ref.kind) {
    case page_kind::home:
        return {gemini_mime_, home_gemtext()};
    case page_kind::category:
        return {gemini_mime_, make_category_page(cat_, i).gemini()};
    case page_kind::feed:
        return {std::string{atom_mime}, atom_for(i)};
    case page_kind::article:
        return {lang_mime(cat_.lang_of(loaded_.articles[i])), article_pieces(i).gemini()};
    case page_kind::comments:
        return {lang_mime(cat_.lang_of(loaded_.articles[i])), comments_pieces(i).gemini()};
    case page_kind::page:
        return {lang_mime(cat_.lang_of(loaded_.pages[i])), page_gemtext(i)};
    case page_kind::page_comments:
        return {lang_mime(cat_.lang_of(loaded_.pages[i])), page_comments_pieces(i).gemini()};
    case page_kind::tags:
        return {gemini_mime_, tags_page(cat_)};
    case page_kind::tag:
        return {gemini_mime_, tag_page(cat_, *tag_list_[i])};
    case page_kind::archive:
        return {gemini_mime_, archive_page(cat_)};
    case page_kind::search:
        return {gemini_mime_, search_gemtext({})};
    case page_kind::article_text:
    case page_kind::comments_text:
    case page_kind::page_comments_text:
    case page_kind::gemtext_file:
    case page_kind::file:
        break;
    }
    return files_.at(i);
}

std::string built_site::category_top(std::size_t c) const
{
    const auto parent = cat_.parent[c].value_or(0);
    std::string top = paths::link_line("/", "Home");
    top += paths::link_line(cat_.category_urls[parent],
                            "Up: " + (parent == 0 ? settings_.title : loaded_.categories[parent].title));
    return top;
}

document built_site::gopher_menu(std::string_view gemtext, const std::string& extra) const
{
    return {std::string{gopher_menu_mime},
            render::finish_menu(render::gemtext_to_menu(gemtext, directory_.options()) + extra)};
}

document built_site::gopher_text(std::string_view gemtext) const
{
    return {std::string{gopher_text_mime},
            render::finish_text(render::gemtext_to_text(gemtext, directory_.options()), settings_.strict_rfc1436)};
}

namespace {

/// `text` less `prefix` and `suffix`, when it starts and ends with them.
std::optional<std::string_view> between(std::string_view text, std::string_view prefix, std::string_view suffix)
{
    if (text.size() < prefix.size() + suffix.size() || !text.starts_with(prefix) || !text.ends_with(suffix))
        return std::nullopt;
    return text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
}

std::string joined(std::initializer_list<std::string_view> parts)
{
    std::size_t size = 0;
    for (const auto part : parts)
        size += part.size();
    std::string out;
    out.reserve(size);
    for (const auto part : parts)
        out += part;
    return out;
}

} // namespace

/// The Gopher view of a generated page, cut from that page's Gemini text: the menu and
/// text views differ from it only in the lines around the body, and those come from the
/// catalog, not from the Markdown. nullopt if the gemtext is not laid out as expected.
std::optional<document> built_site::gopher_from_gemtext(std::string_view selector, const page_ref& ref,
                                                        std::string_view gemtext) const
{
    const std::size_t i = ref.index;
    switch (ref.kind) {
    case page_kind::home:
        return gopher_menu(gemtext,
                           render::menu_line({'h', "This capsule on Gemini", "URL:" + cat_.gemini_origin() + "/",
                                              settings_.gopher_host, settings_.gopher_port}));
    case page_kind::category: {
        std::string crumbs;
        for (const auto& [url, title] : cat_.crumbs_above(i))
            crumbs += paths::link_line(url, title);
        const auto rest = between(gemtext, crumbs, {});
        if (!rest)
            return std::nullopt;
        return gopher_menu(joined({category_top(i), *rest}));
    }
    case page_kind::article: {
        const std::string up = article_up_links(cat_, i);
        const auto main = between(gemtext, {}, up);
        if (!main)
            return std::nullopt;
        return gopher_menu(
            joined({*main, paths::link_line(paths::with_extension(selector, ".txt"), "Plain text version"), up}));
    }
    case page_kind::article_text: {
        const article_page chrome = make_article_page(cat_, i, {});
        const auto body = between(gemtext, joined({chrome.crumbs, chrome.head}), joined({chrome.footer, chrome.up}));
        if (!body)
            return std::nullopt;
        return gopher_text(joined({chrome.trail, chrome.head, *body}));
    }
    case page_kind::comments:
    case page_kind::comments_text: {
        // Only the chrome is wanted (the thread comes from the cached gemtext): no comments.
        const article_page chrome = make_comments_page(cat_, i, {}, {});
        const auto thread = between(gemtext, chrome.crumbs, chrome.up);
        if (!thread)
            return std::nullopt;
        return gopher_text(joined({chrome.trail, *thread}));
    }
    case page_kind::page_comments:
    case page_kind::page_comments_text: {
        const article_page chrome = make_page_comments_page(cat_, i, {}, {});
        const auto thread = between(gemtext, chrome.crumbs, chrome.up);
        if (!thread)
            return std::nullopt;
        return gopher_text(joined({chrome.trail, *thread}));
    }
    case page_kind::page:
    case page_kind::tags:
    case page_kind::tag:
    case page_kind::archive:
    case page_kind::search:
        return gopher_menu(gemtext);
    case page_kind::feed:
    case page_kind::gemtext_file:
    case page_kind::file:
        break;
    }
    return std::nullopt;
}

/// A hand-written gemtext page gets the same Gopher menu a generated one would, made
/// from the file as it is now.
document built_site::gemtext_file_menu(std::size_t file) const
{
    // The menu is made from the whole file per cache miss: a huge one is refused, not read.
    // The size checked is the file's as opened, not as built: one that grew since is refused too.
    constexpr std::uint64_t max_bytes = 1024 * 1024;
    auto stream = file_stream::open(*files_[file].file);
    if (stream && stream->size() > max_bytes)
        return gopher_menu("This page is too large for a Gopher menu (" + std::to_string(stream->size()) +
                           " bytes; the limit is 1 MiB). Read it over Gemini.\n");
    std::string gemtext, buffer;
    while (stream) {
        const auto chunk = stream->next(buffer);
        if (!chunk || chunk->empty()) {
            if (chunk && text::is_valid_utf8(gemtext))
                return gopher_menu(gemtext);
            break;
        }
        gemtext += *chunk;
    }
    return gopher_menu("The file could not be read.\n");
}

// --- The model ----------------------------------------------------------------------

void built_site::add_gemini(kept_text path, page_ref ref)
{
    if (taken(text_of(path))) {
        problems_.push_back({{}, 0, 0, "skipped a second page for " + std::string{text_of(path)}});
        return;
    }
    gemini_.emplace(path, ref);
}

void built_site::add_static_files()
{
    for (std::size_t k = 0; k < loaded_.files.size(); ++k) {
        const static_file& f = loaded_.files[k];
        std::string path = f.path.starts_with("/") ? f.path : "/" + f.path;
        if (taken(path)) {
            problems_.push_back({f.source, 0, 0, "not served: " + path + " is a generated page"});
            continue;
        }
        // Only the identity is kept: the bytes are read per request, in chunks (file_stream),
        // so a folder of photos costs no memory however large it is. Opened once now all
        // the same, so that a file the server cannot read is reported at load rather than
        // found missing by a reader.
        const auto opened = file_stream::open({f.source, {}, false});
        if (!opened) {
            problems_.push_back({f.source, 0, 0, "could not be read"});
            continue;
        }
        const file_identity identity = opened->identity();
        const char type = item_type_for_file(path, f.mime);
        const auto index = static_cast<std::uint32_t>(files_.size());
        files_.push_back({f.mime, {}, file_source{f.source, identity, false}});
        // Text files are type 0, which strict RFC 1436 terminates with a lone ".".
        files_.push_back({f.mime, {}, file_source{f.source, identity, settings_.strict_rfc1436 && type == '0'}});
        bool gemtext = false;
        if (f.mime.starts_with("text/gemini")) {
            // Read once now, only to know that the Gopher menu can be made from it.
            const auto text = read_whole(files_[index].file.value());
            gemtext = text && text::is_valid_utf8(*text);
        }
        const kept_text kept = keep(path);
        if (gemtext) {
            directory_.add(kept, '1', kept);
            add_gopher(kept, {page_kind::gemtext_file, index});
            gemini_.emplace(kept, page_ref{page_kind::gemtext_file, index});
        } else {
            directory_.add(kept, type, kept);
            gopher_.emplace(kept, page_ref{page_kind::file, index});
            gemini_.emplace(kept, page_ref{page_kind::file, index});
        }
    }
}

void built_site::add_aliases()
{
    for (std::size_t i : cat_.newest_first) {
        for (const auto& alias : loaded_.articles[i].meta.aliases) {
            std::string path = paths::decode(alias);
            if (!path.starts_with("/"))
                path.insert(0, "/");
            if (taken(path)) {
                problems_.push_back({loaded_.articles[i].source, 0, 0, "alias " + path + " is already a page"});
                continue;
            }
            redirects_.emplace(std::string_view{path}, keep(paths::encode(cat_.article_urls[i])));
        }
    }
    // Pages keep their old addresses too (an imported blog's /about/ -> /about.gmi).
    for (std::size_t i = 0; i < loaded_.pages.size(); ++i) {
        if (cat_.page_urls[i].empty())
            continue;
        for (const auto& alias : loaded_.pages[i].meta.aliases) {
            std::string path = paths::decode(alias);
            if (!path.starts_with("/"))
                path.insert(0, "/");
            if (taken(path)) {
                problems_.push_back({loaded_.pages[i].source, 0, 0, "alias " + path + " is already a page"});
                continue;
            }
            redirects_.emplace(std::string_view{path}, keep(paths::encode(cat_.page_urls[i])));
        }
    }
}

void built_site::add_missing_folders()
{
    // Every folder above a served path must answer, so "go to parent" never meets a 51.
    // A folder with no page of its own sends the reader to its nearest ancestor that has one.
    // Which ancestor that is depends on the folder alone, not on the path it was found
    // above, so the order paths are visited in does not matter. The paths are read where
    // they are kept (views into the store stay valid as it grows), not copied first.
    const auto add_folders_above = [this](std::string_view path) {
        std::string_view nearest = "/";
        for (auto slash = path.find('/', 1); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
            const std::string_view folder = path.substr(0, slash + 1);
            if (gemini_.contains(folder)) {
                nearest = folder;
                continue;
            }
            if (redirects_.contains(folder))
                continue;  // a redirect of its own, or a folder added above another path
            redirects_.emplace(folder, keep(paths::encode(nearest)));
        }
    };
    // Only the redirects there were before: the folders added here have their
    // ancestors seen already.
    const std::size_t redirects = redirects_.size();
    for (std::size_t n = 0; n < gemini_.size(); ++n)
        add_folders_above(gemini_.key_at(n));
    for (std::size_t n = 0; n < redirects; ++n)
        add_folders_above(redirects_.key_at(n));
}

void built_site::index_articles(const built_site* previous)
{
    // The search index needs every article's rendered text once. Articles a reload did not
    // change share their entry with the snapshot before; the rest are rendered here, in
    // parallel, and the text is not kept beyond the index.
    const std::size_t count = cat_.newest_first.size();
    // The entries taken over number their words in the snapshot before's vocabulary.
    if (previous)
        index_ = search_index(previous->index_.vocabulary());
    article_entries_.resize(loaded_.articles.size());
    std::vector<std::size_t> fresh;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = cat_.newest_first[k];
        if (previous)
            article_entries_[i] = previous->reusable_entry(cat_.article_urls[i], prints_.articles[i]);
        if (!article_entries_[i])
            fresh.push_back(i);
    }
    parallel_for(fresh.size(), [&](std::size_t k) {
        const std::size_t i = fresh[k];
        const article& a = loaded_.articles[i];
        const std::string body = article_body(i);
        article_entries_[i] = index_.make_entry(cat_.article_urls[i], title_of(a),
                                                       a.meta.date ? a.meta.date->ymd() : std::string{},
                                                       paths::sort_key(a.meta.date), body, false);
    });
    for (std::size_t k = 0; k < count; ++k)
        index_.add(article_entries_[cat_.newest_first[k]]);
}

/// Categories, each with its own feed.
void built_site::add_categories()
{
    for (std::size_t c = 1; c < loaded_.categories.size(); ++c) {
        const kept_text url = keep(cat_.category_urls[c]);
        const auto index = static_cast<std::uint32_t>(c);
        add_gopher(url, {page_kind::category, index});
        directory_.add(url, '1', url);
        add_gemini(url, {page_kind::category, index});
        const kept_text feed = keep(cat_.category_urls[c] + "atom.xml");
        gemini_.emplace(feed, page_ref{page_kind::feed, index});
        gopher_.emplace(feed, page_ref{page_kind::feed, index});
        directory_.add(feed, '9', feed);
    }
    const kept_text feed = keep("/atom.xml");
    gemini_.emplace(feed, page_ref{page_kind::feed, 0});
    gopher_.emplace(feed, page_ref{page_kind::feed, 0});
    directory_.add(feed, '9', feed);
}

/// Articles and their comments. Each path is kept once for every table that holds it.
void built_site::add_articles()
{
    for (const std::size_t i : cat_.newest_first) {
        const article& a = loaded_.articles[i];
        const std::string& url = cat_.article_urls[i];
        const auto index = static_cast<std::uint32_t>(i);
        const kept_text page = keep(url);
        const kept_text text = keep(paths::with_extension(url, ".txt"));
        add_gopher(page, {page_kind::article, index});
        add_gopher(text, {page_kind::article_text, index});
        directory_.add(page, '1', page);
        directory_.add(text, '0', text);
        add_gemini(page, {page_kind::article, index});
        // The usual URL needs no percent-encoding: the target is then the page's own path.
        const std::string encoded = paths::encode(url);
        redirects_.emplace(std::string_view{paths::article_dir_url(url)}, encoded == url ? page : keep(encoded));

        if (!shows_comments(a))
            continue;
        summary_.comments += a.comment_count;
        const std::string comments_url = paths::comments_url(url);
        const kept_text comments = keep(comments_url);
        const kept_text comments_text = keep(paths::with_extension(comments_url, ".txt"));
        add_gopher(comments_text, {page_kind::comments_text, index});
        directory_.add(comments, '0', comments_text);
        directory_.add(comments_text, '0', comments_text);
        add_gemini(comments, {page_kind::comments, index});
    }
}

/// Top-level pages.
void built_site::add_pages()
{
    for (std::size_t p = 0; p < loaded_.pages.size(); ++p) {
        if (cat_.page_urls[p].empty())
            continue;
        const kept_text url = keep(cat_.page_urls[p]);
        const auto index = static_cast<std::uint32_t>(p);
        add_gopher(url, {page_kind::page, index});
        directory_.add(url, '1', url);
        add_gemini(url, {page_kind::page, index});
        ++summary_.pages;

        // A page's comments are served as an article's: /about/comments.gmi and .txt.
        const article& a = loaded_.pages[p];
        if (!shows_comments(a))
            continue;
        summary_.comments += a.comment_count;
        const std::string comments_url = paths::comments_url(cat_.page_urls[p]);
        const kept_text comments = keep(comments_url);
        const kept_text comments_text = keep(paths::with_extension(comments_url, ".txt"));
        add_gopher(comments_text, {page_kind::page_comments_text, index});
        directory_.add(comments, '0', comments_text);
        directory_.add(comments_text, '0', comments_text);
        add_gemini(comments, {page_kind::page_comments, index});
    }
    // The home page shows no thread: comments of index.md would be loaded and never served.
    if (loaded_.index && loaded_.index->comment_count != 0 && loaded_.index->meta.comments != content::comment_policy::off)
        problems_.push_back({std::filesystem::path{loaded_.index->source}.replace_extension(".comments.toml"), 0, 0,
                             "comments for the home page (index.md), which shows none; not published"});
}

/// Tags and the archive.
void built_site::add_tags_and_archive()
{
    const kept_text tags = keep("/tags/");
    add_gopher(tags, {page_kind::tags, 0});
    directory_.add(tags, '1', tags);
    add_gemini(tags, {page_kind::tags, 0});
    for (const auto& [key, tag] : cat_.tags) {
        const auto index = static_cast<std::uint32_t>(tag_list_.size());
        tag_list_.push_back(&tag);
        const kept_text url = keep(tag.url);
        add_gopher(url, {page_kind::tag, index});
        directory_.add(url, '1', url);
        add_gemini(url, {page_kind::tag, index});
    }
    const kept_text archive = keep("/archive/");
    add_gopher(archive, {page_kind::archive, 0});
    directory_.add(archive, '1', archive);
    add_gemini(archive, {page_kind::archive, 0});
}

/// Pages (top-level Markdown) are few: always rendered for the search index.
void built_site::index_pages()
{
    for (std::size_t p = 0; p < loaded_.pages.size(); ++p) {
        if (cat_.page_urls[p].empty())
            continue;
        const article& a = loaded_.pages[p];
        const std::string body =
            absolute_links(render::markdown_to_gemtext(a.body_markdown(), options_for(cat_, "/")), "/");
        index_.add(cat_.page_urls[p], title_of(a), {}, paths::sort_key(a.meta.date), body);
    }
}

/// The cache may still hold this site's pages from the snapshot before: keep those
/// this one serves with the same fingerprint, drop the rest now rather than when they
/// age out.
void built_site::keep_cached_pages(const built_site& previous)
{
    const auto& old_gemini = previous.gemini_;
    const auto& old_gopher = previous.gopher_;
    cache_->retain([&](std::string_view key) {
        if (key.size() < 17)
            return true;
        const char view = key[0];
        const std::string_view path = key.substr(17);
        // Gemini and web pages are keyed by their Gemini path.
        const auto& now = view == gopher_view ? gopher_ : gemini_;
        if (const page_ref* ref = now.find(path))
            return key == page_cache::key(view, print_of(*ref), path);
        // Another site's page (sites share one cache) is none of ours to drop.
        return !(view == gopher_view ? old_gopher : old_gemini).contains(path);
    });
}

void built_site::build(const built_site* previous, std::chrono::steady_clock::time_point started)
{
    cat_ = make_catalog(settings_, loaded_, problems_);
    prints_ = fingerprint_site(cat_);
    web_ = make_web_context(cat_);
    // A feed shows its entries' bodies: its print covers them.
    feed_prints_.resize(loaded_.categories.size());
    for (std::size_t c = 0; c < loaded_.categories.size(); ++c) {
        fingerprint_hasher h{prints_.site};
        const auto& list = feed_articles(c);
        for (std::size_t k = 0; k < std::min(settings_.feed_entries, list.size()); ++k)
            h.add(prints_.articles[list[k]]);
        feed_prints_[c] = h.value();
    }
    for (const std::size_t i : cat_.newest_first)
        if (loaded_.articles[i].meta.wordpress_id != 0)
            wordpress_.emplace(loaded_.articles[i].meta.wordpress_id, std::pair{true, i});
    for (std::size_t p = 0; p < loaded_.pages.size(); ++p)
        if (loaded_.pages[p].meta.wordpress_id != 0 && !cat_.page_urls[p].empty())
            wordpress_.emplace(loaded_.pages[p].meta.wordpress_id, std::pair{false, p});
    gemini_mime_ = cat_.gemini_mime(settings_.lang);
    // Sized once, the tables are not regrown as they fill, nor left with up to half their
    // room unused: a reload serves about as many paths as the snapshot before, a first
    // load about as many as its articles make (2 Gemini paths, 3 Gopher selectors, 4
    // directory items and a redirect each, with comments) and a few per everything else.
    if (previous) {
        gemini_.reserve(previous->gemini_.size());
        gopher_.reserve(previous->gopher_.size());
        redirects_.reserve(previous->redirects_.size());
        directory_.reserve(previous->directory_.size());
    } else {
        const std::size_t articles = cat_.newest_first.size();
        const std::size_t others = 2 * loaded_.categories.size() + loaded_.pages.size() + cat_.tags.size() +
                                   loaded_.files.size() + 8;
        gemini_.reserve(2 * articles + others);
        gopher_.reserve(3 * articles + others);
        redirects_.reserve(articles + others);
        directory_.reserve(4 * articles + others);
    }

    // Home.
    const kept_text home = keep("/");
    add_gopher(home, {page_kind::home, 0});
    add_gemini(home, {page_kind::home, 0});
    directory_.add(home, '1', home);

    add_categories();
    add_articles();
    add_pages();
    add_tags_and_archive();
    // The server answers "/search?terms" itself; the bare path explains what to do.
    const kept_text search = keep("/search");
    add_gemini(search, {page_kind::search, 0});
    directory_.add(search, '7', search);
    add_gopher(search, {page_kind::search, 0});

    add_static_files();
    add_aliases();
    add_missing_folders();

    index_articles(previous);
    index_pages();

    if (previous)
        keep_cached_pages(*previous);

    summary_.articles = cat_.newest_first.size();
    summary_.categories = loaded_.categories.empty() ? 0 : loaded_.categories.size() - 1;
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

std::shared_ptr<const site> build_site_since(const site_settings& settings, tree loaded,
                                             std::vector<diagnostic> problems,
                                             std::chrono::steady_clock::time_point started,
                                             std::shared_ptr<page_cache> cache,
                                             const std::shared_ptr<const site>& previous)
{
    // Built in place: the catalog and the Gopher directory refer to members of the object.
    auto built = std::make_shared<built_site>(settings, std::move(loaded), std::move(problems), std::move(cache));
    const auto* before = dynamic_cast<const built_site*>(previous.get());
    // Only a snapshot sharing the cache can lend its renders and search entries.
    if (before && before->cache() != built->cache())
        before = nullptr;
    built->build(before, started);
    return built;
}

std::shared_ptr<const site> build_site(const site_settings& settings, const tree& loaded,
                                       std::vector<diagnostic> problems)
{
    return build_site_since(settings, loaded, std::move(problems), std::chrono::steady_clock::now(), nullptr, nullptr);
}

std::shared_ptr<const site> build_site(const site_settings& settings, const tree& loaded,
                                       std::vector<diagnostic> problems, std::shared_ptr<page_cache> cache,
                                       const std::shared_ptr<const site>& previous)
{
    return build_site_since(settings, loaded, std::move(problems), std::chrono::steady_clock::now(),
                            std::move(cache), previous);
}

} // namespace smolpub::site
