// SPDX-License-Identifier: ISC
#pragma once
// The content model: what a capsule on disk holds, before any page is rendered.
// Produced by load_content() (content/content.hpp), consumed by the site builder.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/diagnostic.hpp"
#include "content/file_identity.hpp"
#include "content/packed_text.hpp"

namespace smolpub::content {

/// A calendar date or date-time from front matter, kept with its original precision.
struct timestamp {
    int year = 0, month = 0, day = 0;
    int hour = 0, minute = 0, second = 0;
    int offset_minutes = 0;   ///< from UTC
    bool has_time = false;
    std::string ymd() const;      ///< "2026-01-31"
    std::string rfc3339() const;  ///< "2026-01-31T00:00:00Z" (time 00:00 UTC when date only)
    auto operator<=>(const timestamp&) const = default;
};

/// What an article's page says about comments: `closed` shows the archive and "Comments
/// are closed."; `none` shows the archive without that notice (a new blog, which never had
/// comments); `off` hides the archive. `as_site`: what `site.comments` says.
enum class comment_policy { as_site, closed, none, off };

/// Front matter fields (TOML between `+++` lines). Unknown keys are ignored.
struct front_matter {
    std::string title;
    std::optional<timestamp> date;
    std::optional<timestamp> updated;
    std::string author;
    std::string description;
    std::vector<std::string> tags;
    bool draft = false;
    std::string slug;                  ///< empty: from the file name
    std::vector<std::string> aliases;  ///< old paths that redirect here
    std::string lang;                  ///< empty: the site's
    comment_policy comments = comment_policy::as_site;
    /// The post's WordPress ID (`wordpress_id`, written by the importer): the web face
    /// answers WordPress's old `/?p=ID` links with a 301 to the article. 0: none.
    std::uint64_t wordpress_id = 0;
};

/// One archived reader comment. Never holds e-mail or IP addresses.
struct comment {
    std::string id;
    std::string reply_to;   ///< id of the parent, empty for top level
    std::string author;
    std::optional<timestamp> date;
    std::string body_markdown;
    /// Not empty for a mention (a pingback or trackback): the URL of the page that links
    /// here, whose title is `author`. Listed under "Mentioned by", not in the thread.
    std::string mention{};
};

/// An article (in a category folder, dated) or a page (top-level *.md).
struct article {
    /// The .md file's path. A string, not a std::filesystem::path, which also keeps its
    /// split components (about 300 bytes more per article on a typical path).
    std::string source;
    front_matter meta;
    std::string slug;               ///< meta.slug or the file stem
    std::size_t category = 0;       ///< index into content::categories (0 = root, for pages)
    int body_line = 1;              ///< line number of the body's first line in the file
    /// The Markdown body (without the front matter) and the comments (in file order) are
    /// held packed (content/packed_text.hpp): read when a page is made, which the page
    /// cache makes rare. A reload that finds the file unchanged shares them; a record kept
    /// at its last good version still has them, whatever the file now holds.
    std::shared_ptr<const packed_text> body_text{};      ///< nullptr: empty body
    std::shared_ptr<const packed_text> comments_text{};  ///< nullptr: no comments
    std::size_t comment_count = 0;                       ///< how many comments_text holds
    /// The body, unpacked.
    std::string body_markdown() const;
    void set_body(std::string_view markdown);
    /// The comments, unpacked, in file order.
    std::vector<comment> comments() const;
    void set_comments(const std::vector<comment>& list);
    // For reloads (content/reuse.hpp): which versions of the files this record
    // was made from, so an unchanged file is not read again and a broken one keeps it.
    std::optional<file_identity> identity{};         ///< of `source`
    std::optional<file_identity> comments_identity{};  ///< of the comments archive, if any
    std::vector<diagnostic> comment_warnings{};      ///< what reading that archive reported
    bool kept_last_good = false;  ///< `source` (or its archive) is broken: this is the last good version
};

/// A folder of articles. The root category is the capsule itself (path "").
struct category {
    std::string path;           ///< "" for root, "notes", "notes/rust" (folder names)
    std::string title;          ///< from _category.toml or the folder name
    std::string description;
    int order = 0;              ///< from _category.toml; ties broken by title
    std::vector<std::size_t> subcategories;  ///< indexes into content::categories, by order then title
    std::vector<std::size_t> articles;       ///< indexes into content::articles, newest first
                                             ///< (date, then title)
    /// Of the _category.toml that described it (nullopt: none), for reloads.
    std::optional<file_identity> identity{};
};

/// A file served as-is (image, PDF, hand-written .gmi, .txt).
struct static_file {
    std::filesystem::path source;
    std::string path;   ///< URL path, "/images/cat.png"
    std::string mime;
};

/// Everything loaded from one content directory.
struct tree {
    std::filesystem::path root;
    std::optional<article> index;     ///< index.md: the home page intro
    std::vector<article> pages;       ///< top-level *.md other than index.md
    std::vector<article> articles;    ///< every published (non-draft) article, in no
                                      ///< particular order: list via category::articles
    std::vector<category> categories; ///< categories[0] is the root
    std::vector<static_file> files;
    std::vector<std::filesystem::path> drafts;  ///< Markdown files skipped for `draft = true`
    std::size_t comment_count = 0;
    /// Broken files served at their last good version (reloads only), in load order.
    std::vector<std::filesystem::path> kept_last_good{};
    /// What the texts were packed against. A reload packs against the same samples, so
    /// that reloads do not keep one more pair alive each (texts hold their own sample).
    packing_samples samples{};
};

} // namespace smolpub::content
