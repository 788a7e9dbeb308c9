// SPDX-License-Identifier: ISC
#include "render/html.hpp"

#include "render/cmark_arena.hpp"

#include <cmark.h>

#include <algorithm>
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

std::string_view literal(cmark_node* n) {
    const char* s = cmark_node_get_literal(n);
    return s ? std::string_view(s) : std::string_view();
}

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

void url_attr(std::string& out, const char* url) {
    std::string_view u = url ? url : "";
    append_html_escaped(out, safe_url(u) ? u : std::string_view());
}

} // namespace

std::string markdown_to_html(std::string_view markdown, const html_options& options) {
    cmark_arena arena;
    cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8, arena.mem());
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    cmark_node* doc = cmark_parser_finish(parser);
    std::string out;
    out.reserve(markdown.size() + markdown.size() / 4);
    cmark_iter* it = cmark_iter_new(doc);
    int image_depth = 0;  // inside an image, only the alt text is written
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        bool enter = ev == CMARK_EVENT_ENTER;
        auto type = cmark_node_get_type(n);
        if (image_depth > 0 && type != CMARK_NODE_IMAGE) {
            if (enter && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE))
                append_html_escaped(out, literal(n));
            else if (enter && (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK))
                out += ' ';
            continue;
        }
        switch (type) {
        case CMARK_NODE_DOCUMENT: break;
        case CMARK_NODE_PARAGRAPH: {
            cmark_node* parent = cmark_node_parent(n);
            bool tight = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
                         cmark_node_get_list_tight(cmark_node_parent(parent));
            if (!tight) out += enter ? "<p>" : "</p>\n";
            break;
        }
        case CMARK_NODE_HEADING: {
            int level = std::clamp(cmark_node_get_heading_level(n) + options.heading_shift, 1, 6);
            out += enter ? "<h" : "</h";
            out += static_cast<char>('0' + level);
            out += enter ? ">" : ">\n";
            break;
        }
        case CMARK_NODE_BLOCK_QUOTE: out += enter ? "<blockquote>\n" : "</blockquote>\n"; break;
        case CMARK_NODE_LIST: {
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
            break;
        }
        case CMARK_NODE_ITEM: out += enter ? "<li>" : "</li>\n"; break;
        case CMARK_NODE_CODE_BLOCK: {
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
            append_html_escaped(out, literal(n));
            out += "</code></pre>\n";
            break;
        }
        case CMARK_NODE_HTML_BLOCK:
            out += "<pre>";
            append_html_escaped(out, literal(n));
            out += "</pre>\n";
            break;
        case CMARK_NODE_THEMATIC_BREAK: out += "<hr>\n"; break;
        case CMARK_NODE_TEXT: append_html_escaped(out, literal(n)); break;
        case CMARK_NODE_SOFTBREAK: out += '\n'; break;
        case CMARK_NODE_LINEBREAK: out += "<br>\n"; break;
        case CMARK_NODE_CODE:
            out += "<code>";
            append_html_escaped(out, literal(n));
            out += "</code>";
            break;
        case CMARK_NODE_HTML_INLINE: append_html_escaped(out, literal(n)); break;
        case CMARK_NODE_EMPH: out += enter ? "<em>" : "</em>"; break;
        case CMARK_NODE_STRONG: out += enter ? "<strong>" : "</strong>"; break;
        case CMARK_NODE_LINK:
            if (enter) {
                out += "<a href=\"";
                url_attr(out, cmark_node_get_url(n));
                out += '"';
                const char* title = cmark_node_get_title(n);
                if (title && *title) {
                    out += " title=\"";
                    append_html_escaped(out, title);
                    out += '"';
                }
                out += '>';
            } else {
                out += "</a>";
            }
            break;
        case CMARK_NODE_IMAGE:
            if (enter) {
                out += "<img src=\"";
                url_attr(out, cmark_node_get_url(n));
                out += "\" alt=\"";
                ++image_depth;
            } else {
                --image_depth;
                out += "\">";
            }
            break;
        default: break;
        }
    }
    cmark_iter_free(it);
    return out;
}

} // namespace smolpub::render
