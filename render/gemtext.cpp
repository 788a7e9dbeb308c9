// SPDX-License-Identifier: ISC
// Markdown -> gemtext. One cmark_iter loop feeds a writer whose enter()/exit()
// switches hold every mapping decision, so this file reads as the conversion spec:
//
// - Headings: `#`, `##`, `###`; levels 4-6 clamp to `###`; inline markup flattened.
// - Paragraphs: one line each; a soft break is a space, a hard break a new line.
// - Links: queued and emitted as `=> URL label` lines after the top-level block that
//   holds them (or per section / at the end / never, see link_placement). A paragraph
//   or list item made only of links becomes just the link lines (outside quotes,
//   where a link line would end the quote).
// - Images: like links, labelled by alt text or file name (which also stands in the
//   prose for an inline image without alt text).
// - Link targets: `#fragment`-only, empty, javascript: and data: links keep their text
//   but get no line; relative `*.md` links go through options.rewrite_link; spaces and
//   control characters are percent-encoded (gemtext_url.*).
// - Lists: `* item`; ordered items keep their number (`* 3. item`); nesting is shown
//   after the marker, one `◦ ` per level below the top (`* ◦ child`, `* ◦ ◦ grandchild`),
//   so every line stays a gemtext list line. An item's paragraphs join into one line;
//   text after a nested list or code block goes on a new `* ` line of the same depth.
//   No blank lines inside a list.
// - Quotes: `> ` per level; a bare `>` between blocks. Code and tables inside a quote
//   close the quote, are written as a real preformatted block (quote lines would be
//   reflowed by clients and lose their indentation), and the quote reopens after them.
// - A code block or table that starts a list item keeps the item's marker line, labelled
//   by what follows (`* table`, `* 2. python`).
// - Code: ``` blocks with the info string's first word as alt text, content verbatim
//   (CRLF -> LF) except that a line starting with ``` gets a U+200B in front.
// - Control characters other than tab and line feed become U+FFFD everywhere.
// - Tables (a paragraph whose second line is a GFM delimiter row): a ```table block.
// - Raw HTML: tags stripped, comments/script/style dropped, entities decoded, <br> breaks;
//   `<a href>` anchors are links like Markdown ones; `<pre>` becomes a ``` block.
// - A text line that would read as gemtext syntax gets a U+200B in front.
//
// No recursion anywhere: cmark's iterator walks the tree and the writer keeps only
// counters and small stacks, so 10,000 nested quotes or lists cost nothing special.
#include "render/gemtext.hpp"

#include <cmark.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "render/cmark_arena.hpp"
#include "render/gemtext_url.hpp"
#include "render/gemtext_text.hpp"
#include "render/html_text.hpp"
#include "render/pipe_table.hpp"
#include "text/utf8.hpp"

namespace smolpub::render {
using text::is_valid_utf8;
using text::line_sink;

namespace {

using namespace gemtext_detail;

template <auto Free> struct c_deleter {
    void operator()(auto* p) const noexcept { Free(p); }
};
using parser_ptr = std::unique_ptr<cmark_parser, c_deleter<cmark_parser_free>>;
using iter_ptr = std::unique_ptr<cmark_iter, c_deleter<cmark_iter_free>>;

constexpr std::string_view zero_width_space = "\xE2\x80\x8B";
constexpr std::string_view nesting_marker = "\xE2\x97\xA6 ";  // "◦ "

cmark_node_type type_of(cmark_node* node) { return node ? cmark_node_get_type(node) : CMARK_NODE_NONE; }
cmark_node_type parent_type(cmark_node* node) { return type_of(cmark_node_parent(node)); }

std::string_view literal_of(cmark_node* node)
{
    const char* s = cmark_node_get_literal(node);
    return s ? std::string_view{s} : std::string_view{};
}

struct queued_link {
    std::string url;
    std::string label;
    std::size_t number = 0;
};

struct open_link {
    std::optional<std::string> target;  // nullopt: the text stays, no link line
    std::string raw_url;
    std::size_t label_start = 0;
    bool image = false;
    bool hidden = false;  // inside <script> or a comment: no link line either
    bool html = false;    // opened by a raw `<a href>`, not by Markdown
};

// The start of a line being built. It only becomes text when the line has some,
// so 10,000 nested items with nothing to say cost no 10,000 marker strings.
struct line_start {
    std::size_t heading_level = 0;  // 1-3: "# " to "### "
    std::size_t list_depth = 0;     // 1: "* ", 2: "* ◦ ", 3: "* ◦ ◦ ", ...
    int number = -1;                // an ordered item's number: "3. " after the list marker
};

struct list_frame {
    bool ordered = false;
    int next_number = 1;
};

/// The lines of a Markdown source by number, from 1, found going forward: a table's text
/// nodes ask for their lines in order.
class source_lines {
public:
    explicit source_lines(std::string_view text) : text_(text) {}

    /// Line `number` without its newline; empty past the end.
    std::string_view line(int number)
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

private:
    std::string_view text_;
    int number_ = 1;
    std::size_t start_ = 0;
};

class gemtext_writer {
public:
    /// `source`: the Markdown being walked; `expected_size`: about how long the gemtext
    /// will be, so the output grows once.
    gemtext_writer(const gemtext_options& options, std::string_view source, std::size_t expected_size)
        : options_(options), source_(source)
    {
        out_.reserve(expected_size);
    }

    void enter(cmark_node* node)
    {
        switch (type_of(node)) {
        case CMARK_NODE_DOCUMENT:
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            flush_item_line();
            ++quote_depth_;
            break;
        case CMARK_NODE_LIST:
            flush_item_line();
            lists_.push_back({cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, cmark_node_get_list_start(node)});
            break;
        case CMARK_NODE_ITEM:
            ++item_depth_;
            enter_item(node);
            break;
        case CMARK_NODE_CODE_BLOCK:
            keep_item_marker(code_alt(cmark_node_get_fence_info(node)), "code");
            flush_item_line();
            write_code_block(cmark_node_get_fence_info(node), literal_of(node));
            finish_block(node);
            break;
        case CMARK_NODE_HTML_BLOCK:
            write_html_block(node);
            finish_block(node);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            flush_item_line();
            if (!options_.thematic_break.empty()) {
                open_line({}, true);
                line_ += options_.thematic_break;
                flush_line();
            }
            finish_block(node);
            break;
        case CMARK_NODE_PARAGRAPH:
            enter_paragraph(node);
            break;
        case CMARK_NODE_HEADING:
            enter_heading(node);
            break;
        case CMARK_NODE_TEXT:
            if (table_)
                write_table_text(node);
            else
                write_text(literal_of(node));
            break;
        case CMARK_NODE_SOFTBREAK:
            if (table_)
                table_->end_row();
            else
                put_text(" ");
            break;
        case CMARK_NODE_LINEBREAK:
            hard_break();
            break;
        case CMARK_NODE_CODE: {
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
            break;
        }
        case CMARK_NODE_HTML_INLINE:
            write_inline_html(literal_of(node));
            break;
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG:
            put_emphasis_marker(node);
            break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
            enter_link(node);
            break;
        default:
            break;  // custom nodes: their children still render
        }
    }

    void exit(cmark_node* node)
    {
        switch (type_of(node)) {
        case CMARK_NODE_DOCUMENT:
            emit_link_queue_as_block();
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            --quote_depth_;
            finish_block(node);
            break;
        case CMARK_NODE_LIST:
            lists_.pop_back();
            finish_block(node);
            break;
        case CMARK_NODE_ITEM:
            flush_item_line();
            links_in_place_ = false;
            --item_depth_;
            break;
        case CMARK_NODE_PARAGRAPH:
            exit_paragraph(node);
            finish_block(node);
            break;
        case CMARK_NODE_HEADING:
            close_html_anchors();
            --flat_depth_;
            if (parent_type(node) != CMARK_NODE_ITEM)
                flush_line();
            html_.reset();
            finish_block(node);
            break;
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG:
            put_emphasis_marker(node);
            break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
            close_html_anchors();
            exit_link();
            break;
        default:
            break;
        }
    }

    std::string take() && { return std::move(out_); }

private:
    const gemtext_options& options_;
    source_lines source_;
    std::string out_;

    // Blank lines are written lazily, just before the next line, so none ever doubles
    // or trails. Inside a quote the blank line is a bare `>` of the shallower depth.
    bool gap_pending_ = false;
    std::size_t gap_depth_ = 0;

    std::size_t quote_depth_ = 0;
    std::size_t item_depth_ = 0;
    std::vector<list_frame> lists_;

    // The line being built: its text, and what it starts with once written.
    std::string line_;
    line_start start_;
    std::string start_text_;  // the written form of start_, built in flush_line
    bool line_open_ = false;
    bool line_escaped_ = false;  // plain text lines get the syntax guard
    bool joins_breaks_ = false;  // in headings and items a hard break is a space
    int flat_depth_ = 0;         // > 0: no emphasis markers (headings, image alt text)

    std::vector<open_link> open_links_;
    std::string label_text_;  // text of all open links; each remembers where its label starts
    std::vector<queued_link> queue_;
    std::unordered_set<std::string> queued_urls_;  // a paragraph may hold thousands of links
    std::unordered_map<std::string, std::size_t> link_numbers_;
    bool links_in_place_ = false;  // the current paragraph or item is only links

    std::optional<pipe_table_reader> table_;
    html_text html_;

    // ---- output --------------------------------------------------------------------

    void request_gap()
    {
        if (item_depth_ > 0)
            return;  // a list stays compact whatever its items hold
        gap_depth_ = gap_pending_ ? std::min(gap_depth_, quote_depth_) : quote_depth_;
        gap_pending_ = true;
    }

    void write_gap_if_pending()
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

    /// A line inside the current quotes: `head` then `rest`, written in place.
    void emit(std::string_view head, std::string_view rest = {})
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

    /// A line that cannot be prefixed: link lines and preformatted text.
    void emit_unquoted(std::string_view line)
    {
        write_gap_if_pending();
        out_ += line;
        out_ += '\n';
    }

    void open_line(line_start start, bool escaped)
    {
        line_.clear();
        start_ = start;
        line_open_ = true;
        line_escaped_ = escaped;
    }

    void flush_line()
    {
        if (!line_open_)
            return;
        line_open_ = false;
        squeeze_spaces(line_, 0);
        if (line_.empty())
            return;  // an empty paragraph, heading or item leaves no line
        std::string& start = start_text_;  // reused: no allocation per line
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

    void flush_item_line()
    {
        if (!lists_.empty())
            flush_line();
    }

    /// Once a block is done: links of a top-level block go right below it, and a
    /// blank line separates it from what follows (except between list items).
    void finish_block(cmark_node* node)
    {
        const cmark_node_type parent = parent_type(node);
        if (parent == CMARK_NODE_DOCUMENT && options_.links == link_placement::block && !queue_.empty()) {
            gap_pending_ = false;
            for (const auto& link : queue_)
                emit_link_line(link);
            clear_queue();
        }
        if (parent != CMARK_NODE_ITEM && parent != CMARK_NODE_LIST)
            request_gap();
    }

    void clear_queue()
    {
        queue_.clear();
        queued_urls_.clear();
    }

    void emit_link_queue_as_block()
    {
        if (queue_.empty())
            return;
        for (const auto& link : queue_)
            emit_link_line(link);
        clear_queue();
        request_gap();
    }

    void emit_link_line(const queued_link& link)
    {
        write_gap_if_pending();
        (out_ += "=> ") += link.url;
        if (link.number > 0)
            ((out_ += " [") += std::to_string(link.number)) += ']';
        if (!link.label.empty())
            (out_ += ' ') += link.label;
        out_ += '\n';
    }

    // ---- blocks --------------------------------------------------------------------

    line_start list_line(bool with_number)
    {
        line_start start;
        start.list_depth = lists_.size();
        if (with_number && !lists_.empty() && lists_.back().ordered)
            start.number = lists_.back().next_number++;
        return start;
    }

    void enter_item(cmark_node* item)
    {
        flush_line();
        const line_start start = list_line(true);
        links_in_place_ = quote_depth_ == 0 && holds_only_links(item);
        if (!links_in_place_)
            open_line(start, false);
    }

    void enter_paragraph(cmark_node* paragraph)
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
            if (!line_open_)
                open_line(list_line(false), false);
            else if (!line_.empty())
                line_ += ' ';
            return;
        }
        links_in_place_ = quote_depth_ == 0 && holds_only_links(paragraph);
        if (!links_in_place_)
            open_line({}, true);
    }

    void exit_paragraph(cmark_node* paragraph)
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
            flush_line();
    }

    void enter_heading(cmark_node* heading)
    {
        // A section ends at a top-level heading; one inside a quote or list does not
        // end anything, and link lines there would cut the quote or list in two.
        if (options_.links == link_placement::section && parent_type(heading) == CMARK_NODE_DOCUMENT)
            emit_link_queue_as_block();
        ++flat_depth_;
        joins_breaks_ = true;
        if (parent_type(heading) == CMARK_NODE_ITEM) {
            if (line_open_ && !line_.empty())
                line_ += ' ';
            return;
        }
        const int level = std::clamp(cmark_node_get_heading_level(heading), 1, 3);
        open_line({.heading_level = static_cast<std::size_t>(level)}, false);
    }

    static std::string_view code_alt(const char* info)
    {
        std::string_view alt = info ? std::string_view{info} : std::string_view{};
        return alt.substr(0, std::min(alt.size(), alt.find_first_of(" \t")));
    }

    /// A block that opens a list item would leave the item with no line of its own, and
    /// so without its marker (and number); the marker line stays, naming the block.
    void keep_item_marker(std::string_view label, std::string_view fallback)
    {
        if (line_open_ && start_.list_depth > 0 && line_.empty())
            line_ = label.empty() ? fallback : label;
    }

    void write_code_block(const char* info, std::string_view code)
    {
        const std::string_view alt = code_alt(info);
        write_preformatted(alt, [&code](auto&& line_sink) {
            while (!code.empty()) {
                const auto newline = code.find('\n');
                std::string_view line = code.substr(0, newline);
                if (line.ends_with('\r'))
                    line.remove_suffix(1);
                line_sink(line);
                code.remove_prefix(newline == std::string_view::npos ? code.size() : newline + 1);
            }
        });
    }

    /// A preformatted block. Inside a quote its lines go out without `> `: the quote
    /// closes for the block and the next quote line reopens it (see top).
    template <class Produce> void write_preformatted(std::string_view alt, Produce produce)
    {
        write_gap_if_pending();
        (out_ += "```") += alt;
        out_ += '\n';
        produce([&](std::string_view line) {
            if (line.starts_with("```"))
                out_ += zero_width_space;
            (out_ += line) += '\n';
        });
        emit_unquoted("```");
    }

    void write_table()
    {
        const std::vector<std::string> lines = table_->format();
        write_preformatted("table", [&lines](auto&& line_sink) {
            for (const auto& line : lines)
                line_sink(line);
        });
    }

    void write_html_block(cmark_node* node)
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
    void write_html_pre(std::string_view code)
    {
        if (code.starts_with('\n'))
            code.remove_prefix(1);  // HTML drops the line break right after <pre>
        while (!code.empty() && (code.back() == '\n' || code.back() == '\r'))
            code.remove_suffix(1);
        if (code.empty())
            return;
        write_preformatted("", [code](auto&& line_sink) mutable {
            while (true) {
                const auto newline = code.find('\n');
                std::string_view line = code.substr(0, newline);
                if (line.ends_with('\r'))
                    line.remove_suffix(1);
                line_sink(line);
                if (newline == std::string_view::npos)
                    return;
                code.remove_prefix(newline + 1);
            }
        });
    }

    /// The text of an HTML block: one text line per line break, or joined into the item.
    void write_html_text(std::string_view rest, bool in_item)
    {
        while (!rest.empty()) {
            const auto newline = rest.find('\n');
            const std::string line = collapse_blanks(rest.substr(0, newline));
            rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
            if (line.empty())
                continue;
            if (in_item) {
                if (!line_open_)
                    open_line(list_line(false), false);
                else if (!line_.empty())
                    line_ += ' ';
                line_ += line;
            } else {
                open_line({}, true);
                line_ += line;
                flush_line();
            }
        }
    }

    /// Queues the `<a href>` links of an HTML block, labelled by the text they
    /// enclose; numbered labels go into `text` where each anchor closes.
    void queue_block_anchors(std::vector<html_anchor> anchors, std::string& text,
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
            if (auto marker = queue_link(link, std::move(label)))
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
        if (markers.empty())
            return;
        // One pass over the text and one over the <pre> stretches (both in order), so
        // a block with thousands of anchors stays linear.
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

    // ---- inlines -------------------------------------------------------------------

    /// `escaped`: for each '|' of `text` in a table, whether it is part of the cell (`\|`)
    /// rather than a border; bars past its end are borders.
    void write_text(std::string_view text, const std::vector<bool>& escaped = {})
    {
        if (!table_ || !open_links_.empty()) {
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
    void write_table_text(cmark_node* node)
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

    void put_text(std::string_view text)
    {
        if (html_.hiding_text() || text.empty())
            return;
        if (!open_links_.empty())
            label_text_ += text;
        if (links_in_place_)
            return;
        if (table_)
            table_->text(text);
        else if (line_open_)
            line_ += text;
    }

    void put_markup(std::string_view marker)
    {
        if (options_.emphasis == emphasis_markers::strip || flat_depth_ > 0 || links_in_place_ ||
            html_.hiding_text())
            return;
        if (table_)
            table_->cell += marker;
        else if (line_open_)
            line_ += marker;
    }

    /// The same marker opens and closes emphasis (`*`) and strong emphasis (`**`).
    void put_emphasis_marker(cmark_node* node) { put_markup(type_of(node) == CMARK_NODE_STRONG ? "**" : "*"); }

    void hard_break()
    {
        if (html_.hiding_text())
            return;
        if (table_ || joins_breaks_ || links_in_place_ || !open_links_.empty() || !line_open_) {
            put_text(" ");
            return;
        }
        flush_line();
        open_line({}, true);
    }

    void write_inline_html(std::string_view html)
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
            if (anchor.opens) {
                close_html_anchors();  // HTML anchors do not nest
                open_html_anchor(std::move(anchor.href));
            } else {
                close_html_anchors();
            }
        }
    }

    void enter_link(cmark_node* node)
    {
        const char* url = cmark_node_get_url(node);
        open_link link;
        link.raw_url = url ? url : "";
        link.target = gemtext_link_target(link.raw_url, options_);
        link.label_start = label_text_.size();
        link.image = type_of(node) == CMARK_NODE_IMAGE;
        link.hidden = html_.hiding_text();
        if (link.image)
            ++flat_depth_;
        open_links_.push_back(std::move(link));
    }

    void exit_link()
    {
        open_link link = std::move(open_links_.back());
        open_links_.pop_back();
        std::string label = collapse_blanks(std::string_view{label_text_}.substr(link.label_start));
        if (open_links_.empty())
            label_text_.clear();
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
            emit_link_line({*link.target, label_unless_url(std::move(label), link), 0});
            return;
        }
        if (auto marker = queue_link(link, std::move(label)))
            put_markup_always(*marker);
    }

    // An autolink's text is its URL: `=> URL` says it all.
    static std::string label_unless_url(std::string label, const open_link& link)
    {
        if (label == link.raw_url || label == *link.target)
            label.clear();
        return label;
    }

    /// Queues a link line unless links are off; returns the `[n]` to put in the
    /// prose when links are numbered.
    std::optional<std::string> queue_link(open_link& link, std::string label)
    {
        if (options_.links == link_placement::off)
            return std::nullopt;
        label = label_unless_url(std::move(label), link);
        std::size_t number = 0;
        std::optional<std::string> marker;
        if (options_.labels == link_labels::numbered) {
            auto [it, inserted] = link_numbers_.try_emplace(*link.target, link_numbers_.size() + 1);
            number = it->second;
            marker = "[" + std::to_string(number) + "]";
        }
        if (queued_urls_.insert(*link.target).second)
            queue_.push_back({std::move(*link.target), std::move(label), number});
        return marker;
    }

    // Raw-HTML anchors (`<a href="...">text</a>`) are links too: blogs moved from
    // other engines are full of them. Inline, cmark hands over one tag per node.
    void open_html_anchor(std::string href)
    {
        open_link link;
        link.target = gemtext_link_target(href, options_);
        link.raw_url = std::move(href);
        link.label_start = label_text_.size();
        link.html = true;
        open_links_.push_back(std::move(link));
    }

    /// Ends the raw-HTML anchors still open on top of the link stack (an `</a>`,
    /// or the end of the Markdown link or block that holds a never-closed `<a>`).
    void close_html_anchors()
    {
        while (!open_links_.empty() && open_links_.back().html)
            exit_link();
    }

    /// Text the reader needs whatever the emphasis option says (link numbers).
    void put_markup_always(std::string_view text)
    {
        if (table_)
            table_->cell += text;
        else if (line_open_)
            line_ += text;
    }

    // ---- look-ahead over a node's direct children ------------------------------------

    /// A paragraph (or an item of such paragraphs) whose content is links and images
    /// with usable targets, separated by nothing but whitespace.
    bool holds_only_links(cmark_node* node) const
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

    /// The alignments of a pipe table when the paragraph's second line is a delimiter row.
    std::optional<std::vector<column_align>> table_delimiter_row(cmark_node* paragraph) const
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
};

} // namespace

std::string markdown_to_gemtext(std::string_view markdown, const gemtext_options& options)
{
    // The whole tree lives in the arena and goes with it: no node-by-node free.
    cmark_arena arena;
    cmark_node* document = nullptr;
    {
        // cmark's validation replaces each ill-formed sequence with U+FFFD as it reads
        // a line; on well-formed input it changes nothing and still costs a slow byte
        // loop, so it is asked for only when the one fast check finds something to fix.
        const int parse_options = is_valid_utf8(markdown) ? CMARK_OPT_DEFAULT : CMARK_OPT_VALIDATE_UTF8;
        const parser_ptr parser{cmark_parser_new_with_mem(parse_options, arena.mem())};
        cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
        document = cmark_parser_finish(parser.get());
    }
    if (!document)
        return {};
    // Gemtext is about as long as its Markdown (markers go, link lines come).
    gemtext_writer writer{options, markdown, markdown.size() + markdown.size() / 8};
    const iter_ptr iter{cmark_iter_new(document)};
    for (auto event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE; event = cmark_iter_next(iter.get())) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        if (event == CMARK_EVENT_ENTER)
            writer.enter(node);
        else
            writer.exit(node);
    }
    std::string gemtext = std::move(writer).take();
    replace_control_characters(gemtext);
    return gemtext;
}

} // namespace smolpub::render
