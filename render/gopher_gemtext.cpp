// SPDX-License-Identifier: ISC
// gemtext lines and their fixed-width layout for Gopher.
#include "render/gopher_gemtext.hpp"
#include "text/gemtext_lines.hpp"

#include "text/utf8.hpp"

#include <algorithm>

namespace smolpub::render::gopher_detail {
using text::display_width;
using text::gemtext_lines;
using text::wrap;
using text::wrap_each;

namespace {

constexpr std::size_t tab_stop = 8;

bool is_gemtext_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_leading(std::string_view s)
{
    while (!s.empty() && is_gemtext_space(s.front()))
        s.remove_prefix(1);
    return s;
}

std::string_view trim(std::string_view s)
{
    s = trim_leading(s);
    while (!s.empty() && is_gemtext_space(s.back()))
        s.remove_suffix(1);
    return s;
}

// gemtext spec: `=>[<whitespace>]<URL>[<whitespace><label>]`.
gemtext_line parse_link(std::string_view line)
{
    const std::string_view rest = trim(line.substr(2));
    std::size_t url_end = 0;
    while (url_end < rest.size() && !is_gemtext_space(rest[url_end]))
        ++url_end;
    if (url_end == 0)
        return {line_kind::text, line, {}};  // "=>" without a URL links nowhere: keep it as text
    return {line_kind::link, trim(rest.substr(url_end)), rest.substr(0, url_end)};
}

gemtext_line classify(std::string_view line)
{
    if (line.starts_with("=>"))
        return parse_link(line);
    if (line.starts_with("###"))
        return {line_kind::heading3, trim(line.substr(3)), {}};
    if (line.starts_with("##"))
        return {line_kind::heading2, trim(line.substr(2)), {}};
    if (line.starts_with("#"))
        return {line_kind::heading1, trim(line.substr(1)), {}};
    if (line.starts_with("* "))
        return {line_kind::list_item, trim(line.substr(2)), {}};
    if (line.starts_with(">"))
        return {line_kind::quote, trim(line.substr(1)), {}};
    return {line_kind::text, line, {}};
}

std::vector<std::string> prefixed(std::vector<std::string> lines,
                                  std::string_view first_prefix, std::string_view rest_prefix)
{
    for (std::size_t k = 0; k < lines.size(); ++k) {
        std::string_view prefix = k == 0 ? first_prefix : rest_prefix;
        // An empty line gets no hanging indent: trailing spaces help nobody.
        if (lines[k].empty())
            prefix = trim(prefix);
        if (!prefix.empty())
            lines[k].insert(0, prefix);
    }
    return lines;
}

std::vector<std::string> underlined(std::vector<std::string> lines, char mark)
{
    std::size_t widest = 0;
    for (const auto& line : lines)
        widest = std::max(widest, display_width(line));
    if (widest > 0)
        lines.emplace_back(widest, mark);
    return lines;
}

} // namespace

std::vector<gemtext_line> parse_gemtext(std::string_view gemtext)
{
    std::vector<gemtext_line> lines;
    for (const text::gemtext_line& read : gemtext_lines{gemtext}) {
        std::string_view line = read.text;
        if (line.ends_with('\r'))
            line.remove_suffix(1);

        if (read.toggle)
            continue;  // the fence and its alt text are not content
        if (read.preformatted)
            lines.push_back({line_kind::preformatted, line, {}});
        else
            lines.push_back(classify(line));
    }
    return lines;
}

std::string expand_tabs(std::string_view s)
{
    if (s.find('\t') == std::string_view::npos)
        return std::string{s};
    std::string out;
    std::size_t column = 0;
    while (!s.empty()) {
        const std::size_t tab = s.find('\t');
        const std::string_view run = s.substr(0, tab);
        out.append(run);
        column += display_width(run);
        if (tab == std::string_view::npos)
            break;
        const std::size_t spaces = tab_stop - column % tab_stop;
        out.append(spaces, ' ');
        column += spaces;
        s.remove_prefix(tab + 1);
    }
    return out;
}

// RFC 1436 ends a text transfer at a line holding a lone '.', and asks servers to
// double a leading period. Many clients never undo that, so readers would see "..";
// a leading space is invisible in practice and needs no undoing. We apply it to
// every line we send, preformatted ones included: untouched content is worth
// less than a transfer that ends early.
std::string guard_leading_dot(std::string line)
{
    if (line.starts_with('.'))
        line.insert(line.begin(), ' ');
    return line;
}

// The guard's space must not push a line past the width, so a paragraph whose
// wrapping would start a line with '.' is wrapped again one column narrower.
// That costs two passes at most, only for such paragraphs, and keeps wrap() free
// of Gopher concerns.
std::vector<std::string> wrap_with_prefix(std::string_view text, std::size_t width,
                                          std::string_view first_prefix,
                                          std::string_view rest_prefix, bool guard_dots)
{
    const std::size_t indent = std::max(display_width(first_prefix), display_width(rest_prefix));
    const std::size_t room = width > indent + 1 ? width - indent : 1;
    std::vector<std::string> lines = wrap(text, room);
    // Prefixes are ours and never start with '.', so only unprefixed text needs the guard.
    const bool bare = first_prefix.empty() || rest_prefix.empty();
    if (guard_dots && bare) {
        const auto starts_with_dot = [](const std::string& l) { return l.starts_with('.'); };
        if (std::any_of(lines.begin(), lines.end(), starts_with_dot)) {
            lines = wrap(text, room > 1 ? room - 1 : 1);
            for (auto& line : lines)
                line = guard_leading_dot(std::move(line));
        }
    }
    return prefixed(std::move(lines), first_prefix, rest_prefix);
}

std::vector<std::string> lay_out(const gemtext_line& line, std::size_t width, bool guard_dots,
                                 bool keep_preformatted_tabs)
{
    if (line.kind == line_kind::preformatted) {
        std::string raw = keep_preformatted_tabs ? std::string{line.text} : expand_tabs(line.text);
        return {guard_dots ? guard_leading_dot(std::move(raw)) : std::move(raw)};
    }
    const std::string text = expand_tabs(line.text);
    switch (line.kind) {
    case line_kind::heading1:
        return underlined(wrap_with_prefix(text, width, "", "", guard_dots), '=');
    case line_kind::heading2:
        return underlined(wrap_with_prefix(text, width, "", "", guard_dots), '-');
    case line_kind::heading3:
        return underlined(wrap_with_prefix(text, width, "", "", guard_dots), '~');
    case line_kind::list_item:
        return wrap_with_prefix(text, width, "* ", "  ", guard_dots);
    case line_kind::quote:
        return wrap_with_prefix(text, width, "> ", "> ", guard_dots);
    case line_kind::text:
    case line_kind::link:  // callers render links themselves; as text it is just its label
    case line_kind::preformatted:
        break;
    }
    return wrap_with_prefix(text, width, "", "", guard_dots);
}

namespace {

/// Columns left for text after an indent, as wrap_with_prefix counts them.
std::size_t room_after(std::size_t indent, std::size_t width) { return width > indent + 1 ? width - indent : 1; }

/// wrap_with_prefix's lines without the dot guard, emitted as they are made.
void wrap_prefixed_each(std::string_view text, std::size_t width, std::string_view first_prefix,
                        std::string_view rest_prefix, const layout_sink& emit)
{
    const std::size_t indent = std::max(display_width(first_prefix), display_width(rest_prefix));
    bool first = true;
    wrap_each(text, room_after(indent, width), [&](std::string_view line, std::size_t) {
        std::string_view prefix = first ? first_prefix : rest_prefix;
        first = false;
        emit(line.empty() ? trim(prefix) : prefix, line);
    });
}

} // namespace

void wrap_each_line(std::string_view text, std::size_t width, const layout_sink& emit)
{
    wrap_prefixed_each(text, width, "", "", emit);
}

void lay_out_each(const gemtext_line& line, std::size_t width, bool guard_dots, bool keep_preformatted_tabs,
                  const layout_sink& emit)
{
    if (guard_dots) {
        // A paragraph may be wrapped twice to keep dots off the line starts: made whole.
        for (const auto& out : lay_out(line, width, guard_dots, keep_preformatted_tabs))
            emit({}, out);
        return;
    }
    if (line.kind == line_kind::preformatted) {
        if (keep_preformatted_tabs || line.text.find('\t') == std::string_view::npos)
            emit({}, line.text);
        else
            emit({}, expand_tabs(line.text));
        return;
    }
    std::string expanded;
    std::string_view text = line.text;
    if (text.find('\t') != std::string_view::npos) {
        expanded = expand_tabs(text);
        text = expanded;
    }
    const auto heading = [&](char mark) {
        std::size_t widest = 0;
        wrap_each(text, room_after(0, width), [&](std::string_view wrapped, std::size_t columns) {
            widest = std::max(widest, columns);
            emit({}, wrapped);
        });
        if (widest > 0)
            emit({}, std::string(widest, mark));
    };
    switch (line.kind) {
    case line_kind::heading1:
        return heading('=');
    case line_kind::heading2:
        return heading('-');
    case line_kind::heading3:
        return heading('~');
    case line_kind::list_item:
        return wrap_prefixed_each(text, width, "* ", "  ", emit);
    case line_kind::quote:
        return wrap_prefixed_each(text, width, "> ", "> ", emit);
    case line_kind::text:
    case line_kind::link:
    case line_kind::preformatted:
        break;
    }
    wrap_prefixed_each(text, width, "", "", emit);
}

} // namespace smolpub::render::gopher_detail
