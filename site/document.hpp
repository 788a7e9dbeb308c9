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

/// What a path resolves to.
struct route_result {
    /// `input`: the path wants words from the reader first (the search without terms).
    enum class outcome { found, redirect, not_found, input };
    outcome what = outcome::not_found;
    std::shared_ptr<const document> doc;  ///< set when found; valid as long as it is held
    std::string target;             ///< set when redirect: an absolute path ("/cat/"); input: the prompt
    char gopher_type = 0;           ///< the Gopher item type when the MIME type does not say it (search results: 7)
};

/// One search result, best first.
struct search_hit {
    std::string path;     ///< Gemini path of the article or page
    std::string title;
    std::string date;     ///< YYYY-MM-DD, empty for pages
    std::string excerpt;  ///< one line of text around the first match
};

} // namespace smolpub::site
