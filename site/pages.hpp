// SPDX-License-Identifier: ISC
#pragma once
// The gemtext of every generated page. Pure: bodies arrive already rendered, so these
// functions only arrange headings, breadcrumbs, listings and footers.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "site/catalog.hpp"

namespace smolpub::site {

/// An article page in pieces, so the Gopher views can reuse the very same gemtext:
/// the menu adds a plain-text link before `up`, the text twin swaps `crumbs` for `trail`.
struct article_page {
    std::string crumbs;  ///< one link line per ancestor (Home, each category)
    std::string trail;   ///< the same breadcrumb as one text line: "Home > Notes"
    std::string head;    ///< "# Title" and the date/author/tags line
    std::string body;    ///< the rendered Markdown
    std::string footer;  ///< comments, closed notice, previous/next, tags
    std::string up;      ///< Up and Home links
    std::string gemini() const { return crumbs + head + body + footer + up; }
};

/// A `=> url date - Title` line (gemsub); without a date: `=> url Title`.
std::string gemsub_line(const catalog& cat, std::size_t article);

/// The title shown for an article or page: its front matter title, else its slug.
std::string title_of(const content::article& a);

/// An article's byline, as both faces show it: its date, "updated" and the date it was
/// updated (when that differs), "by" and its author, then `extra`, each as `date` and
/// `author` show them; empty parts are left out and the rest joined by " · ".
std::string byline(const catalog& cat, const content::article& a,
                   const std::function<std::string(const content::timestamp&)>& date,
                   const std::function<std::string(const std::string&)>& author, const std::string& extra = {});

std::string home_page(const catalog& cat, const std::string& intro);
/// A category page: `crumbs` are Home and the ancestors; `head` the title and
/// description; `body` the sections, articles (gemsub) and feed link.
article_page make_category_page(const catalog& cat, std::size_t category);
article_page make_article_page(const catalog& cat, std::size_t article, std::string body);
/// An article page's `up` alone (its last lines), from the catalog.
std::string article_up_links(const catalog& cat, std::size_t article);
/// Comments of an article in thread order; `bodies` holds each comment's rendered gemtext.
article_page make_comments_page(const catalog& cat, std::size_t article, const std::vector<content::comment>& comments,
                                const std::vector<std::string>& bodies);
/// Comments of a top-level page, laid out as an article's.
article_page make_page_comments_page(const catalog& cat, std::size_t page, const std::vector<content::comment>& comments,
                                     const std::vector<std::string>& bodies);
/// A top-level page; with its comments shown, a link to them above the last Home link.
std::string plain_page(const catalog& cat, std::size_t page, const std::string& body);
std::string tags_page(const catalog& cat);
std::string tag_page(const catalog& cat, const tag_entry& tag);
std::string archive_page(const catalog& cat);

/// Whether an article shows its comments (it has some and they are not turned off).
bool shows_comments(const content::article& a);
/// Whether the article's pages end in "Comments are closed." (its `comments`, else site.comments).
bool says_comments_closed(const catalog& cat, const content::article& a);

} // namespace smolpub::site
