// SPDX-License-Identifier: ISC
#pragma once
// The web face's pages: semantic HTML5 arranged from the catalog, with bodies already
// rendered from the Markdown (render/html), never from gemtext. Pure, like site/pages.
//
// Web paths are the Gemini paths with `.gmi` dropped and a trailing slash:
//   /notes/slug.gmi          -> /notes/slug/           (the article, its comments on it, #comments)
//   /notes/slug/comments.gmi -> /notes/slug/#comments  (301)
//   /about.gmi               -> /about/
// Folders (/, /notes/, /tags/, /tags/x/, /archive/), feeds and static files keep their paths.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "render/html.hpp"
#include "site/catalog.hpp"
#include "site/document.hpp"

namespace smolpub::site {

inline constexpr std::string_view html_mime = "text/html; charset=utf-8";

namespace paths {
/// The web path of a (decoded or encoded) Gemini path, per the table above; a comments
/// page maps to its article's path with "#comments".
std::string web_url(std::string_view gemini_path);
} // namespace paths

/// Where a web page's absolute links point: `base` is web_base_url without its final '/'
/// (empty: not configured, so no canonical link).
struct web_context {
    const catalog* cat = nullptr;
    std::string base;
    std::string gemini_origin;
    /// "http://<first hostname>" when no base is configured: what the sitemap and the
    /// web's Atom need, which must be absolute.
    std::string origin() const;
};

web_context make_web_context(const catalog& cat);

/// The HTML options for a body written in a file whose folder is served at `folder_url`:
/// `.md` links become their pages' web paths (Gemini paths when `gemini`), relative URLs
/// become absolute, and with an `origin` ("https://host") every site path is prefixed
/// with it (for feeds). The body's headings start at `top_heading` and skip no level.
/// Refers to `cat`, which must outlive the options.
render::html_options web_html_options(const catalog& cat, std::string folder_url, std::string origin, bool gemini,
                                      int top_heading = 2);

/// One comment of a thread, its body rendered to HTML.
struct web_comment {
    const content::comment* c = nullptr;
    std::string body_html;
};

std::string web_home_page(const web_context& web, const std::string& intro_html);
std::string web_category_page(const web_context& web, std::size_t category);
/// The article with its comments (nested threads, each `<article id="comment-ID">`).
std::string web_article_page(const web_context& web, std::size_t article, const std::string& body_html,
                             const std::vector<web_comment>& comments);
std::string web_plain_page(const web_context& web, std::size_t page, const std::string& body_html,
                           const std::vector<web_comment>& comments);
std::string web_tags_page(const web_context& web);
std::string web_tag_page(const web_context& web, const tag_entry& tag);
std::string web_archive_page(const web_context& web);
/// The search form, and with a query its results (whose paths are Gemini paths).
std::string web_search_page(const web_context& web, std::string_view query, const std::vector<search_hit>& hits);
/// Every page's web URL, absolute, with the article dates as lastmod.
std::string web_sitemap(const web_context& web);
/// A small page that sends the reader to `target` (a web path): meta refresh and
/// rel=canonical, for static hosts that cannot answer 301.
std::string web_redirect_page(const web_context& web, std::string_view target);
/// The built-in stylesheet (`/style.css` unless the capsule has its own).
std::string_view web_stylesheet();

/// The id a comment's anchor gets: "comment-" and the id, with anything but letters,
/// digits, '-' and '_' replaced by '-' (WordPress ids are numbers, which stay as they are).
std::string comment_anchor(std::string_view id);

} // namespace smolpub::site
