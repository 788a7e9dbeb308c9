// SPDX-License-Identifier: ISC
#pragma once
// WordPress's `wpautop`, the rule classic-editor posts and all comments are written for:
// they carry no <p> tags; a blank line separates paragraphs and a single newline is a line
// break. This turns such text into HTML with <p> and <br>, leaving <pre> alone.
#include <string>
#include <string_view>

namespace smolpub::import {

/// Paragraphs and line breaks made explicit. Block-level tags (lists, quotes, headings,
/// tables...) are never wrapped in <p>; text inside <pre> is kept byte for byte.
std::string wpautop(std::string_view text);

/// True for content written in the block editor (`<!-- wp:... -->` comments), which
/// already has its <p> tags and must not get more.
bool is_block_editor_content(std::string_view text);

} // namespace smolpub::import
