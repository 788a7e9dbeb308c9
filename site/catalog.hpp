// SPDX-License-Identifier: ISC
#pragma once
// The shape of a site before any page is rendered: every URL, every ordering and every
// cross-reference (parents, prev/next, tags, Markdown sources), computed once so the
// page builders only look things up. Nothing here is quadratic in the article count.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/diagnostic.hpp"
#include "content/model.hpp"
#include "content/settings.hpp"
#include "site/path_table.hpp"

namespace smolpub::site {

struct tag_entry {
    std::string name;                   ///< as first written
    std::string url;                    ///< "/tags/<name>/"
    std::vector<std::size_t> articles;  ///< newest first
};

struct catalog {
    const content::tree* src = nullptr;
    const content::site_settings* settings = nullptr;

    std::vector<std::string> category_urls;            ///< per category: "/notes/rust/"
    std::vector<std::optional<std::size_t>> parent;    ///< per category; root has none
    std::vector<std::vector<std::size_t>> children;    ///< per category, by order then title
    std::vector<std::vector<std::size_t>> articles_in; ///< per category, newest first
    std::vector<bool> published;                       ///< per article: not a draft, URL unique
    std::vector<std::string> article_urls;             ///< per article: "/notes/slug.gmi"
    std::vector<std::size_t> position;                 ///< per article: index in articles_in
    std::vector<std::string> page_urls;                ///< per page: "/about.gmi"
    std::vector<std::size_t> newest_first;             ///< published articles
    std::map<std::string, tag_entry> tags;             ///< by lowercase name
    /// Source file relative to the content root ("recipes/bread.md") -> served URL (kept
    /// in the table's store: served_by_source.text(url)).
    path_table<kept_text> served_by_source;

    /// Home, then each ancestor of category `c` (not `c` itself), as (url, title).
    std::vector<std::pair<std::string, std::string>> crumbs_above(std::size_t c) const;
    /// The author shown for an article: its own or the site's.
    std::string author_of(const content::article& a) const;
    /// The page language: the article's or the site's.
    std::string lang_of(const content::article& a) const;
    /// "text/gemini; charset=utf-8; lang=<lang>".
    std::string gemini_mime(std::string_view lang) const;
    /// "gemini://host[:port]" without a trailing slash.
    std::string gemini_origin() const;
};

/// Orders and cross-references `loaded`; duplicate URLs are skipped and reported.
catalog make_catalog(const content::site_settings& settings, const content::tree& loaded,
                     std::vector<content::diagnostic>& problems);

} // namespace smolpub::site
