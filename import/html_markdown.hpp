// SPDX-License-Identifier: ISC
#pragma once
// HTML -> Markdown for imported post bodies and comments, through libxml2's HTML parser
// (which tolerates the tag soup WordPress stores). The walk is bounded in depth, so no input
// can exhaust the stack.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::import {

/// What a URL is used for, for the rewrite hook.
enum class url_use { link, image };

struct markdown_options {
    /// Rewrites an `href` or `src` (own posts to capsule paths, uploads to copied files);
    /// unset: URLs stay as written.
    std::function<std::string(std::string_view url, url_use use)> rewrite_url;
    /// Levels every heading moves down (`<h1>` is `##` with 1), at most to `######`: a post's
    /// title is its page's only level-1 heading.
    int heading_shift = 0;
    /// When set, gets one line for each thing of the input that could not be read as it was
    /// written (an HTML comment never closed, nesting too deep): what was done instead.
    std::vector<std::string>* notes = nullptr;
    /// The footnotes block's texts (wp:postmeta `footnotes`: id and HTML), which its markers
    /// (`<sup data-fn=ID><a href="#ID">`) point at; written as a "Notes" list where
    /// `<!-- wp:footnotes /-->` stands, or at the end.
    struct footnote {
        std::string id;
        std::string html;
    };
    std::vector<footnote> footnotes = {};
    /// What a post's dynamic blocks (`<!-- wp:post-title /-->`...) stand for; empty: nothing.
    std::string post_title = {};
    std::string post_date = {};  ///< as shown: 2009-03-10
    std::string post_author = {};
    std::string site_title = {};
};

/// Converts `html` (UTF-8) to CommonMark that smolpub renders well: paragraphs, line breaks,
/// headings, emphasis, links, images, nested lists, quotes, fenced code (verbatim, entities
/// decoded), rules, pipe tables, figures with captions; comments (Gutenberg's block markers),
/// scripts and styles disappear; iframes, video and audio become links to their source.
/// Footnotes (the block editor's, and the classic `<div class="footnotes"><ol>` forms)
/// become `[1]` markers and a "Notes" list. Dynamic blocks, which WordPress fills in when it
/// shows a page, become links to the capsule's own pages (archives, latest posts and the
/// calendar: /archive/; tag cloud: /tags/; search: /search; categories and page lists: /;
/// an RSS block: its feed), the post's own fields (title, date, author), menu links, or
/// nothing; a one-line "Label:" paragraph just before a block that leaves nothing goes too.
/// An element whose style sets a background image (a cover block) is preceded by that image.
/// Text is escaped so it reads back as the same text. Ends with one '\n' unless empty.
std::string html_to_markdown(std::string_view html, const markdown_options& options = {});

} // namespace smolpub::import
