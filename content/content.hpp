// SPDX-License-Identifier: ISC
#pragma once
// Loading a capsule from disk into the content model. Knows files and TOML, not pages.
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/model.hpp"

namespace smolpub::content {

struct loaded_content {
    tree site;
    /// Broken files (bad front matter, bad comments TOML, invalid UTF-8, duplicate slugs):
    /// each was skipped, the rest loaded.
    std::vector<diagnostic> problems;
};

/// Walks `root`: category folders, *.md articles and pages, *.comments.toml archives,
/// _category.toml, static files. Drafts, dotfiles and symlinks leaving `root` are skipped.
/// Fails only when `root` itself cannot be read.
/// With `previous` (the last load of the same folder, for a reload): unchanged files are
/// taken from it without being read, and a broken file keeps its last good version there
/// (content/reuse.hpp).
tl::expected<loaded_content, diagnostic> load_content(const std::filesystem::path& root,
                                                      const tree* previous = nullptr);

/// Splits a Markdown file into its `+++` TOML front matter and body (BOM and CRLF tolerated)
/// and parses the front matter. `file` is only used in diagnostics.
struct parsed_markdown {
    front_matter meta;
    std::string body;
    int body_line = 1;
    /// The loader's form: the body packed (then `body` is empty), as the model holds it.
    std::shared_ptr<const packed_text> packed{};
};
tl::expected<parsed_markdown, diagnostic> parse_markdown_file(std::string_view text,
                                                              const std::filesystem::path& file);

/// Parses a `<article>.comments.toml` archive: `[[comment]]` tables.
tl::expected<std::vector<comment>, diagnostic> parse_comments(std::string_view text,
                                                             const std::filesystem::path& file);

} // namespace smolpub::content
