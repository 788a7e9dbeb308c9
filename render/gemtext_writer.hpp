// SPDX-License-Identifier: ISC
#pragma once
// The gemtext writer: cmark's iterator calls enter() and exit() for each node. Its parts:
// the dispatch (gemtext.cpp, which also states the whole conversion), blocks
// (gemtext_blocks.cpp), inlines (gemtext_inlines.cpp); the lines it writes are kept by
// gemtext_lines and its links by gemtext_links. Private to render/. Pure: no I/O.
#include <cmark.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/cmark_nodes.hpp"
#include "render/gemtext.hpp"
#include "render/gemtext_lines.hpp"
#include "render/gemtext_links.hpp"
#include "render/html_text.hpp"
#include "render/pipe_table.hpp"

namespace smolpub::render::gemtext_detail {

using render::literal_of;
using render::parent_type;
using render::table_delimiter_row;
using render::type_of;

/// The lines of a Markdown source by number, from 1, found going forward: a table's text
/// nodes ask for their lines in order.
class source_lines {
public:
    explicit source_lines(std::string_view text) : text_(text) {}
    /// Line `number` without its newline; empty past the end.
    std::string_view line(int number);

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
        : options_(options), source_(source), lines_(expected_size), links_(options)
    {
    }

    void enter(cmark_node* node);
    void exit(cmark_node* node);

    std::string take() && { return std::move(lines_).take(); }

private:
    struct list_frame {
        bool ordered = false;
        int next_number = 1;
    };

    const gemtext_options& options_;
    source_lines source_;
    gemtext_lines lines_;
    gemtext_links links_;

    std::size_t item_depth_ = 0;
    std::vector<list_frame> lists_;
    bool joins_breaks_ = false;     // in headings and items a hard break is a space
    int flat_depth_ = 0;            // > 0: no emphasis markers (headings, image alt text)
    bool links_in_place_ = false;   // the current paragraph or item is only links

    std::optional<pipe_table_reader> table_;
    html_text html_;

    // ---- blocks (gemtext_blocks.cpp) ----------------------------------------------------
    void request_gap();
    void flush_item_line();
    void finish_block(cmark_node* node);
    void emit_link_queue_as_block();
    line_start list_line(bool with_number);
    void enter_list(cmark_node* list);
    void enter_item(cmark_node* item);
    void exit_item();
    void enter_paragraph(cmark_node* paragraph);
    void exit_paragraph(cmark_node* paragraph);
    void enter_heading(cmark_node* heading);
    void exit_heading(cmark_node* heading);
    void keep_item_marker(std::string_view label, std::string_view fallback);
    void write_code_block(cmark_node* node);
    void write_thematic_break(cmark_node* node);
    void write_table();
    void write_html_block(cmark_node* node);
    void write_html_pre(std::string_view code);
    void write_html_text(std::string_view rest, bool in_item);
    void queue_block_anchors(std::vector<html_anchor> anchors, std::string& text,
                             std::vector<html_text::range>& preformatted);
    bool holds_only_links(cmark_node* node) const;

    // ---- inlines (gemtext_inlines.cpp) --------------------------------------------------
    void write_text_node(cmark_node* node);
    void write_text(std::string_view text, const std::vector<bool>& escaped = {});
    void write_table_text(cmark_node* node);
    void write_code_span(cmark_node* node);
    void soft_break();
    void put_text(std::string_view text);
    void put_markup(std::string_view marker);
    void put_markup_always(std::string_view text);
    void put_emphasis_marker(cmark_node* node);
    void hard_break();
    void write_inline_html(std::string_view html);
    void enter_link(cmark_node* node);
    void exit_link();
    void open_html_anchor(std::string href);
    void close_html_anchors();
};

} // namespace smolpub::render::gemtext_detail
