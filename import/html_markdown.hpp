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
};

/// Converts `html` (UTF-8) to CommonMark that smolpub renders well: paragraphs, line breaks,
/// headings, emphasis, links, images, nested lists, quotes, fenced code (verbatim, entities
/// decoded), rules, pipe tables, figures with captions; comments (Gutenberg's block markers),
/// scripts and styles disappear; iframes, video and audio become links to their source.
/// Text is escaped so it reads back as the same text. Ends with one '\n' unless empty.
std::string html_to_markdown(std::string_view html, const markdown_options& options = {});

} // namespace smolpub::import
