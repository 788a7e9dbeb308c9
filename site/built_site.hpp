// SPDX-License-Identifier: ISC
#pragma once
// Internal to site/: the site that build_site makes, shared by its three parts:
//   site/router.cpp     which page, redirect or miss a path, selector or web path names;
//   site/on_demand.cpp  rendering that page when asked for, into the page cache;
//   site/builder.cpp    building the tables of paths from the content model, once.
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
//
// After build() returns the model is never written again, so any number of sessions may
// read the same snapshot without locks; the cache has its own.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "site/catalog.hpp"
#include "site/fingerprint.hpp"
#include "site/gopher_view.hpp"
#include "site/page_cache.hpp"
#include "site/pages.hpp"
#include "site/path_table.hpp"
#include "site/search.hpp"
#include "site/site.hpp"
#include "site/web_pages.hpp"

namespace smolpub::site {

inline constexpr std::string_view gopher_menu_mime = "application/gopher-menu";
inline constexpr std::string_view gopher_text_mime = "text/plain; charset=utf-8";
inline constexpr std::string_view atom_mime = "application/atom+xml";
inline constexpr std::size_t search_page_limit = 50;

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
inline constexpr char gemini_view = 'g';
inline constexpr char gopher_view = 'm';
inline constexpr char web_view = 'h';  ///< keyed by the Gemini path of the page

class built_site final : public site {
public:
    built_site(const content::site_settings& settings, content::tree loaded,
               std::vector<content::diagnostic> problems, std::shared_ptr<page_cache> cache);

    // The router (site/router.cpp).
    route_result route(std::string_view path) const override;
    route_result route_gopher(std::string_view selector, disk_reads reads = disk_reads::allowed) const override;
    route_result route_web(std::string_view path) const override;
    std::optional<std::string> wordpress_target(std::uint64_t id) const override;
    std::vector<std::string> gemini_paths() const override;
    std::vector<std::string> gopher_selectors() const override;
    std::vector<std::string> web_paths() const override;
    std::vector<std::string> web_redirect_paths() const override;

    // The search and its pages (site/on_demand.cpp).
    std::vector<search_hit> search(std::string_view query, std::size_t limit) const override;
    document search_page_gemini(std::string_view query) const override;
    document search_page_gopher(std::string_view query) const override;
    document search_page_web(std::string_view query) const override;
    std::string web_redirect_page(std::string_view target) const override;

    const load_summary& summary() const override { return summary_; }
    const content::tree* model() const override { return &loaded_; }
    const content::site_settings* settings() const override { return &settings_; }
    const std::vector<content::diagnostic>& problems() const override { return problems_; }

    // The builder (site/builder.cpp).
    void build(const built_site* previous, std::chrono::steady_clock::time_point started);

    /// Drops from the cache the pages of `previous` that this snapshot does not serve
    /// with the same fingerprint (release_replaced_pages).
    void drop_replaced_pages(const built_site& previous) const;

    const std::shared_ptr<page_cache>& cache() const { return cache_; }

    /// The search entry of the article at `url` if it had `fingerprint` in this snapshot.
    std::shared_ptr<const search_entry> reusable_entry(std::string_view url, std::uint64_t fingerprint) const;

private:
    // The router.
    route_result find_gopher(std::string_view selector, disk_reads reads) const;
    bool taken(std::string_view path) const { return gemini_.contains(path) || redirects_.contains(path); }
    /// The page a web path shows: its Gemini path and ref; nullopt when none.
    std::optional<std::pair<std::string, page_ref>> web_page_at(std::string_view path) const;

    // Rendering on demand.
    /// The fingerprint of the inputs of the page `ref` names: its cache key holds it.
    std::uint64_t print_of(const page_ref& ref) const;
    std::string lang_mime(std::string_view lang) const;
    std::shared_ptr<const document> render_gemini(std::string_view path, const page_ref& ref) const;
    std::shared_ptr<const document> render_web(std::string_view gemini_path, const page_ref& ref) const;
    document web_page(const page_ref& ref) const;
    std::string web_body(const std::string& markdown, std::size_t category) const;
    std::vector<web_comment> web_thread(const std::vector<content::comment>& comments, std::size_t category) const;
    std::string web_atom_for(std::size_t c) const;
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
    search_text_source search_text() const;

    // The builder.
    /// `text` in the store of this snapshot's paths (shared by its tables: kept once).
    kept_text keep(std::string_view text) { return paths_->keep(text); }
    std::string_view text_of(kept_text t) const { return paths_->view(t); }
    void add_gemini(kept_text path, page_ref ref);
    void add_gopher(kept_text selector, page_ref ref) { gopher_.insert_or_assign(selector, ref); }
    void add_categories();
    void add_articles();
    void add_pages();
    void add_comment_thread(const content::article& a, std::string_view url, page_ref gemini, page_kind text);
    void add_tags_and_archive();
    void index_pages();
    void add_static_files();
    void add_aliases();
    void add_missing_folders();
    void index_articles(const built_site* previous);

    content::site_settings settings_;
    content::tree loaded_;
    std::vector<content::diagnostic> problems_;
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

} // namespace smolpub::site
