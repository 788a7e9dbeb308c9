// SPDX-License-Identifier: ISC
#pragma once
// GFM pipe tables, which plain cmark reads as paragraphs: recognising the delimiter
// row and laying the cells out in padded columns. Pure: no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::render {

enum class column_align { none, left, center, right };

/// Parses a GFM delimiter row such as `|---|:--:|--:` into one alignment per column,
/// or nullopt when `line` is not one (it needs at least one '|' and a '-' in every cell).
std::optional<std::vector<column_align>> parse_delimiter_row(std::string_view line);

/// Lays out `rows` (the first is the header) as `| a | b |` lines with a delimiter line
/// after the header, columns padded to their widest cell in display columns.
/// Rows with fewer cells get empty ones; cells beyond the header are kept, not dropped.
std::vector<std::string> format_table(const std::vector<std::vector<std::string>>& rows,
                                      const std::vector<column_align>& aligns);

/// For each '|' of `literal`, the text of a table row's text node once cmark has undone its
/// backslash escapes, whether `source` (the node's span of its source line) wrote it `\|`:
/// GFM makes such a bar part of the cell, not a border. Empty when the two do not match
/// (an entity such as `&amp;`): every bar is then a border.
std::vector<bool> escaped_bars(std::string_view source, std::string_view literal);

/// Cells of a pipe table, read from the inline content of the paragraph that cmark
/// made of it: text arrives piece by piece, '|' ends a cell, a soft break a row.
struct pipe_table_reader {
    std::vector<column_align> aligns;
    std::vector<std::vector<std::string>> rows{1};
    std::string cell;
    std::size_t line = 0;       ///< source line within the paragraph; line 1 is the delimiter row
    bool row_has_text = false;  ///< a '|' before any text opens the row, it is no cell boundary
    bool ends_with_bar = false;

    void bar();                      ///< a '|' outside code spans and links
    void text(std::string_view s);   ///< cell content, markup included
    void end_row();                  ///< a line break in the paragraph
    /// The rows read so far, trailing empty ones dropped, laid out by format_table.
    std::vector<std::string> format();

private:
    void end_cell();
};

} // namespace smolpub::render
