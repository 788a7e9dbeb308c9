// SPDX-License-Identifier: ISC
#include "render/cmark_nodes.hpp"

#include <string>

namespace smolpub::render {

std::optional<std::vector<column_align>> table_delimiter_row(cmark_node* paragraph)
{
    std::size_t line = 0;
    bool header_has_bar = false;
    std::string delimiter;
    for (cmark_node* child = cmark_node_first_child(paragraph); child; child = cmark_node_next(child)) {
        const cmark_node_type type = type_of(child);
        if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
            if (++line == 2)
                break;
            continue;
        }
        if (line == 0) {
            if (type == CMARK_NODE_TEXT && literal_of(child).find('|') != std::string_view::npos)
                header_has_bar = true;
        } else if (type == CMARK_NODE_TEXT) {
            delimiter += literal_of(child);
        } else {
            return std::nullopt;
        }
    }
    if (line == 0 || !header_has_bar)
        return std::nullopt;
    return parse_delimiter_row(delimiter);
}

} // namespace smolpub::render
