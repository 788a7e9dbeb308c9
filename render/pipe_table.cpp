// SPDX-License-Identifier: ISC
#include "render/pipe_table.hpp"

#include <algorithm>

#include "render/gemtext_text.hpp"
#include "text/utf8.hpp"

namespace smolpub::render {
using text::display_width;

namespace {

std::string_view trim_blanks(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<column_align> parse_delimiter_cell(std::string_view cell)
{
    cell = trim_blanks(cell);
    const bool left = cell.starts_with(':');
    const bool right = cell.size() > 1 && cell.ends_with(':');
    if (left)
        cell.remove_prefix(1);
    if (right)
        cell.remove_suffix(1);
    if (cell.empty() || cell.find_first_not_of('-') != std::string_view::npos)
        return std::nullopt;
    if (left && right)
        return column_align::center;
    if (left)
        return column_align::left;
    if (right)
        return column_align::right;
    return column_align::none;
}

void append_padded(std::string& line, std::string_view cell, std::size_t width, column_align align)
{
    const std::size_t gap = width - std::min(width, display_width(cell));
    std::size_t before = 0;
    if (align == column_align::right)
        before = gap;
    else if (align == column_align::center)
        before = gap / 2;
    line.append(before, ' ');
    line.append(cell);
    line.append(gap - before, ' ');
}

} // namespace

std::optional<std::vector<column_align>> parse_delimiter_row(std::string_view line)
{
    line = trim_blanks(line);
    if (line.find('|') == std::string_view::npos)
        return std::nullopt;
    if (line.starts_with('|'))
        line.remove_prefix(1);
    if (line.ends_with('|'))
        line.remove_suffix(1);
    std::vector<column_align> aligns;
    while (true) {
        const auto bar = line.find('|');
        const auto align = parse_delimiter_cell(line.substr(0, bar));
        if (!align)
            return std::nullopt;
        aligns.push_back(*align);
        if (bar == std::string_view::npos)
            return aligns;
        line.remove_prefix(bar + 1);
    }
}

std::vector<std::string> format_table(const std::vector<std::vector<std::string>>& rows,
                                      const std::vector<column_align>& aligns)
{
    std::size_t columns = aligns.size();
    for (const auto& row : rows)
        columns = std::max(columns, row.size());
    // Three dashes is the shortest delimiter cell Markdown readers recognise.
    std::vector<std::size_t> widths(columns, 3);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], display_width(row[c]));
    auto align_of = [&aligns](std::size_t c) { return c < aligns.size() ? aligns[c] : column_align::none; };

    std::vector<std::string> lines;
    lines.reserve(rows.size() + 1);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string line = "|";
        for (std::size_t c = 0; c < columns; ++c) {
            line += ' ';
            append_padded(line, c < rows[r].size() ? rows[r][c] : std::string_view{}, widths[c], align_of(c));
            line += " |";
        }
        lines.push_back(std::move(line));
        if (r == 0) {
            std::string delimiter = "|";
            for (std::size_t c = 0; c < columns; ++c) {
                const column_align a = align_of(c);
                delimiter += (a == column_align::left || a == column_align::center) ? ':' : '-';
                delimiter.append(widths[c], '-');
                delimiter += (a == column_align::right || a == column_align::center) ? ':' : '-';
                delimiter += '|';
            }
            lines.push_back(std::move(delimiter));
        }
    }
    return lines;
}

std::vector<bool> escaped_bars(std::string_view source, std::string_view literal)
{
    // CommonMark: a backslash before ASCII punctuation escapes it; any other backslash is
    // a backslash.
    const auto punctuation = [](char c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    };
    std::vector<bool> escaped;
    std::size_t at = 0;  // in literal
    for (std::size_t i = 0; i < source.size(); ++i) {
        const bool escape = source[i] == '\\' && i + 1 < source.size() && punctuation(source[i + 1]);
        if (escape)
            ++i;
        if (at >= literal.size() || literal[at] != source[i])
            return {};
        if (source[i] == '|')
            escaped.push_back(escape);
        ++at;
    }
    if (at != literal.size())
        return {};
    return escaped;
}

void pipe_table_reader::end_cell()
{
    rows.back().push_back(render::gemtext_detail::collapse_blanks(cell));
    cell.clear();
}

void pipe_table_reader::bar()
{
    if (row_has_text || !rows.back().empty())
        end_cell();
    else
        cell.clear();
    row_has_text = true;
    ends_with_bar = true;
}

void pipe_table_reader::text(std::string_view s)
{
    cell += s;
    if (!render::gemtext_detail::is_blank(s)) {
        row_has_text = true;
        ends_with_bar = false;
    }
}

void pipe_table_reader::end_row()
{
    if (!(ends_with_bar && render::gemtext_detail::is_blank(cell)))
        end_cell();
    cell.clear();
    if (line == 1)
        rows.back().clear();  // the delimiter row was parsed before reading started
    else
        rows.emplace_back();
    ++line;
    row_has_text = false;
    ends_with_bar = false;
}

std::vector<std::string> pipe_table_reader::format()
{
    while (!rows.empty() && rows.back().empty())
        rows.pop_back();
    return format_table(rows, aligns);
}

} // namespace smolpub::render
