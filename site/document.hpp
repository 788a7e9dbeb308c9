// SPDX-License-Identifier: ISC
#pragma once
// What the site answers with: a document, or a route result (found, redirect, miss, input),
// and a search hit. The bottom of site/: the cache, the search index and the web pages
// use these without seeing the site itself (site.hpp).
#include <memory>
#include <optional>
#include <string>

#include "content/file_stream.hpp"

namespace smolpub::site {

/// An immutable response body with its MIME type. Pages are rendered when first asked
/// for and shared (by shared_ptr) with every request that gets them; a static file is not
/// held but named by `file`, and sent from the disk (file_stream) with `body` left empty.
struct document {
    std::string mime;  ///< e.g. "text/gemini; charset=utf-8; lang=en", "image/png"
    std::string body;
    std::optional<content::file_source> file{};
};

/// Whether resolving a path may read a file from the disk. The sessions ask with `deferred`
/// on the event loop, where a read from a hung disk would stall every client; the one route
/// that reads (a hand-written .gmi as a Gopher menu, on a cache miss) then answers
/// `needs_disk`, and the session asks again with `allowed` off the loop (net/off_loop).
/// Everything else (the build, the tests) may read where it is.
enum class disk_reads { allowed, deferred };

/// What a path resolves to.
struct route_result {
    /// `input`: the path wants words from the reader first (the search without terms).
    enum class outcome { found, redirect, not_found, input };
    outcome what = outcome::not_found;
    std::shared_ptr<const document> doc;  ///< set when found; valid as long as it is held
    std::string target;             ///< set when redirect: an absolute path ("/cat/"); input: the prompt
    char gopher_type = 0;           ///< the Gopher item type when the MIME type does not say it (search results: 7)
    bool needs_disk = false;        ///< asked with disk_reads::deferred: found, but not made yet (no doc)
};

/// One search result, best first.
struct search_hit {
    std::string path;     ///< Gemini path of the article or page
    std::string title;
    std::string date;     ///< YYYY-MM-DD, empty for pages
    std::string excerpt;  ///< one line of text around the first match
};

} // namespace smolpub::site
