// SPDX-License-Identifier: ISC
// The block part of the gemtext writer: quotes' and lists' structure, paragraphs, headings,
// code blocks, tables, thematic breaks and raw HTML blocks, and where link lines go after
// a block. What each maps to is stated at the top of gemtext.cpp.
#include <algorithm>
#include <string>
#include <utility>

#include "render/gemtext_text.hpp"
#include "render/gemtext_url.hpp"
#include "render/gemtext_writer.hpp"

namespace smolpub::render::gemtext_detail {

namespace {

std::string_view code_alt(const char* info)
{
    std::string_view alt = info ? std::string_view{info} : std::string_view{};
    return alt.substr(0, std::min(alt.size(), alt.find_first_of(" \t")));
}

/// Calls `sink` with each line of `code`, CRLF or LF ended; a last line break ends the last
/// line and starts none.
template <class Sink> void for_each_code_line(std::string_view code, Sink&& sink)
{
    while (!code.empty()) {
        const auto newline = code.find('\n');
        std::string_view line = code.substr(0, newline);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        sink(line);
        code.remove_prefix(newline == std::string_view::npos ? code.size() : newline + 1);
    }
}

} // namespace

std::string_view source_lines::line(int number)
{
    if (number < number_) {
        number_ = 1;
        start_ = 0;
    }
    for (; number_ < number; ++number_) {
        const auto newline = text_.find('\n', start_);
        if (newline == std::string_view::npos)
            return {};
        start_ = newline + 1;
    }
    const auto newline = text_.find('\n', start_);
    return text_.substr(start_, newline == std::string_view::npos ? std::string_view::npos : newline - start_);
}

// ---- structure and gaps ---------------------------------------------------------------

void gemtext_writer::request_gap()
{
    if (item_depth_ > 0)
        return;  // a list stays compact whatever its items hold
    lines_.request_gap();
}

void gemtext_writer::flush_item_line()
{
    if (!lists_.empty())
        lines_.flush();
}

/// Once a block is done: links of a top-level block go right below it, and a
/// blank line separates it from what follows (except between list items).
void gemtext_writer::finish_block(cmark_node* node)
{
    const cmark_node_type parent = parent_type(node);
    if (parent == CMARK_NODE_DOCUMENT && options_.links == link_placement::block && links_.any_queued()) {
        lines_.cancel_gap();
        links_.emit_queued(lines_);
    }
    if (parent != CMARK_NODE_ITEM && parent != CMARK_NODE_LIST)
        request_gap();
}

void gemtext_writer::emit_link_queue_as_block()
{
    if (!links_.any_queued())
        return;
    links_.emit_queued(lines_);
    request_gap();
}

// ---- lists, paragraphs, headings --------------------------------------------------------

line_start gemtext_writer::list_line(bool with_number)
{
    line_start start;
    start.list_depth = lists_.size();
    if (with_number && !lists_.empty() && lists_.back().ordered)
        start.number = lists_.back().next_number++;
    return start;
}

void gemtext_writer::enter_list(cmark_node* list)
{
    flush_item_line();
    lists_.push_back({cmark_node_get_list_type(list) == CMARK_ORDERED_LIST, cmark_node_get_list_start(list)});
}

void gemtext_writer::enter_item(cmark_node* item)
{
    ++item_depth_;
    lines_.flush();
    const line_start start = list_line(true);
    links_in_place_ = lines_.quote_depth() == 0 && holds_only_links(item);
    if (!links_in_place_)
        lines_.open(start, false);
}

void gemtext_writer::exit_item()
{
    flush_item_line();
    links_in_place_ = false;
    --item_depth_;
}

void gemtext_writer::enter_paragraph(cmark_node* paragraph)
{
    const bool in_item = parent_type(paragraph) == CMARK_NODE_ITEM;
    joins_breaks_ = in_item;
    if (auto aligns = table_delimiter_row(paragraph)) {
        keep_item_marker("table", "table");
        flush_item_line();
        table_.emplace();
        table_->aligns = std::move(*aligns);
        return;
    }
    if (in_item) {
        if (links_in_place_)
            return;
        if (!lines_.is_open())
            lines_.open(list_line(false), false);
        else if (!lines_.text().empty())
            lines_.text() += ' ';
        return;
    }
    links_in_place_ = lines_.quote_depth() == 0 && holds_only_links(paragraph);
    if (!links_in_place_)
        lines_.open({}, true);
}

void gemtext_writer::exit_paragraph(cmark_node* paragraph)
{
    close_html_anchors();
    html_.reset();
    if (table_) {
        table_->end_row();
        write_table();
        table_.reset();
        return;
    }
    if (parent_type(paragraph) == CMARK_NODE_ITEM)
        return;  // the item's line stays open for its next paragraph
    if (links_in_place_)
        links_in_place_ = false;
    else
        lines_.flush();
}

void gemtext_writer::enter_heading(cmark_node* heading)
{
    // A section ends at a top-level heading; one inside a quote or list does not
    // end anything, and link lines there would cut the quote or list in two.
    if (options_.links == link_placement::section && parent_type(heading) == CMARK_NODE_DOCUMENT)
        emit_link_queue_as_block();
    ++flat_depth_;
    joins_breaks_ = true;
    if (parent_type(heading) == CMARK_NODE_ITEM) {
        if (lines_.is_open() && !lines_.text().empty())
            lines_.text() += ' ';
        return;
    }
    const int level = std::clamp(cmark_node_get_heading_level(heading), 1, 3);
    lines_.open({.heading_level = static_cast<std::size_t>(level)}, false);
}

void gemtext_writer::exit_heading(cmark_node* heading)
{
    close_html_anchors();
    --flat_depth_;
    if (parent_type(heading) != CMARK_NODE_ITEM)
        lines_.flush();
    html_.reset();
}

// ---- code, tables, breaks -------------------------------------------------------------

/// A block that opens a list item would leave the item with no line of its own, and
/// so without its marker (and number); the marker line stays, naming the block.
void gemtext_writer::keep_item_marker(std::string_view label, std::string_view fallback)
{
    if (lines_.is_open() && lines_.start().list_depth > 0 && lines_.text().empty())
        lines_.text() = label.empty() ? fallback : label;
}

void gemtext_writer::write_code_block(cmark_node* node)
{
    const char* info = cmark_node_get_fence_info(node);
    const std::string_view alt = code_alt(info);
    keep_item_marker(alt, "code");
    flush_item_line();
    const std::string_view code = literal_of(node);
    lines_.write_preformatted(alt, [code](auto&& line_sink) { for_each_code_line(code, line_sink); });
    finish_block(node);
}

void gemtext_writer::write_thematic_break(cmark_node* node)
{
    flush_item_line();
    if (!options_.thematic_break.empty()) {
        lines_.open({}, true);
        lines_.text() += options_.thematic_break;
        lines_.flush();
    }
    finish_block(node);
}

void gemtext_writer::write_table()
{
    const std::vector<std::string> lines = table_->format();
    lines_.write_preformatted("table", [&lines](auto&& line_sink) {
        for (const auto& line : lines)
            line_sink(line);
    });
}

// ---- raw HTML blocks --------------------------------------------------------------------

void gemtext_writer::write_html_block(cmark_node* node)
{
    std::string text;
    html_.reset();
    html_.feed(literal_of(node), text);
    auto anchors = html_.take_anchors();
    auto preformatted = html_.take_preformatted(text.size());
    html_.reset();
    queue_block_anchors(std::move(anchors), text, preformatted);
    const bool in_item = parent_type(node) == CMARK_NODE_ITEM;
    if (!in_item)
        flush_item_line();
    std::size_t at = 0;
    for (const auto& pre : preformatted) {
        write_html_text(std::string_view{text}.substr(at, pre.begin - at), in_item);
        flush_item_line();
        write_html_pre(std::string_view{text}.substr(pre.begin, pre.end - pre.begin));
        at = pre.end;
    }
    write_html_text(std::string_view{text}.substr(at), in_item);
}

/// An HTML <pre> is code: a preformatted block, its lines as they were.
void gemtext_writer::write_html_pre(std::string_view code)
{
    if (code.starts_with('\n'))
        code.remove_prefix(1);  // HTML drops the line break right after <pre>
    while (!code.empty() && (code.back() == '\n' || code.back() == '\r'))
        code.remove_suffix(1);
    if (code.empty())
        return;
    lines_.write_preformatted("", [code](auto&& line_sink) { for_each_code_line(code, line_sink); });
}

/// The text of an HTML block: one text line per line break, or joined into the item.
void gemtext_writer::write_html_text(std::string_view rest, bool in_item)
{
    while (!rest.empty()) {
        const auto newline = rest.find('\n');
        const std::string line = collapse_blanks(rest.substr(0, newline));
        rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
        if (line.empty())
            continue;
        if (in_item) {
            if (!lines_.is_open())
                lines_.open(list_line(false), false);
            else if (!lines_.text().empty())
                lines_.text() += ' ';
            lines_.text() += line;
        } else {
            lines_.open({}, true);
            lines_.text() += line;
            lines_.flush();
        }
    }
}

namespace {

/// Puts each `(at, marker)` into `text` at `at` (in order), and moves the <pre> stretches'
/// bounds by what went in before them. One pass over each, so a block with thousands of
/// anchors stays linear.
void insert_markers(const std::vector<std::pair<std::size_t, std::string>>& markers, std::string& text,
                    std::vector<html_text::range>& preformatted)
{
    std::string marked;
    marked.reserve(text.size() + 8 * markers.size());
    std::size_t copied = 0;
    for (const auto& [at, marker] : markers) {
        marked.append(text, copied, at - copied);
        marked += marker;
        copied = at;
    }
    marked.append(text, copied);
    text = std::move(marked);
    std::size_t next = 0;
    std::size_t shift = 0;
    auto shifted = [&](std::size_t boundary) {
        while (next < markers.size() && markers[next].first <= boundary)
            shift += markers[next++].second.size();
        return boundary + shift;
    };
    for (auto& pre : preformatted) {
        pre.begin = shifted(pre.begin);
        pre.end = shifted(pre.end);
    }
}

} // namespace

/// Queues the `<a href>` links of an HTML block, labelled by the text they
/// enclose; numbered labels go into `text` where each anchor closes.
void gemtext_writer::queue_block_anchors(std::vector<html_anchor> anchors, std::string& text,
                                         std::vector<html_text::range>& preformatted)
{
    std::vector<std::pair<std::size_t, std::string>> markers;
    std::optional<html_anchor> open;
    auto close_at = [&](std::size_t at) {
        open_link link;
        link.target = gemtext_link_target(open->href, options_);
        link.raw_url = std::move(open->href);
        const std::size_t from = std::min(open->at, at);
        std::string label = collapse_blanks(std::string_view{text}.substr(from, at - from));
        open.reset();
        if (!link.target)
            return;
        if (auto marker = links_.queue(link, std::move(label)))
            markers.emplace_back(at, std::move(*marker));
    };
    for (auto& anchor : anchors) {
        if (open)
            close_at(anchor.at);  // a closing tag, or an <a> that ends the previous one
        if (anchor.opens)
            open = std::move(anchor);
    }
    if (open)
        close_at(text.size());
    if (!markers.empty())
        insert_markers(markers, text, preformatted);
}

// ---- look-ahead over a node's direct children ---------------------------------------------

/// A paragraph (or an item of such paragraphs) whose content is links and images
/// with usable targets, separated by nothing but whitespace.
bool gemtext_writer::holds_only_links(cmark_node* node) const
{
    if (type_of(node) == CMARK_NODE_ITEM) {
        cmark_node* child = cmark_node_first_child(node);
        if (!child)
            return false;
        for (; child; child = cmark_node_next(child))
            if (type_of(child) != CMARK_NODE_PARAGRAPH || !holds_only_links(child))
                return false;
        return true;
    }
    bool any_link = false;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (type_of(child)) {
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE: {
            const char* url = cmark_node_get_url(child);
            if (!is_usable_link_target(url ? url : ""))
                return false;
            any_link = true;
            break;
        }
        case CMARK_NODE_TEXT:
            if (!is_blank(literal_of(child)))
                return false;
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            break;
        default:
            return false;
        }
    }
    return any_link;
}

} // namespace smolpub::render::gemtext_detail
