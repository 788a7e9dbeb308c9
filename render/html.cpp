// SPDX-License-Identifier: ISC
#include "render/html.hpp"

#include "render/cmark_arena.hpp"
#include "render/cmark_nodes.hpp"
#include "render/pipe_table.hpp"

#include <cmark.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace smolpub::render {

void append_html_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
}

namespace {

/// Only relative URLs and a few harmless schemes survive.
bool safe_url(std::string_view url) {
    auto colon = url.find(':');
    if (colon == std::string_view::npos) return true;
    auto slash = url.find_first_of("/?#");
    if (slash != std::string_view::npos && slash < colon) return true;
    std::string scheme(url.substr(0, colon));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme == "http" || scheme == "https" || scheme == "gemini" || scheme == "gopher" ||
           scheme == "mailto";
}

void url_attr(std::string& out, const char* url, const html_options& options) {
    std::string_view u = url ? url : "";
    std::optional<std::string> rewritten;
    if (options.rewrite_link && (rewritten = options.rewrite_link(u)))
        u = *rewritten;
    append_html_escaped(out, safe_url(u) ? u : std::string_view());
}

bool names_another_host(const char* url) {
    std::string_view u = url ? url : "";
    if (u.starts_with("//")) return true;
    auto colon = u.find(':');
    return colon != std::string_view::npos && u.find_first_of("/?#") > colon;
}

void write_table(std::string& out, pipe_table_reader& table) {
    auto& rows = table.rows;
    while (!rows.empty() && rows.back().empty()) rows.pop_back();
    if (rows.empty()) return;
    std::size_t columns = 0;
    for (const auto& row : rows) columns = std::max(columns, row.size());
    const auto cell = [&](std::string_view tag, const std::vector<std::string>& row, std::size_t k) {
        out += '<';
        out += tag;
        const column_align align = k < table.aligns.size() ? table.aligns[k] : column_align::none;
        if (align == column_align::left) out += " class=\"left\"";
        if (align == column_align::center) out += " class=\"center\"";
        if (align == column_align::right) out += " class=\"right\"";
        out += '>';
        if (k < row.size()) out += row[k];
        out += "</";
        out += tag;
        out += '>';
    };
    out += "<table>\n<thead><tr>";
    for (std::size_t k = 0; k < columns; ++k) cell("th", rows[0], k);
    out += "</tr></thead>\n";
    if (rows.size() > 1) {
        out += "<tbody>\n";
        for (std::size_t r = 1; r < rows.size(); ++r) {
            out += "<tr>";
            for (std::size_t k = 0; k < columns; ++k) cell("td", rows[r], k);
            out += "</tr>\n";
        }
        out += "</tbody>\n";
    }
    out += "</table>\n";
}

/// The levels a body's headings are written at: their own (for heading_shift, applied by
/// the writer) or, with top_heading, the levels in use renumbered from it without gaps.
std::array<int, 7> heading_levels(cmark_node* doc, const html_options& options) {
    std::array<int, 7> level_of = {0, 1, 2, 3, 4, 5, 6};
    if (options.top_heading < 1 || options.top_heading > 6) return level_of;
    bool used[7] = {};
    cmark_iter* scan = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(scan)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(scan);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING)
            used[std::clamp(cmark_node_get_heading_level(n), 1, 6)] = true;
    }
    cmark_iter_free(scan);
    int next = options.top_heading;
    for (int level = 1; level <= 6; ++level)
        if (used[level]) level_of[level] = std::min(next++, 6);
    return level_of;
}

/// Markdown -> HTML: cmark's iterator calls visit() for each node, entering and leaving.
class html_writer {
public:
    html_writer(const html_options& options, cmark_node* doc, std::size_t expected_size)
        : options_(options), level_of_(heading_levels(doc, options)) {
        result_.reserve(expected_size);
    }

    void visit(cmark_node* n, bool enter) {
        const auto type = cmark_node_get_type(n);
        // Inside a table, inline markup goes into the cell being read.
        std::string& out = table_ && type != CMARK_NODE_PARAGRAPH ? table_->cell : result_;
        if (image_depth_ > 0 && type != CMARK_NODE_IMAGE) {
            alt_text(n, enter, out);
            return;
        }
        switch (type) {
        case CMARK_NODE_DOCUMENT: break;
        case CMARK_NODE_PARAGRAPH: paragraph(n, enter, out); break;
        case CMARK_NODE_HEADING: heading(n, enter, out); break;
        case CMARK_NODE_BLOCK_QUOTE: out += enter ? "<blockquote>\n" : "</blockquote>\n"; break;
        case CMARK_NODE_LIST: list(n, enter, out); break;
        case CMARK_NODE_ITEM: out += enter ? "<li>" : "</li>\n"; break;
        case CMARK_NODE_CODE_BLOCK: code_block(n, out); break;
        case CMARK_NODE_HTML_BLOCK:
            out += "<pre>";
            append_html_escaped(out, literal_of(n));
            out += "</pre>\n";
            break;
        case CMARK_NODE_THEMATIC_BREAK: out += "<hr>\n"; break;
        case CMARK_NODE_TEXT: text(n, out); break;
        case CMARK_NODE_SOFTBREAK:
            if (table_) table_->end_row();
            else out += '\n';
            break;
        case CMARK_NODE_LINEBREAK:
            if (table_) table_->end_row();
            else out += "<br>\n";
            break;
        case CMARK_NODE_CODE:
            out += "<code>";
            append_html_escaped(out, literal_of(n));
            out += "</code>";
            break;
        case CMARK_NODE_HTML_INLINE: append_html_escaped(out, literal_of(n)); break;
        case CMARK_NODE_EMPH: out += enter ? "<em>" : "</em>"; break;
        case CMARK_NODE_STRONG: out += enter ? "<strong>" : "</strong>"; break;
        case CMARK_NODE_LINK: link(n, enter, out); break;
        case CMARK_NODE_IMAGE: image(n, enter, out); break;
        default: break;
        }
    }

    std::string take() && { return std::move(result_); }

private:
    enum class image_form { img, link, text };

    const html_options& options_;
    const std::array<int, 7> level_of_;  // for top_heading's renumbering
    std::string result_;
    int image_depth_ = 0;  // inside an image, only the alt text is written
    int link_depth_ = 0;   // a '|' inside a link's text is no cell border
    std::optional<pipe_table_reader> table_;  // set inside a paragraph that is a pipe table
    std::vector<image_form> remote_images_;   // per open image: how it is written
    int anchor_depth_ = 0;                    // open <a> elements (links; remote images as links)

    void alt_text(cmark_node* n, bool enter, std::string& out) {
        const auto type = cmark_node_get_type(n);
        if (enter && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE))
            append_html_escaped(out, literal_of(n));
        else if (enter && (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK))
            out += ' ';
    }

    void paragraph(cmark_node* n, bool enter, std::string& out) {
        if (enter && !table_) {
            if (auto aligns = table_delimiter_row(n)) {
                table_.emplace();
                table_->aligns = std::move(*aligns);
                return;
            }
        } else if (!enter && table_) {
            table_->end_row();
            write_table(result_, *table_);
            table_.reset();
            return;
        }
        cmark_node* parent = cmark_node_parent(n);
        bool tight = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
                     cmark_node_get_list_tight(cmark_node_parent(parent));
        if (!tight) out += enter ? "<p>" : "</p>\n";
    }

    void heading(cmark_node* n, bool enter, std::string& out) {
        const int written = std::clamp(cmark_node_get_heading_level(n), 1, 6);
        int level = options_.top_heading >= 1 && options_.top_heading <= 6
                        ? level_of_[written]
                        : std::clamp(written + options_.heading_shift, 1, 6);
        out += enter ? "<h" : "</h";
        out += static_cast<char>('0' + level);
        out += enter ? ">" : ">\n";
    }

    static void list(cmark_node* n, bool enter, std::string& out) {
        bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        if (enter) {
            int start = cmark_node_get_list_start(n);
            if (ordered && start != 1)
                out += "<ol start=\"" + std::to_string(start) + "\">\n";
            else
                out += ordered ? "<ol>\n" : "<ul>\n";
        } else {
            out += ordered ? "</ol>\n" : "</ul>\n";
        }
    }

    static void code_block(cmark_node* n, std::string& out) {
        out += "<pre><code";
        const char* info = cmark_node_get_fence_info(n);
        if (info && *info) {
            std::string_view lang(info);
            lang = lang.substr(0, lang.find(' '));
            out += " class=\"language-";
            append_html_escaped(out, lang);
            out += '"';
        }
        out += '>';
        append_html_escaped(out, literal_of(n));
        out += "</code></pre>\n";
    }

    void text(cmark_node* n, std::string& out) {
        if (!table_ || link_depth_ > 0) {
            append_html_escaped(out, literal_of(n));
            return;
        }
        std::string_view text = literal_of(n);
        for (auto bar = text.find('|');; bar = text.find('|')) {
            std::string piece;
            append_html_escaped(piece, text.substr(0, bar));
            table_->text(piece);
            if (bar == std::string_view::npos) break;
            table_->bar();
            text.remove_prefix(bar + 1);
        }
    }

    void link(cmark_node* n, bool enter, std::string& out) {
        link_depth_ += enter ? 1 : -1;
        anchor_depth_ += enter ? 1 : -1;
        if (!enter) {
            out += "</a>";
            return;
        }
        out += "<a href=\"";
        url_attr(out, cmark_node_get_url(n), options_);
        out += '"';
        const char* title = cmark_node_get_title(n);
        if (title && *title) {
            out += " title=\"";
            append_html_escaped(out, title);
            out += '"';
        }
        out += '>';
    }

    void image(cmark_node* n, bool enter, std::string& out) {
        if (!enter) {
            --image_depth_;
            --link_depth_;
            const image_form form = remote_images_.empty() ? image_form::img : remote_images_.back();
            if (!remote_images_.empty()) remote_images_.pop_back();
            if (form != image_form::text) out += form == image_form::link ? "</a>" : "\">";
            return;
        }
        // A remote image becomes a link to it; inside a link, only its alt text.
        const bool remote = options_.local_images_only && names_another_host(cmark_node_get_url(n));
        const image_form form = !remote ? image_form::img : anchor_depth_ > 0 ? image_form::text : image_form::link;
        remote_images_.push_back(form);
        if (form == image_form::img || form == image_form::link) {
            out += form == image_form::link ? "<a href=\"" : "<img src=\"";
            url_attr(out, cmark_node_get_url(n), options_);
            out += form == image_form::link ? "\">" : "\" alt=\"";
        }
        ++image_depth_;
        ++link_depth_;
    }
};

} // namespace

std::string markdown_to_html(std::string_view markdown, const html_options& options) {
    cmark_arena arena;
    cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8, arena.mem());
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    cmark_node* doc = cmark_parser_finish(parser);
    html_writer writer{options, doc, markdown.size() + markdown.size() / 4};
    cmark_iter* it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
        writer.visit(cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
    cmark_iter_free(it);
    return std::move(writer).take();
}

} // namespace smolpub::render
