// SPDX-License-Identifier: ISC
#pragma once
// Small reads of cmark nodes that the gemtext and HTML writers share. Private to render/.
#include <cmark.h>

#include <optional>
#include <string_view>
#include <vector>

#include "render/pipe_table.hpp"

namespace smolpub::render {

/// The node's type; CMARK_NODE_NONE for no node.
inline cmark_node_type type_of(cmark_node* node) { return node ? cmark_node_get_type(node) : CMARK_NODE_NONE; }
/// The type of the node's parent; CMARK_NODE_NONE for the document.
inline cmark_node_type parent_type(cmark_node* node) { return type_of(cmark_node_parent(node)); }

/// The node's literal text; empty when it has none.
inline std::string_view literal_of(cmark_node* node)
{
    const char* s = cmark_node_get_literal(node);
    return s ? std::string_view{s} : std::string_view{};
}

/// The alignments of a pipe table when the paragraph's second line is a GFM delimiter row
/// and its first holds a '|'; nullopt for any other paragraph.
std::optional<std::vector<column_align>> table_delimiter_row(cmark_node* paragraph);

} // namespace smolpub::render
