// SPDX-License-Identifier: ISC
// gemtext -> Gopher menus and plain text. The shared layout (wrapping, headings,
// lists, quotes) lives in gopher_gemtext.*, link targets in gopher_links.*; this
// file decides what each gemtext line becomes in each of the two forms.
#include "render/gopher.hpp"

#include "render/gopher_gemtext.hpp"
#include "render/gopher_links.hpp"
#include "text/bytes16.hpp"
#include "text/utf8.hpp"

#include <charconv>
#include <iterator>

namespace smolpub::render {
using text::any_set;
using text::bytes16;
using text::display_width;
using text::load16;
using text::wrap;

namespace {

using render::gopher_detail::line_kind;

constexpr std::string_view crlf = "\r\n";
constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026, one column

// A tab would split the field, CR/LF would end the line early, and other control
// characters (C0, DEL, and C1 as UTF-8 C2 80..9F) can drive a client's terminal.
void append_field(std::string& out, std::string_view field)
{
    // The usual field holds none of those: checked sixteen bytes at a time, copied at once.
    std::size_t clean = 0;
    for (; clean + 16 <= field.size(); clean += 16) {
        const bytes16 x = load16(field.data() + clean);
        if (any_set((x < 0x20) | (x == 0x7F) | (x == 0xC2)))
            break;
    }
    out.append(field.substr(0, clean));
    for (std::size_t i = clean; i < field.size(); ++i) {
        const auto c = static_cast<unsigned char>(field[i]);
        if (c >= 0x20 && c < 0x7F) {
            // The usual byte: copy the whole run of plain ASCII at once.
            std::size_t end = i + 1;
            while (end < field.size() && static_cast<unsigned char>(field[end]) >= 0x20 &&
                   static_cast<unsigned char>(field[end]) < 0x7F)
                ++end;
            out.append(field.substr(i, end - i));
            i = end - 1;
        } else if (c < 0x20 || c == 0x7F) {
            out.push_back(' ');
        } else if (c == 0xC2 && i + 1 < field.size()
                   && static_cast<unsigned char>(field[i + 1]) >= 0x80
                   && static_cast<unsigned char>(field[i + 1]) <= 0x9F) {
            out.push_back(' ');
            ++i;
        } else {
            out.push_back(field[i]);
        }
    }
}

// Menu items get one line each: a label wider than the page is cut at a word
// boundary where possible and marked with an ellipsis, rather than wrapped into
// info lines, so that one link stays one selectable line.
std::string fit_label(std::string_view label, std::size_t width)
{
    if (display_width(label) <= width)
        return std::string{label};
    const std::size_t room = width > 1 ? width - 1 : 1;
    return wrap(label, room).front() + std::string{ellipsis};
}

std::string link_label(const render::gopher_detail::gemtext_line& line)
{
    return render::gopher_detail::expand_tabs(line.text.empty() ? line.url : line.text);
}

/// An info line written in place: the same bytes as info_line(prefix + text).
void append_info_line(std::string& out, std::string_view text, std::string_view prefix = {})
{
    out.push_back('i');
    append_field(out, prefix);  // ours: "* ", "> ", never a byte the field rules change
    append_field(out, text);
    out += "\t\tnull.host\t1\r\n";
}

/// A menu line written in place: the same bytes as menu_line(item) with `display`.
void append_menu_line(std::string& out, const gopher_item& item, std::string_view display)
{
    const auto type = static_cast<unsigned char>(item.type);
    out.push_back(type < 0x20 || type >= 0x7F ? 'i' : item.type);
    append_field(out, display);
    out.push_back('\t');
    append_field(out, item.selector);
    out.push_back('\t');
    append_field(out, item.host);
    out.push_back('\t');
    char digits[16];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), item.port);
    out.append(digits, static_cast<std::size_t>(end - digits));
    out += crlf;
}

void append_menu_line(std::string& out, const gopher_item& item) { append_menu_line(out, item, item.display); }

void append_text_lines(std::string& out, const std::vector<std::string>& lines)
{
    for (const auto& line : lines) {
        out += line;
        out += crlf;
    }
}

/// The URL a text reader should follow: our own pages as gopher:// URLs (the
/// reader came by Gopher), every other target as written.
std::string reference_url(std::string_view url, const gopher_options& options)
{
    const auto link = render::gopher_detail::resolve_link(url, options);
    if (link.kind == render::gopher_detail::link_kind::local && link.item)
        return render::gopher_detail::format_gopher_url(*link.item);
    return std::string{url};
}

} // namespace

std::string menu_line(const gopher_item& item)
{
    std::string out;
    out.reserve(item.display.size() + item.selector.size() + item.host.size() + 12);
    append_menu_line(out, item);
    return out;
}

std::string info_line(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 20);
    append_info_line(out, text);
    return out;
}

std::string gemtext_to_menu(std::string_view gemtext, const gopher_options& options)
{
    std::string out;
    // Every line gains its type and about 16 bytes of fields.
    out.reserve(gemtext.size() + gemtext.size() / 2);
    const render::gopher_detail::layout_sink info = [&out](std::string_view prefix, std::string_view text) {
        append_info_line(out, text, prefix);
    };
    for (const auto& line : render::gopher_detail::parse_gemtext(gemtext)) {
        if (line.kind != line_kind::link) {
            // A menu line starts with its type, never with '.': no dot guard needed.
            render::gopher_detail::lay_out_each(line, options.width, false, false, info);
            continue;
        }
        // The label as link_label makes it, copied only when it has a tab to expand.
        std::string expanded;
        std::string_view label = line.text.empty() ? line.url : line.text;
        if (label.find('\t') != std::string_view::npos) {
            expanded = render::gopher_detail::expand_tabs(label);
            label = expanded;
        }
        const auto link = render::gopher_detail::resolve_link(line.url, options);
        if (!link.item) {
            // A local page nothing serves, or a relative URL: show the words, offer no dead item.
            render::gopher_detail::wrap_each_line(label, options.width, info);
            continue;
        }
        if (display_width(label) <= options.width)
            append_menu_line(out, *link.item, label);
        else
            append_menu_line(out, *link.item, fit_label(label, options.width));
    }
    return out;
}

std::string gemtext_to_text(std::string_view gemtext, const gopher_options& options)
{
    // A lone CR (one that does not end a CRLF) sends a terminal's cursor back to the start
    // of the line, over text already shown; a hand-written .gmi can hold one. Menus are
    // safe (menu_line replaces control characters); text needs it here.
    std::string without_lone_cr;
    if (gemtext.find('\r') != std::string_view::npos) {
        without_lone_cr.reserve(gemtext.size());
        for (std::size_t i = 0; i < gemtext.size(); ++i) {
            const bool lone = gemtext[i] == '\r' && (i + 1 == gemtext.size() || gemtext[i + 1] != '\n');
            without_lone_cr += lone ? ' ' : gemtext[i];
        }
        gemtext = without_lone_cr;
    }
    std::string out;
    std::vector<std::string> references;
    for (const auto& line : render::gopher_detail::parse_gemtext(gemtext)) {
        if (line.kind != line_kind::link) {
            // Preformatted lines keep their tabs: type 0 is plain text, not a menu.
            append_text_lines(out, render::gopher_detail::lay_out(line, options.width, true, true));
            continue;
        }
        references.push_back(reference_url(line.url, options));
        const std::string marker = "[" + std::to_string(references.size()) + "] ";
        const std::string indent(marker.size(), ' ');
        append_text_lines(out, render::gopher_detail::wrap_with_prefix(link_label(line), options.width,
                                                               marker, indent, true));
    }
    if (references.empty())
        return out;
    out += crlf;
    for (std::size_t i = 0; i < references.size(); ++i) {
        const std::string marker = "[" + std::to_string(i + 1) + "] ";
        const std::string indent(marker.size(), ' ');
        append_text_lines(out, render::gopher_detail::wrap_with_prefix(references[i], options.width, marker,
                                                               indent, true));
    }
    return out;
}

} // namespace smolpub::render
