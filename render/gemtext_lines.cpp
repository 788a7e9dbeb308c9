// SPDX-License-Identifier: ISC
#include "render/gemtext_lines.hpp"

#include <string>

#include "render/gemtext_text.hpp"

namespace smolpub::render::gemtext_detail {

namespace {
constexpr std::string_view nesting_marker = "\xE2\x97\xA6 ";  // "◦ "
}

void gemtext_lines::write_gap_if_pending()
{
    if (!gap_pending_)
        return;
    gap_pending_ = false;
    if (out_.empty())
        return;
    const std::size_t depth = std::min(gap_depth_, quote_depth_);
    for (std::size_t i = 0; i < depth; ++i)
        out_ += i + 1 < depth ? "> " : ">";
    out_ += '\n';
}

void gemtext_lines::emit(std::string_view head, std::string_view rest)
{
    write_gap_if_pending();
    for (std::size_t i = 0; i < quote_depth_; ++i)
        out_ += "> ";
    if (quote_depth_ > 0 && head.empty() && rest.empty())
        out_.pop_back();  // a bare ">" rather than a trailing space
    out_ += head;
    out_ += rest;
    out_ += '\n';
}

void gemtext_lines::emit_unquoted(std::string_view line)
{
    write_gap_if_pending();
    out_ += line;
    out_ += '\n';
}

void gemtext_lines::flush()
{
    if (!line_open_)
        return;
    line_open_ = false;
    squeeze_spaces(line_, 0);
    if (line_.empty())
        return;  // an empty paragraph, heading or item leaves no line
    std::string& start = start_text_;
    start.clear();
    if (start_.heading_level > 0)
        start.assign(start_.heading_level, '#') += ' ';
    if (start_.list_depth > 0) {
        start = "* ";
        for (std::size_t i = 1; i < start_.list_depth; ++i)
            start += nesting_marker;
    }
    if (start_.number >= 0)
        (start += std::to_string(start_.number)) += ". ";
    // Inside a quote the "> " prefix already decides the line's type.
    if (start.empty() && quote_depth_ == 0 && line_escaped_ && reads_as_gemtext_syntax(line_))
        start = zero_width_space;
    emit(start, line_);
}

void gemtext_lines::emit_link_line(const queued_link& link)
{
    write_gap_if_pending();
    (out_ += "=> ") += link.url;
    if (link.number > 0)
        ((out_ += " [") += std::to_string(link.number)) += ']';
    if (!link.label.empty())
        (out_ += ' ') += link.label;
    out_ += '\n';
}

} // namespace smolpub::render::gemtext_detail
