// SPDX-License-Identifier: ISC
#pragma once
// The published site: a compact model of every page of a capsule, each rendered when first
// asked for into a bounded cache; immutable after load, shared by all sessions of both
// protocols.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/model.hpp"
#include "content/settings.hpp"
#include "site/document.hpp"

namespace smolpub::site {

struct load_summary {
    std::size_t articles = 0, pages = 0, comments = 0, categories = 0;
    std::chrono::milliseconds elapsed{0};
    std::string text() const;  ///< "loaded N articles, M comments, K categories in T ms"
};

class page_cache;

class site {
public:
    /// Resolves a Gemini path, percent-decoded once by the caller ("/", "/cat/", "/cat/a.gmi").
    /// The empty path is the root. Never touches the disk.
    virtual route_result route(std::string_view path) const = 0;
    /// Resolves a Gopher selector ("", "/", "/cat/a.gmi", "/cat/a.txt") to a menu, text or file,
    /// whose body is unframed: menu items without the final ".", text without dot-stuffing
    /// (gopher/response frames both). Reads the disk only for a hand-written .gmi's menu not
    /// yet in the cache, and not with disk_reads::deferred (then: `needs_disk`).
    virtual route_result route_gopher(std::string_view selector, disk_reads reads = disk_reads::allowed) const = 0;
    /// Case-insensitive full-text search over titles and bodies, ranked, at most `limit` hits.
    virtual std::vector<search_hit> search(std::string_view query, std::size_t limit) const = 0;
    /// The results page for a query, as gemtext (for Gemini `/search?query`) ...
    virtual document search_page_gemini(std::string_view query) const = 0;
    /// ... and as Gopher menu items, unframed like route_gopher's (for the type-7 item `/search`).
    virtual document search_page_gopher(std::string_view query) const = 0;
    virtual const load_summary& summary() const = 0;
    /// The content model the site was built from, which the next reload lends to the
    /// loader (unchanged files are not read again; broken ones keep their last good
    /// version); nullptr for a site not built from one.
    virtual const content::tree* model() const { return nullptr; }
    /// The settings the site was built with; nullptr for a site not built from settings.
    virtual const content::site_settings* settings() const { return nullptr; }
    /// Problems found while loading; the files they name were skipped, the rest is served.
    virtual const std::vector<content::diagnostic>& problems() const = 0;
    /// Every Gemini path that route() answers with a document (not redirects), sorted:
    /// what `smolpub check` walks and `smolpub build` exports.
    virtual std::vector<std::string> gemini_paths() const = 0;
    /// Every Gopher selector with a body of its own (menus, text, files), sorted.
    virtual std::vector<std::string> gopher_selectors() const = 0;
    /// The web face's routes (HTML pages, the web's Atom, sitemap.xml, robots.txt,
    /// style.css, static files, and every other known path as a redirect to its web
    /// path); answer_web adds the search and WordPress's `?p=ID`. The default answers
    /// static files and redirects only (a site not built from a model).
    virtual route_result route_web(std::string_view path) const;
    /// The web's search page: the form, and with terms the results.
    virtual document search_page_web(std::string_view query) const { return {"text/plain; charset=utf-8", std::string{query}}; }
    /// The web path of the article or page whose front matter has `wordpress_id = id`.
    virtual std::optional<std::string> wordpress_target(std::uint64_t) const { return std::nullopt; }
    /// Every web path that route_web answers with a document, sorted (what `smolpub build`
    /// exports under html/), and every path it redirects (exported as redirect pages).
    virtual std::vector<std::string> web_paths() const { return {}; }
    virtual std::vector<std::string> web_redirect_paths() const { return {}; }
    /// The redirect page that `smolpub build` writes for a static host at a redirected
    /// path: meta refresh and rel=canonical to `target` (answer_web's encoded target).
    virtual std::string web_redirect_page(std::string_view target) const { return std::string{target}; }
    virtual ~site() = default;

    /// What a live Gemini request for `path` with `query` (`?terms`, decoded) gets. The site
    /// owns its search: `/search` without terms is `input` (prompt "Search terms"), with
    /// terms the results page; every other path is route(path). (site/answer.cpp)
    route_result answer(std::string_view path, const std::optional<std::string>& query) const;
    /// The same for a Gopher selector and its type-7 query: `/search` (or `search`) without
    /// terms is `input`, with terms the results menu (item type 7); the rest is route_gopher().
    route_result answer_gopher(std::string_view selector, const std::optional<std::string>& query,
                               disk_reads reads = disk_reads::allowed) const;
    /// The same for the web face (HTTP, and what `smolpub build` exports as HTML): the
    /// document's MIME type says what it is ("text/html; charset=utf-8" for pages, static
    /// files as over Gemini); a redirect's target is an absolute, percent-encoded path
    /// (possibly with a "#fragment") that the HTTP side answers with 301. Unlike answer(),
    /// `query` is the raw query string (after '?', not percent-decoded): its fields are
    /// split first, then decoded. `/search` takes its terms from a form's `q=terms` ('+'
    /// for spaces) or from the whole query; `/?p=ID` and `/?page_id=ID` redirect to the article that has that
    /// `wordpress_id`. Everything else is route_web(path). (site/answer.cpp)
    route_result answer_web(std::string_view path, const std::optional<std::string>& query) const;
};

/// The site of `loaded` for `settings`: every path, ready to render its page (Gemini,
/// Gopher and web views) when asked, into `cache`. The cache is the caller's: it makes it
/// with the size it wants (limits.cache) and may share it with every site and snapshot of
/// a server; a null cache is a bug (std::invalid_argument). With the `previous` snapshot of
/// the same site sharing that cache, pages and search entries whose inputs did not change
/// are taken over instead of rendered again. Building writes nothing to the cache: the
/// pages `previous` leaves behind go once the new site is published
/// (release_replaced_pages).
std::shared_ptr<const site> build_site(const content::site_settings& settings, const content::tree& loaded,
                                       std::vector<content::diagnostic> problems, std::shared_ptr<page_cache> cache,
                                       const std::shared_ptr<const site>& previous = nullptr);

/// Once `current` has replaced `replaced` (a reload has succeeded), drops from the cache
/// they share the pages of `replaced` that `current` does not serve with the same
/// fingerprint, rather than leave them until they age out. Nothing happens for sites of
/// different caches, or not made by build_site.
void release_replaced_pages(const site& current, const site& replaced);

/// Loads the capsule under `settings.content_dir` into a site whose pages are rendered on
/// demand into `cache` (as build_site).
/// Broken files become diagnostics; only an unreadable content directory fails the load.
/// A `previous` site of the same folder lends its model: unchanged files are not read again,
/// and a file that no longer parses keeps its last good version (content/reuse.hpp).
tl::expected<std::shared_ptr<const site>, content::diagnostic> load_site(const content::site_settings& settings,
                                                                std::shared_ptr<page_cache> cache,
                                                                const std::shared_ptr<const site>& previous = nullptr);

} // namespace smolpub::site
