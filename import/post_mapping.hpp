// SPDX-License-Identifier: ISC
#pragma once
// One WordPress item as capsule files: the front matter of its `.md` file and its
// `.comments.toml` archive, in the format docs/content.md defines.
#include <string>
#include <string_view>
#include <vector>

#include "import/wxr_model.hpp"

namespace smolpub::import {

/// `2009-03-10 12:00:00` as a TOML date-time: `2009-03-10T12:00:00Z` from the GMT field, or
/// the local `2009-03-10T12:00:00` when the GMT one is `0000-00-00 00:00:00` (drafts).
/// Empty when neither is a date.
std::string toml_date(std::string_view gmt, std::string_view local);

struct article_fields {
    std::string title;
    std::string date;  ///< TOML date-time or empty
    std::string description;  ///< one line: the summary (what comes before `<!--more-->`)
    std::string author;
    std::vector<std::string> tags;
    std::vector<std::string> aliases;
    std::string wordpress_id;  ///< wp:post_id, written as an integer when it is one (`?p=N` redirects)
    bool draft = false;
};

/// `+++ ... +++` with the fields, then the body.
std::string article_file(const article_fields& fields, std::string_view body_markdown);

struct comment_fields {
    std::string id;
    std::string reply_to;  ///< empty at the top level
    std::string author;
    std::string date;
    std::string body;  ///< Markdown
    std::string mention = {};  ///< a pingback's or trackback's: the linking page (then no body)
};

/// The `[[comment]]` tables of a `.comments.toml` file.
std::string comments_file(const std::vector<comment_fields>& comments);

/// Why a comment is not imported, or `keep`.
enum class comment_verdict { keep, spam, unapproved, trashed, pingback };

/// Only approved reader comments are kept; approved pingbacks and trackbacks are `pingback`
/// (a mention), or `keep` with `keep_pingbacks` (a comment).
comment_verdict judge_comment(const wxr_comment& comment, bool keep_pingbacks);

/// Puts `comments` in an order where every reply comes after the comment it answers, and
/// points a reply whose parent was dropped at the nearest kept ancestor (or the top).
void order_thread(std::vector<comment_fields>& comments, const std::vector<std::pair<std::string, std::string>>& all_parents);

} // namespace smolpub::import
