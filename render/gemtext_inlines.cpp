// SPDX-License-Identifier: ISC
// The inline part of the gemtext writer: text (in lines and in table cells), code spans,
// emphasis markers, hard and soft breaks, raw inline HTML, and links and images, whose
// `=>` lines gemtext_links queues. What each maps to is stated at the top of gemtext.cpp.
#include <string>
#include <utility>

#include "render/gemtext_text.hpp"
#include "render/gemtext_url.hpp"
#include "render/gemtext_writer.hpp"

namespace smolpub::render::gemtext_detail {

void gemtext_writer::write_text_node(cmark_node* node)
{
    if (table_)
        write_table_text(node);
    else
        write_text(literal_of(node));
}

/// `escaped`: for each '|' of `text` in a table, whether it is part of the cell (`\|`)
/// rather than a border; bars past its end are borders.
void gemtext_writer::write_text(std::string_view text, const std::vector<bool>& escaped)
{
    if (!table_ || links_.any_open()) {
        put_text(text);
        return;
    }
    for (std::size_t k = 0;; ++k) {
        const auto bar = text.find('|');
        put_text(text.substr(0, bar));
        if (bar == std::string_view::npos)
            return;
        if (k < escaped.size() && escaped[k])
            put_text("|");
        else if (!html_.hiding_text())
            table_->bar();
        text.remove_prefix(bar + 1);
    }
}

/// A text node of a table row. cmark has already turned `\|` into '|' in its literal,
/// so which bars were escaped is read from the node's span of the source line.
void gemtext_writer::write_table_text(cmark_node* node)
{
    const std::string_view literal = literal_of(node);
    std::vector<bool> escaped;
    const int line = cmark_node_get_start_line(node);
    const int first = cmark_node_get_start_column(node), last = cmark_node_get_end_column(node);
    if (literal.find('|') != std::string_view::npos && line == cmark_node_get_end_line(node) && first >= 1 &&
        last >= first) {
        const std::string_view text = source_.line(line);
        if (static_cast<std::size_t>(last) <= text.size())
            escaped = escaped_bars(text.substr(first - 1, last - first + 1), literal);
    }
    write_text(literal, escaped);
}

void gemtext_writer::write_code_span(cmark_node* node)
{
    std::string_view code = literal_of(node);
    // In a table cell `\|` is a '|' even in a code span (GFM splits the row first).
    std::string unescaped;
    if (table_ && code.find("\\|") != std::string_view::npos) {
        unescaped = code;
        for (auto at = unescaped.find("\\|"); at != std::string::npos; at = unescaped.find("\\|", at + 1))
            unescaped.erase(at, 1);
        code = unescaped;
    }
    const std::string fence = backtick_fence(code);
    put_markup(fence);
    put_text(code);
    put_markup(fence);
}

void gemtext_writer::soft_break()
{
    if (table_)
        table_->end_row();
    else
        put_text(" ");
}

void gemtext_writer::put_text(std::string_view text)
{
    if (html_.hiding_text() || text.empty())
        return;
    if (links_.any_open())
        links_.add_label_text(text);
    if (links_in_place_)
        return;
    if (table_)
        table_->text(text);
    else if (lines_.is_open())
        lines_.text() += text;
}

void gemtext_writer::put_markup(std::string_view marker)
{
    if (options_.emphasis == emphasis_markers::strip || flat_depth_ > 0 || links_in_place_ || html_.hiding_text())
        return;
    if (table_)
        table_->cell += marker;
    else if (lines_.is_open())
        lines_.text() += marker;
}

/// Text the reader needs whatever the emphasis option says (link numbers).
void gemtext_writer::put_markup_always(std::string_view text)
{
    if (table_)
        table_->cell += text;
    else if (lines_.is_open())
        lines_.text() += text;
}

namespace {

/// Whether the code point `cp` is a letter or digit for the inline-markup rule: ASCII letters
/// and digits, and any non-ASCII character outside the blocks of punctuation and symbols
/// (Latin-1's, General Punctuation to Miscellaneous Symbols and Arrows, CJK's, full-width).
bool is_word_character(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    const bool punctuation = cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
                             (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                             (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20);
    return !punctuation;
}

/// The code point `text` starts with (`last`: ends with); U+FFFD for a broken sequence.
char32_t facing_character(std::string_view text, bool last)
{
    std::size_t at = 0;
    if (last) {
        at = text.size() - 1;
        while (at > 0 && text.size() - at < 4 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
            --at;
    }
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80)
        return lead;
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1 || at + length > text.size())
        return 0xFFFD;
    char32_t cp = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
    return cp;
}

/// Whether `neighbour` (the node just before or after an emphasis, or none) touches it inside
/// a word: text whose facing character is a letter or digit, or a code span, link, image or emphasis with
/// no space between.
bool glued(cmark_node* neighbour, bool before)
{
    switch (type_of(neighbour)) {
    case CMARK_NODE_NONE:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_HTML_INLINE:  // a tag is no part of a word: it goes, the text stays
        return false;
    case CMARK_NODE_TEXT: {
        const std::string_view text = literal_of(neighbour);
        return !text.empty() && is_word_character(facing_character(text, before));
    }
    default:
        return true;
    }
}

/// An emphasis whose own text holds asterisks (`**bold****text.**`) loses its markers too:
/// beside the author's, they would pair with nothing a reader can see.
bool holds_asterisks(cmark_node* emphasis)
{
    for (cmark_node* child = cmark_node_first_child(emphasis); child; child = cmark_node_next(child))
        if (type_of(child) == CMARK_NODE_TEXT && literal_of(child).find('*') != std::string_view::npos)
            return true;
    return false;
}

} // namespace

/// The inline-markup rule (docs/content.md): emphasis is `*x*`, strong emphasis `**x**`, each
/// only when it spans whole words. Markers inside a word (`**bold**text`, `un*believ*able`) are
/// left out, as they are with emphasis_markers::strip: gemtext readers show them as they are.
void gemtext_writer::put_emphasis_marker(cmark_node* node)
{
    if (glued(cmark_node_previous(node), true) || glued(cmark_node_next(node), false) || holds_asterisks(node))
        return;
    put_markup(type_of(node) == CMARK_NODE_STRONG ? "**" : "*");
}

void gemtext_writer::hard_break()
{
    if (html_.hiding_text())
        return;
    if (table_ || joins_breaks_ || links_in_place_ || links_.any_open() || !lines_.is_open()) {
        put_text(" ");
        return;
    }
    lines_.flush();
    lines_.open({}, true);
}

void gemtext_writer::write_inline_html(std::string_view html)
{
    std::string text;
    html_.feed(html, text);
    std::string_view rest = text;
    while (!rest.empty()) {
        const auto newline = rest.find('\n');
        put_text(rest.substr(0, newline));
        if (newline == std::string_view::npos)
            break;
        hard_break();
        rest.remove_prefix(newline + 1);
    }
    for (auto& anchor : html_.take_anchors()) {
        close_html_anchors();  // HTML anchors do not nest
        if (anchor.opens)
            open_html_anchor(std::move(anchor.href));
    }
}

void gemtext_writer::enter_link(cmark_node* node)
{
    const char* url = cmark_node_get_url(node);
    open_link link;
    link.raw_url = url ? url : "";
    link.target = gemtext_link_target(link.raw_url, options_);
    link.image = type_of(node) == CMARK_NODE_IMAGE;
    link.hidden = html_.hiding_text();
    if (link.image)
        ++flat_depth_;
    links_.open(std::move(link));
}

void gemtext_writer::exit_link()
{
    auto [link, label] = links_.close();
    if (link.image) {
        --flat_depth_;
        if (label.empty()) {
            label = collapse_blanks(url_file_name(link.raw_url));
            put_text(label);  // the prose would otherwise lose the image entirely
        }
    }
    if (!link.target || link.hidden)
        return;
    if (links_in_place_) {
        lines_.emit_link_line({*link.target, gemtext_links::label_unless_url(std::move(label), link), 0});
        return;
    }
    if (auto marker = links_.queue(link, std::move(label)))
        put_markup_always(*marker);
}

// Raw-HTML anchors (`<a href="...">text</a>`) are links too: blogs moved from
// other engines are full of them. Inline, cmark hands over one tag per node.
void gemtext_writer::open_html_anchor(std::string href)
{
    open_link link;
    link.target = gemtext_link_target(href, options_);
    link.raw_url = std::move(href);
    link.html = true;
    links_.open(std::move(link));
}

/// Ends the raw-HTML anchors still open on top of the link stack (an `</a>`,
/// or the end of the Markdown link or block that holds a never-closed `<a>`).
void gemtext_writer::close_html_anchors()
{
    while (links_.innermost_is_html())
        exit_link();
}

} // namespace smolpub::render::gemtext_detail
