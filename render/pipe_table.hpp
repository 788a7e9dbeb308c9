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

} // namespace smolpub::render
