// SPDX-License-Identifier: ISC
#pragma once
// Atom 1.0 (RFC 4287) feed rendering. Pure: no I/O.
#include <string>
#include <vector>

namespace smolpub::render {

struct atom_entry {
    std::string id;         ///< absolute, e.g. gemini://host/cat/slug.gmi
    std::string title;
    std::string link;       ///< absolute gemini:// URL
    std::string published;  ///< RFC 3339
    std::string updated;    ///< RFC 3339
    std::string author;     ///< may be empty (the feed's author applies)
    std::string summary;    ///< plain text, may be empty
    std::string content_html;  ///< the full body as an HTML fragment (absolute links), may be empty
};

struct atom_feed {
    std::string id;
    std::string title;
    std::string link;       ///< the page the feed describes
    std::string self;       ///< the feed's own URL
    std::string updated;    ///< RFC 3339
    std::string author;
    std::vector<atom_entry> entries;
};

/// Renders a feed as UTF-8 XML, every text escaped.
std::string render_atom(const atom_feed& feed);

} // namespace smolpub::render
