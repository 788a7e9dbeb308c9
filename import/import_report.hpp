// SPDX-License-Identifier: ISC
#pragma once
// What an import did, counted, and printed at the end: what was imported, what was left out
// and why, and a warning per post for whatever was changed or lost on the way.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace smolpub::import {

struct import_report {
    std::string wxr_version;
    std::size_t posts = 0;   ///< published posts
    std::size_t pages = 0;   ///< published pages
    std::size_t drafts = 0;  ///< posts and pages written with draft = true
    std::size_t comments = 0;
    std::size_t mentions = 0;  ///< approved pingbacks and trackbacks, listed under "Mentioned by"
    std::size_t uploads = 0;  ///< files copied from --uploads

    std::size_t spam = 0;
    std::size_t unapproved = 0;
    std::size_t trashed_comments = 0;
    std::size_t pingbacks = 0;
    std::size_t trashed_posts = 0;
    std::size_t duplicates = 0;  ///< items of a split export found in more than one file
    std::size_t draft_comments = 0;             ///< approved comments of drafts, written under draft-comments/
    std::map<std::string, std::size_t> ignored;  ///< non-content types (attachment, revision...)
    std::map<std::string, std::size_t> unknown;  ///< post types we do not know

    std::vector<std::string> withheld;  ///< "post 12 (Title): password-protected, kept as a draft"
    std::vector<std::string> retitled;  ///< "post 12: \"A <em>b</em>\" became \"A b\"" (HTML dropped from a title)
    std::vector<std::string> warnings;  ///< "post 101 (Title): unknown shortcode [ad] removed"
    std::vector<std::string> problems;  ///< what could not be imported: makes the exit code 1
    std::vector<std::string> existing;  ///< files not written because they exist (--force)
};

/// The report as printed: stable order, no machine paths (files are relative to DIR).
std::string format_report(const import_report& report);

/// True when everything was imported: no problems, no file left unwritten.
bool import_complete(const import_report& report);

} // namespace smolpub::import
