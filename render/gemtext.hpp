// SPDX-License-Identifier: ISC
#pragma once
// Markdown -> gemtext, by walking cmark's AST. Pure: no I/O.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::render {

/// Where the `=>` lines for links found in running text are emitted.
enum class link_placement { block, section, document, off };
/// How a link is labelled: by its text, or numbered (`text[1]` in prose, `=> URL [1] text`).
enum class link_labels { text, numbered };
/// Whether emphasis, strong and code-span markers stay in the text.
enum class emphasis_markers { keep, strip };

struct gemtext_options {
    link_placement links = link_placement::block;
    link_labels labels = link_labels::text;
    emphasis_markers emphasis = emphasis_markers::keep;
    /// The line that stands for a Markdown thematic break (`---`).
    std::string thematic_break = "~~~";
    /// Hook the capsule supplies: given a link's URL as written, returns the URL to
    /// emit instead (e.g. `../notes/foo.md` -> `/notes/foo.gmi`), or nullopt to keep it.
    std::function<std::optional<std::string>(std::string_view url)> rewrite_link;
};

/// Converts a Markdown document (no front matter) to gemtext. Invalid UTF-8 is
/// replaced, never passed on. The result ends with exactly one '\n' (or is empty).
std::string markdown_to_gemtext(std::string_view markdown, const gemtext_options& options = {});

} // namespace smolpub::render
