// SPDX-License-Identifier: ISC
#pragma once
// parse_markdown_file with the knobs the loader needs for pages and section files.
#include <filesystem>
#include <string_view>

#include <tl/expected.hpp>

#include "content/content.hpp"

namespace smolpub::content {

/// What a Markdown file must contain. Articles need both; top-level pages may be plain
/// Markdown; Hugo/Zola `_index.md` section files may lack a title.
struct markdown_rules {
    bool needs_front_matter = true;
    bool needs_title = true;
};

/// parse_markdown_file under `rules`. Without front matter the whole text is the body.
tl::expected<parsed_markdown, diagnostic> parse_markdown(std::string_view text,
                                                         const std::filesystem::path& file,
                                                         markdown_rules rules);

} // namespace smolpub::content
