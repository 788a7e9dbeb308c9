// SPDX-License-Identifier: ISC
#include "import/html_markdown.hpp"

#include "import/json_values.hpp"
#include "import/slugs.hpp"
#include "import/xml_node.hpp"
#include "text/utf8.hpp"

#include <libxml/HTMLparser.h>

#include <algorithm>
#include <array>
#include <climits>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace smolpub::import {
namespace {

template <auto Free> struct c_deleter {
    void operator()(auto* p) const noexcept { Free(p); }
};

// libxml2 nests what it is given; past this depth the rest of a subtree is taken as plain
// text, so a pathological post cannot recurse the converter off the stack.
constexpr int max_depth = 120;

constexpr std::string_view nbsp = "\xC2\xA0";



bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

template <std::size_t N> bool one_of(std::string_view name, const std::array<std::string_view, N>& set)
{
    return std::find(set.begin(), set.end(), name) != set.end();
}

constexpr std::array<std::string_view, 17> paragraph_like{
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "center", "address",
    "form", "dl", "dt", "dd", "figcaption", "details"};
constexpr std::array<std::string_view, 14> dropped{
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "object", "param",
    "svg", "math", "button", "select"};
constexpr std::array<std::string_view, 4> embeds{"iframe", "video", "audio", "embed"};

/// Percent-encodes what would end or confuse a Markdown link destination.
std::string link_destination(std::string_view url)
{
    std::string out;
    for (char c : url) {
        switch (c) {
        case ' ': out += "%20"; break;
        case '(': out += "%28"; break;
        case ')': out += "%29"; break;
        case '<': out += "%3C"; break;
        case '>': out += "%3E"; break;
        case '\n': case '\r': case '\t': break;
        default: out += c;
        }
    }
    return out;
}

/// Escapes Markdown syntax inside running text.
void append_escaped(std::string& out, std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '<':
            out += '\\';
            out += c;
            break;
        case '&': {
            // Only where it would read as a character reference.
            std::size_t j = i + 1;
            while (j < text.size() && j < i + 33 &&
                   ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
                    (text[j] >= '0' && text[j] <= '9') || text[j] == '#'))
                ++j;
            if (j > i + 1 && j < text.size() && text[j] == ';')
                out += '\\';
            out += c;
            break;
        }
        default:
            out += c;
        }
    }
}

/// A line of a paragraph must not start a block by accident ("# ", "- ", "1. ", ">").
std::string guard_line_start(std::string line)
{
    if (line.empty())
        return line;
    const char c = line[0];
    if (c == '#' || c == '>' || c == '-' || c == '+' || c == '=' || c == '~' || c == '|')
        return "\\" + line;
    std::size_t digits = 0;
    while (digits < line.size() && digits < 10 && line[digits] >= '0' && line[digits] <= '9')
        ++digits;
    if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')'))
        line.insert(digits, "\\");
    return line;
}

std::string trim(std::string_view s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && (is_space(s[b]) || s.substr(b).starts_with(nbsp)))
        b += s.substr(b).starts_with(nbsp) ? 2 : 1;
    while (e > b && (is_space(s[e - 1]) || (e - b >= 2 && s.substr(e - 2, 2) == nbsp)))
        e -= is_space(s[e - 1]) ? 1 : 2;
    return std::string{s.substr(b, e - b)};
}

std::string code_language(xmlNodePtr pre)
{
    std::vector<std::string> classes{attribute_of(pre, "class")};
    for (xmlNodePtr c = pre->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_of(c) == "code")
            classes.push_back(attribute_of(c, "class"));
    classes.push_back(attribute_of(pre, "lang"));
    for (const std::string& cls : classes) {
        // "language-python", "lang-python", "lang:python", SyntaxHighlighter's "brush: php;"
        for (std::string_view key : {"language-", "lang-", "lang:", "brush:"}) {
            const auto at = cls.find(key);
            if (at == std::string::npos)
                continue;
            std::size_t i = at + key.size();
            while (i < cls.size() && cls[i] == ' ')
                ++i;
            std::string lang;
            while (i < cls.size() && !is_space(cls[i]) && cls[i] != ';' && cls[i] != '`' && cls[i] != '~')
                lang += cls[i++];
            if (!lang.empty())
                return lang;
        }
    }
    return {};
}

/// Whether `node`'s class attribute has the word `word`.
bool has_class(xmlNodePtr node, std::string_view word)
{
    const std::string classes = attribute_of(node, "class");
    std::size_t at = 0;
    while (at < classes.size()) {
        while (at < classes.size() && is_space(classes[at]))
            ++at;
        std::size_t end = at;
        while (end < classes.size() && !is_space(classes[end]))
            ++end;
        if (std::string_view{classes}.substr(at, end - at) == word)
            return true;
        at = end;
    }
    return false;
}

/// The block editor's file block repeats its link as a "Download" button: a second link
/// to the same file, which would stick to the first ("ReportDownload"). The button goes
/// when a link before it in the block already leads there.
bool is_repeated_file_button(xmlNodePtr node)
{
    if (!has_class(node, "wp-block-file__button"))
        return false;
    const std::string href = attribute_of(node, "href");
    for (xmlNodePtr p = node->prev; p; p = p->prev)
        if (p->type == XML_ELEMENT_NODE && name_of(p) == "a" && attribute_of(p, "href") == href)
            return true;
    return false;
}

/// The element that holds classic footnotes: `<div class="footnotes">`, `<ol class="footnotes">`,
/// Pandoc's `<section class="footnotes">`, a rendered footnotes block.
bool is_notes_container(xmlNodePtr node)
{
    const std::string_view name = name_of(node);
    return (name == "ol" || name == "div" || name == "section" || name == "aside" || name == "footer") &&
           (has_class(node, "footnotes") || has_class(node, "wp-block-footnotes"));
}

/// Calls `f` for every element under `root` (not `root` itself), in document order, without
/// recursion.
template <class F> void for_each_descendant(xmlNodePtr root, F f)
{
    xmlNodePtr n = root->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE)
            f(n);
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
}

/// The URL of a `background-image: url(...)` (or `background: ... url(...)`) in a style
/// attribute, or empty. Inline data is no link.
std::string background_url(xmlNodePtr node)
{
    const std::string style = attribute_of(node, "style");
    const auto at = style.find("url(");
    if (at == std::string::npos)
        return {};
    std::size_t i = at + 4;
    while (i < style.size() && is_space(style[i]))
        ++i;
    char quote = 0;
    if (i < style.size() && (style[i] == '"' || style[i] == '\'')) 
        quote = style[i++];
    const auto end = quote ? style.find(quote, i) : style.find(')', i);
    if (end == std::string::npos)
        return {};
    std::string url = trim(std::string_view{style}.substr(i, end - i));
    if (url.starts_with("data:"))
        return {};
    return url;
}

using html_doc = std::unique_ptr<xmlDoc, c_deleter<xmlFreeDoc>>;

html_doc parse_html(std::string_view raw)
{
    // libxml2 mends some ill-formed UTF-8 and passes other bytes through (0x91 0x8C after a
    // broken tag came out as is): the Markdown must be UTF-8 whatever the export holds.
    const std::string html = text::to_valid_utf8(raw);
    const int size = static_cast<int>(std::min<std::size_t>(html.size(), INT_MAX));
    // HUGE lifts libxml2's limit of 256 nested elements, past which it drops the whole
    // body; the walk has its own, lower bound.
    return html_doc{htmlReadMemory(html.data(), size, nullptr, "UTF-8",
                                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                       HTML_PARSE_NODEFDTD | XML_PARSE_HUGE)};
}

xmlNodePtr body_of(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : nullptr;
    if (!root)
        return nullptr;
    for (xmlNodePtr node = root->children; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE && name_of(node) == "body")
            return node;
    return nullptr;
}

/// What a dynamic block leaves in the capsule.
enum class block_use { none, link, post_field, not_dynamic };

struct container {
    std::string marker;  ///< "> " for a quote, "- " / "3. " for a list item
    bool quote = false;
    bool marker_used = false;
};

class markdown_writer {
public:
    explicit markdown_writer(const markdown_options& options) : options_(options)
    {
        for (const auto& note : options.footnotes)
            if (!note.id.empty())
                note_ids_.insert(note.id);
    }

    /// The ids of classic footnotes under `root` (the `<li id=...>` of a notes container), so
    /// that links to them are read as markers.
    void find_classic_notes(xmlNodePtr root)
    {
        for_each_descendant(root, [this](xmlNodePtr n) {
            if (!is_notes_container(n))
                return;
            for_each_descendant(n, [this](xmlNodePtr li) {
                if (name_of(li) == "li")
                    if (std::string id = attribute_of(li, "id"); !id.empty())
                        note_ids_.insert(std::move(id));
            });
        });
    }

    void blocks(xmlNodePtr parent, int depth)
    {
        for (xmlNodePtr node = parent->children; node; node = node->next)
            visit(node, depth);
    }

    std::string take() &&
    {
        flush_paragraph();
        if (!options_.footnotes.empty() && !block_notes_written_)
            block_notes();
        return std::move(out_);
    }

private:
    const markdown_options& options_;
    std::string out_;
    std::string inline_;  // the paragraph being built; '\n' marks a hard break
    std::vector<container> containers_;
    bool need_gap_ = false;
    int flat_ = 0;  // > 0: blocks are spaces (headings, link text, table cells)
    mutable bool noted_depth_ = false;
    // Footnotes: every id a marker may point at, the number each got (in order of first
    // reference), whether the block's list is out, and > 0 inside a notes list.
    std::unordered_set<std::string> note_ids_;
    std::unordered_map<std::string, int> note_numbers_;
    bool block_notes_written_ = false;
    int in_notes_ = 0;
    /// The last block written, when it is a one-line paragraph ending in ':' at the top
    /// level: where it starts (with its blank line) and ends in out_.
    std::size_t label_start_ = std::string::npos, label_end_ = std::string::npos;
    /// The list that ended last: where the output was then, at which level, of which kind.
    struct list_end {
        std::size_t end = std::string::npos;
        std::size_t level = 0;
        bool ordered = false;
        bool other_marker = false;
    } last_list_;

    void note_too_deep() const
    {
        if (noted_depth_ || !options_.notes)
            return;
        noted_depth_ = true;
        options_.notes->push_back("HTML nested deeper than " + std::to_string(max_depth) +
                                  " elements: the deeper part kept as plain text");
    }

    // ---- output ---------------------------------------------------------------------

    std::string line_prefix()
    {
        std::string prefix;
        for (auto& c : containers_) {
            if (c.quote || !c.marker_used) {
                prefix += c.marker;
                c.marker_used = true;
            } else {
                prefix.append(c.marker.size(), ' ');
            }
        }
        return prefix;
    }

    std::string gap_prefix() const
    {
        std::string prefix;
        for (const auto& c : containers_)
            prefix += c.quote ? c.marker : std::string(c.marker.size(), ' ');
        while (!prefix.empty() && prefix.back() == ' ')
            prefix.pop_back();
        return prefix;
    }

    /// Writes the blank line owed to the previous block now, before a container opens, so
    /// that it is written with the prefixes outside the container.
    void write_gap()
    {
        if (need_gap_ && !out_.empty())
            out_ += gap_prefix() + '\n';
        need_gap_ = false;
    }

    void emit_block(const std::vector<std::string>& lines, bool paragraph = false)
    {
        if (lines.empty())
            return;
        const std::size_t start = out_.size();
        if (need_gap_ && !out_.empty())
            out_ += gap_prefix() + '\n';
        for (const auto& line : lines) {
            std::string text = line_prefix() + line;
            while (!text.empty() && text.back() == ' ')
                text.pop_back();
            out_ += text;
            out_ += '\n';
        }
        need_gap_ = true;
        const bool label = paragraph && lines.size() == 1 && containers_.empty() && lines[0].size() <= 80 &&
                           lines[0].ends_with(':');
        label_start_ = label ? start : std::string::npos;
        label_end_ = label ? out_.size() : std::string::npos;
    }

    /// Writes the paragraph built so far; two line breaks in a row start a new one.
    void flush_paragraph()
    {
        const std::string text = std::move(inline_);
        inline_.clear();
        std::vector<std::string> lines;
        std::size_t at = 0;
        while (at <= text.size()) {
            const auto newline = text.find('\n', at);
            const std::size_t end = newline == std::string::npos ? text.size() : newline;
            std::string line = trim(std::string_view{text}.substr(at, end - at));
            if (line.empty()) {
                if (!lines.empty())
                    write_paragraph(lines);
                lines.clear();
            } else {
                lines.push_back(guard_line_start(std::move(line)));
            }
            if (newline == std::string::npos)
                break;
            at = newline + 1;
        }
        write_paragraph(lines);
    }

    void write_paragraph(std::vector<std::string>& lines)
    {
        if (lines.empty())
            return;
        for (std::size_t i = 0; i + 1 < lines.size(); ++i)
            lines[i] += '\\';  // a hard line break
        emit_block(lines, true);
        lines.clear();
    }

    void put_text(std::string_view text)
    {
        std::string collapsed;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (is_space(text[i]) || text.substr(i).starts_with(nbsp)) {
                if (text.substr(i).starts_with(nbsp))
                    ++i;
                if (!collapsed.empty() && collapsed.back() == ' ')
                    continue;
                collapsed += ' ';
            } else {
                collapsed += text[i];
            }
        }
        if (collapsed.starts_with(' ') && (inline_.empty() || inline_.back() == ' ' || inline_.back() == '\n'))
            collapsed.erase(0, 1);
        append_escaped(inline_, collapsed);
    }

    // ---- the walk -------------------------------------------------------------------

    void visit(xmlNodePtr node, int depth)
    {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            put_text(reinterpret_cast<const char*>(node->content ? node->content : BAD_CAST ""));
            return;
        }
        if (node->type == XML_COMMENT_NODE && flat_ == 0 && in_notes_ == 0) {
            dynamic_block(reinterpret_cast<const char*>(node->content ? node->content : BAD_CAST ""));
            return;
        }
        if (node->type != XML_ELEMENT_NODE)
            return;  // other comments (Gutenberg's block markers), processing instructions
        if (depth > max_depth) {
            note_too_deep();
            put_text(text_of(node));
            return;
        }
        const std::string_view name = name_of(node);
        if (name == "head") {
            // Not content, but a block marker that opens the post lands here.
            for (xmlNodePtr c = node->children; c; c = c->next)
                if (c->type == XML_COMMENT_NODE && flat_ == 0)
                    dynamic_block(reinterpret_cast<const char*>(c->content ? c->content : BAD_CAST ""));
            return;
        }
        if (one_of(name, dropped))
            return;
        if (const std::string cover = background_url(node); !cover.empty() && name != "img") {
            // A cover block's image is its background: the image first, then what was on it.
            if (flat_ == 0)
                flush_paragraph();
            inline_ += "![](" + link_destination(rewrite(cover, url_use::image)) + ")";
            if (flat_ == 0)
                flush_paragraph();
        }
        if (flat_ == 0 && in_notes_ == 0 && is_notes_container(node)) {
            classic_notes(node, depth);
            return;
        }
        if (name == "br") {
            if (flat_ > 0)
                put_text(" ");
            else
                inline_ += '\n';
        } else if (name == "img") {
            image(node);
        } else if (name == "a") {
            if (!is_repeated_file_button(node))
                link(node, depth);
        } else if (name == "em" || name == "i" || name == "cite" || name == "var") {
            emphasis(node, depth, "*");
        } else if (name == "strong" || name == "b") {
            emphasis(node, depth, "**");
        } else if (name == "code" || name == "tt" || name == "kbd" || name == "samp") {
            code_span(node);
        } else if (flat_ > 0) {
            if (one_of(name, paragraph_like) || name == "li" || name == "tr" || name == "td" || name == "th")
                put_text(" ");
            blocks(node, depth + 1);
            put_text(" ");
        } else if (one_of(name, paragraph_like) || name == "figure" || name == "li" || name == "body") {
            flush_paragraph();
            blocks(node, depth + 1);
            flush_paragraph();
        } else if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
            heading(node, depth, name[1] - '0');
        } else if (name == "ul" || name == "ol") {
            list(node, depth, name == "ol");
        } else if (name == "blockquote") {
            flush_paragraph();
            write_gap();
            containers_.push_back({"> ", true, false});
            blocks(node, depth + 1);
            flush_paragraph();
            containers_.pop_back();
            need_gap_ = true;
        } else if (name == "pre") {
            preformatted(node);
        } else if (name == "hr") {
            flush_paragraph();
            emit_block({"---"});
        } else if (name == "table") {
            table(node, depth);
        } else if (one_of(name, embeds)) {
            embed(node);
        } else {
            blocks(node, depth + 1);  // span, font, u, sup, ... : their content only
        }
    }

    /// Renders the children of `node` as inline text on their own and returns it.
    std::string capture(xmlNodePtr node, int depth)
    {
        std::string saved = std::move(inline_);
        inline_.clear();
        ++flat_;
        blocks(node, depth + 1);
        --flat_;
        std::string inner = std::move(inline_);
        inline_ = std::move(saved);
        return inner;
    }

    /// Appends `inner` between `open` and `close`, with its outer spaces outside.
    void wrap(const std::string& inner, std::string_view open, std::string_view close)
    {
        const std::string core = trim(inner);
        if (core.empty()) {
            if (!inner.empty())
                put_text(" ");
            return;
        }
        if (is_space(inner.front()))
            put_text(" ");
        inline_ += open;
        inline_ += core;
        inline_ += close;
        if (is_space(inner.back()))
            inline_ += ' ';
    }

    void emphasis(xmlNodePtr node, int depth, std::string_view marker)
    {
        wrap(capture(node, depth), marker, marker);
    }

    void code_span(xmlNodePtr node)
    {
        std::string code = text_of(node);
        for (char& c : code)
            if (c == '\n' || c == '\r' || c == '\t')
                c = ' ';
        if (trim(code).empty())
            return;
        std::size_t longest = 0, run = 0;
        for (char c : code) {
            run = c == '`' ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        const std::string fence(longest + 1, '`');
        const bool pad = code.front() == '`' || code.back() == '`' || code.front() == ' ';
        inline_ += fence + (pad ? " " : "") + code + (pad ? " " : "") + fence;
    }

    std::string rewrite(std::string_view url, url_use use) const
    {
        return options_.rewrite_url ? options_.rewrite_url(url, use) : std::string{url};
    }

    void image(xmlNodePtr node)
    {
        const std::string src = trim(attribute_of(node, "src"));
        if (src.empty())
            return;
        std::string alt;
        append_escaped(alt, trim(attribute_of(node, "alt")));
        for (char& c : alt)
            if (c == '\n' || c == '\r')
                c = ' ';
        inline_ += "![" + alt + "](" + link_destination(rewrite(src, url_use::image)) + ")";
    }

    void link(xmlNodePtr node, int depth)
    {
        const std::string href = trim(attribute_of(node, "href"));
        if (href.starts_with("#")) {
            // In a notes list: the way back to the marker ("↩"), meaningless here.
            if (in_notes_ > 0)
                return;
            if (const std::string id = href.substr(1); note_ids_.contains(id)) {
                inline_ += "\\[" + std::to_string(note_number(id)) + "\\]";
                return;
            }
        }
        if (href.empty() || href.starts_with("#") || href.starts_with("javascript:")) {
            blocks(node, depth + 1);
            return;
        }
        const std::string target = link_destination(rewrite(href, url_use::link));
        std::string text = capture(node, depth);
        // A thumbnail linking to its own full-size image (once uploads are resolved): the
        // image says it all, and a second line to the same file would only repeat it.
        const std::string core = trim(text);
        if (core.starts_with("![") && core.ends_with("](" + target + ")") && core.find("](") == core.rfind("](")) {
            wrap(text, "", "");
            return;
        }
        if (trim(text).empty()) {
            std::string shown;
            append_escaped(shown, href);
            text = shown;
        }
        wrap(text, "[", "](" + target + ")");
    }

    void heading(xmlNodePtr node, int depth, int level)
    {
        flush_paragraph();
        std::string text = trim(capture(node, depth));
        std::replace(text.begin(), text.end(), '\n', ' ');
        if (text.empty())
            return;
        level = std::clamp(level + options_.heading_shift, 1, 6);
        emit_block({std::string(static_cast<std::size_t>(level), '#') + " " + text});
    }

    static bool is_list_item(xmlNodePtr item)
    {
        if (item->type == XML_TEXT_NODE)
            return !trim(reinterpret_cast<const char*>(item->content)).empty();
        return item->type == XML_ELEMENT_NODE;
    }

    void list(xmlNodePtr node, int depth, bool ordered)
    {
        flush_paragraph();
        // The block editor's first galleries were lists of figures: image blocks here.
        if (has_class(node, "blocks-gallery-grid") || has_class(node, "wp-block-gallery")) {
            for (xmlNodePtr item = node->children; item; item = item->next) {
                if (item->type == XML_ELEMENT_NODE && name_of(item) == "li")
                    blocks(item, depth + 1);
                else
                    visit(item, depth + 1);
                flush_paragraph();
            }
            return;
        }
        // <ol reversed> counts down, from its start or its number of items.
        const bool reversed = ordered && xmlHasProp(node, reinterpret_cast<const xmlChar*>("reversed"));
        long number = 1;
        if (reversed) {
            number = 0;
            for (xmlNodePtr item = node->children; item; item = item->next)
                number += is_list_item(item) ? 1 : 0;
        }
        if (ordered) {
            const std::string start = attribute_of(node, "start");
            if (!start.empty() && start.size() < 9 && std::all_of(start.begin(), start.end(), [](char c) {
                    return c >= '0' && c <= '9';
                }))
                number = std::stol(start);
        }
        // In CommonMark two lists of one kind that touch are one list (four 3-item lists
        // would read as one of 12): a list right after another of its kind, at the same
        // level, takes the other marker ('*' for '-', ')' for '.').
        const bool touches = last_list_.end == out_.size() && last_list_.level == containers_.size() &&
                             last_list_.ordered == ordered && !out_.empty();
        bool other_marker = touches && !last_list_.other_marker;
        const std::string bullet = other_marker ? "* " : "- ";
        // A list right under an item's text needs no blank line (which would make the outer
        // list loose), but only one that can interrupt a paragraph.
        if (!containers_.empty() && !containers_.back().quote && (!ordered || number == 1))
            need_gap_ = false;
        write_gap();
        bool first_item = true;
        for (xmlNodePtr item = node->children; item; item = item->next) {
            if (!is_list_item(item))
                continue;
            // Markdown numbers a list up from its first item: counting down, each item is a
            // list of its own, its delimiter alternating so that none joins the one before.
            // (A blank line between them too: an item numbered other than 1 cannot interrupt
            // the paragraph before it.)
            const bool apart = reversed && !first_item;
            if (apart)
                other_marker = !other_marker;
            first_item = false;
            const std::string delimiter = other_marker ? ") " : ". ";
            containers_.push_back({ordered ? std::to_string(reversed ? std::max(0L, number--) : number++) + delimiter : bullet,
                                   false, false});
            need_gap_ = apart;
            if (item->type == XML_ELEMENT_NODE && name_of(item) == "li")
                blocks(item, depth + 1);
            else
                visit(item, depth + 1);
            flush_paragraph();
            if (!containers_.back().marker_used)
                emit_block({""});  // an empty item keeps its place (and its number)
            containers_.pop_back();
        }
        need_gap_ = true;
        last_list_ = {out_.size(), containers_.size(), ordered, other_marker};
    }

    // ---- footnotes ------------------------------------------------------------------

    int note_number(const std::string& id)
    {
        const auto [it, added] = note_numbers_.emplace(id, static_cast<int>(note_numbers_.size()) + 1);
        return it->second;
    }

    /// "Notes" and the list: each note's number and text, in number order.
    void write_notes(std::vector<std::pair<int, std::string>> notes)
    {
        flush_paragraph();
        if (notes.empty())
            return;
        std::stable_sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        emit_block({std::string(static_cast<std::size_t>(std::clamp(1 + options_.heading_shift, 2, 6)), '#') + " Notes"});
        std::vector<std::string> lines;
        for (const auto& [number, text] : notes)
            lines.push_back(std::to_string(number) + ". " + text);
        emit_block(lines);
        last_list_ = {out_.size(), containers_.size(), true, false};
    }

    /// A note's text on one line: its blocks joined by spaces, its "↩" links dropped.
    std::string note_text(xmlNodePtr node, int depth)
    {
        ++in_notes_;
        std::string text = trim(capture(node, depth));
        --in_notes_;
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    }

    /// `<div class="footnotes"><ol><li id=...>`: the notes, numbered as their markers were.
    void classic_notes(xmlNodePtr node, int depth)
    {
        std::vector<std::pair<int, std::string>> notes;
        std::vector<xmlNodePtr> items;
        for_each_descendant(node, [&](xmlNodePtr li) {
            if (name_of(li) == "li")
                items.push_back(li);
        });
        for (xmlNodePtr li : items) {
            // A list inside a note is part of that note, not one of its own.
            bool nested = false;
            for (xmlNodePtr up = li->parent; up && up != node; up = up->parent)
                nested = nested || (up->type == XML_ELEMENT_NODE && name_of(up) == "li");
            if (nested)
                continue;
            const std::string id = attribute_of(li, "id");
            const int number = id.empty() ? static_cast<int>(note_numbers_.size()) + 1 + static_cast<int>(notes.size())
                                          : note_number(id);
            notes.emplace_back(number, note_text(li, depth));
        }
        write_notes(std::move(notes));
    }

    /// The footnotes block's list, from the post's footnotes meta.
    void block_notes()
    {
        block_notes_written_ = true;
        std::vector<std::pair<int, std::string>> notes;
        for (const auto& note : options_.footnotes) {
            const int number = note_number(note.id.empty() ? "\n" + std::to_string(notes.size()) : note.id);
            const html_doc doc = parse_html(note.html);
            xmlNodePtr body = body_of(doc.get());
            notes.emplace_back(number, body ? note_text(body, 1) : std::string{});
        }
        write_notes(std::move(notes));
    }

    // ---- dynamic blocks --------------------------------------------------------------

    /// A block's name and its JSON attributes, from a comment ` wp:NAME {...} /`; the name
    /// is empty for a closing marker or any other comment.
    struct block_marker_parts {
        std::string name;
        std::string json;
        bool self_closing = false;
    };
    static block_marker_parts block_marker(std::string_view comment)
    {
        std::string text = trim(comment);
        if (!text.starts_with("wp:"))
            return {};
        std::size_t end = 3;
        while (end < text.size() && !is_space(text[end]) && text[end] != '/' && text[end] != '{')
            ++end;
        std::string name = text.substr(3, end - 3);
        if (name.starts_with("core/"))
            name.erase(0, 5);
        std::string rest = trim(std::string_view{text}.substr(end));
        const bool self_closing = rest.ends_with('/');
        if (self_closing)
            rest.pop_back();
        return {std::move(name), trim(rest), self_closing};
    }

    void block_link(std::string_view url, std::string_view label)
    {
        flush_paragraph();
        std::string shown;
        append_escaped(shown, label.empty() ? url : label);
        inline_ += "[" + shown + "](" + link_destination(rewrite(url, url_use::link)) + ")";
        flush_paragraph();
    }

    void block_text(std::string_view text)
    {
        flush_paragraph();
        put_text(text);
        flush_paragraph();
    }

    void dynamic_block(std::string_view comment)
    {
        const auto [name, json, self_closing] = block_marker(comment);
        if (name.empty())
            return;
        const auto attributes = json.starts_with('{') ? json_object_strings(json) : decltype(json_object_strings("")){};
        const auto attribute = [&](std::string_view key) { return json_field(attributes, key).value_or(""); };
        if (name == "footnotes") {
            if (!options_.footnotes.empty() && !block_notes_written_)
                block_notes();
        } else if (name == "archives" || name == "calendar") {
            block_link("/archive/", "Archive");
        } else if (name == "latest-posts") {
            block_link("/archive/", "Latest posts");
        } else if (name == "tag-cloud") {
            block_link("/tags/", "Tags");
        } else if (name == "categories") {
            block_link("/", "Categories");
        } else if (name == "page-list") {
            block_link("/", "Pages");
        } else if (name == "search") {
            block_link("/search", trim(attribute("label")).empty() ? "Search" : trim(attribute("label")));
        } else if (name == "rss") {
            const std::string feed = trim(attribute("feedURL"));
            if (feed.starts_with("http://") || feed.starts_with("https://"))
                block_link(feed, "Feed: " + feed);
            else
                block_link("/atom.xml", "Atom feed");
        } else if (name == "navigation-link" || name == "navigation-submenu" || name == "home-link" ||
                   name == "social-link" || name == "page-list-item") {
            std::string url = trim(attribute("url"));
            if (url.empty() && name == "page-list-item")
                url = trim(attribute("link"));
            if (name == "home-link" && url.empty())
                url = "/";
            std::string label = trim(attribute("label"));
            if (label.empty())
                label = trim(attribute(name == "social-link" ? "service" : "title"));
            if (!url.empty() && !url.starts_with("javascript:"))
                block_link(url, label);
            else
                drop_label();
        } else if (name == "post-title" && !options_.post_title.empty()) {
            block_text(options_.post_title);
        } else if (name == "post-date" && !options_.post_date.empty()) {
            block_text(options_.post_date);
        } else if ((name == "post-author" || name == "post-author-name") && !options_.post_author.empty()) {
            block_text(options_.post_author);
        } else if (name == "site-title" && !options_.site_title.empty()) {
            block_text(options_.site_title);
        } else if (self_closing && is_dynamic_without_content(name)) {
            drop_label();
        }
    }

    /// The blocks WordPress fills in when it shows the page, which nothing here stands for.
    static bool is_dynamic_without_content(std::string_view name)
    {
        static constexpr std::array<std::string_view, 30> names{
            "latest-comments", "navigation", "loginout", "post-comments-form", "comments", "comments-title",
            "comment-template", "comments-pagination", "post-comments", "read-more", "query",
            "query-pagination", "query-title", "query-no-results", "post-template", "post-navigation-link",
            "post-terms", "post-excerpt", "post-featured-image", "post-title", "post-date", "post-author",
            "post-author-name", "post-author-biography", "site-title", "site-tagline", "site-logo", "avatar",
            "term-description", "template-part"};
        return one_of(name, names) || name == "legacy-widget" || name == "widget-group";
    }

    /// A block left nothing: a "Label:" paragraph just before it would dangle.
    void drop_label()
    {
        flush_paragraph();
        if (label_end_ == std::string::npos || label_end_ != out_.size())
            return;
        out_.resize(label_start_);
        label_start_ = label_end_ = std::string::npos;
        need_gap_ = !out_.empty();
    }

    /// Collects the text of a <pre>: its text nodes verbatim, <br> as a newline.
    void collect_pre(xmlNodePtr node, std::string& out, int depth) const
    {
        for (xmlNodePtr c = node->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                out += reinterpret_cast<const char*>(c->content ? c->content : BAD_CAST "");
            } else if (c->type == XML_ELEMENT_NODE) {
                if (name_of(c) == "br") {
                    out += '\n';
                } else if (depth > max_depth) {
                    note_too_deep();
                    out += text_of(c);
                } else {
                    collect_pre(c, out, depth + 1);
                }
            }
        }
    }

    void preformatted(xmlNodePtr node)
    {
        flush_paragraph();
        std::string code;
        collect_pre(node, code, 0);
        code.erase(std::remove(code.begin(), code.end(), '\r'), code.end());
        if (code.starts_with('\n'))
            code.erase(0, 1);
        while (!code.empty() && (code.back() == '\n' || code.back() == ' ' || code.back() == '\t'))
            code.pop_back();
        if (code.empty())
            return;
        std::size_t longest = 0, run = 0;
        for (char c : code) {
            run = c == '`' ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
        std::vector<std::string> lines{fence + code_language(node)};
        std::size_t at = 0;
        while (true) {
            const auto newline = code.find('\n', at);
            lines.push_back(code.substr(at, newline == std::string::npos ? std::string::npos : newline - at));
            if (newline == std::string::npos)
                break;
            at = newline + 1;
        }
        lines.push_back(fence);
        emit_block(lines);
    }

    void embed(xmlNodePtr node)
    {
        std::string src = trim(attribute_of(node, "src"));
        for (xmlNodePtr c = node->children; c && src.empty(); c = c->next)
            if (c->type == XML_ELEMENT_NODE && name_of(c) == "source")
                src = trim(attribute_of(c, "src"));
        if (src.empty())
            return;
        std::string shown;
        append_escaped(shown, src);
        inline_ += "[" + shown + "](" + link_destination(rewrite(src, url_use::link)) + ")";
        if (flat_ == 0)
            flush_paragraph();
    }

    void table_rows(xmlNodePtr node, int depth, std::vector<std::vector<std::string>>& rows)
    {
        for (xmlNodePtr c = node->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            const std::string_view name = name_of(c);
            if (name == "thead" || name == "tbody" || name == "tfoot") {
                if (depth < max_depth)
                    table_rows(c, depth + 1, rows);
                else
                    note_too_deep();
            } else if (name == "tr") {
                std::vector<std::string> cells;
                for (xmlNodePtr cell = c->children; cell; cell = cell->next) {
                    if (cell->type != XML_ELEMENT_NODE || (name_of(cell) != "td" && name_of(cell) != "th"))
                        continue;
                    std::string text = trim(capture(cell, depth));
                    // A pipe in a cell would be a cell border: GFM (and smolpub's table
                    // reader) keep it in the cell when it is written `\|`.
                    std::string escaped;
                    std::size_t backslashes = 0;  // just before this character
                    for (char ch : text) {
                        if (ch == '|' && backslashes % 2 == 0)
                            escaped += '\\';
                        escaped += ch == '\n' ? ' ' : ch;
                        backslashes = ch == '\\' ? backslashes + 1 : 0;
                    }
                    cells.push_back(escaped.empty() ? std::string{" "} : escaped);
                }
                if (!cells.empty())
                    rows.push_back(std::move(cells));
            }
        }
    }

    void table(xmlNodePtr node, int depth)
    {
        flush_paragraph();
        std::vector<std::vector<std::string>> rows;
        table_rows(node, depth, rows);
        if (rows.empty())
            return;
        std::size_t columns = 0;
        for (const auto& row : rows)
            columns = std::max(columns, row.size());
        std::vector<std::string> lines;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            std::string line = "|";
            for (std::size_t c = 0; c < columns; ++c)
                line += " " + (c < rows[r].size() ? rows[r][c] : std::string{}) + " |";
            lines.push_back(std::move(line));
            if (r == 0) {
                std::string delimiter = "|";
                for (std::size_t c = 0; c < columns; ++c)
                    delimiter += "---|";
                lines.push_back(std::move(delimiter));
            }
        }
        emit_block(lines);
    }
};

/// Where an HTML comment opens that no `-->` closes, or npos.
std::size_t unclosed_comment(std::string_view html)
{
    for (std::size_t at = html.find("<!--"); at != std::string_view::npos; at = html.find("<!--", at)) {
        const auto end = html.find("-->", at + 4);
        if (end == std::string_view::npos)
            return at;
        at = end + 3;
    }
    return std::string_view::npos;
}

} // namespace

std::string html_to_markdown(std::string_view html, const markdown_options& options)
{
    if (html.empty())
        return {};
    // libxml2 passes some invalid bytes through (inside tags, say); Markdown files are UTF-8.
    std::string repaired;
    if (!is_utf8(html)) {
        repaired = to_valid_utf8(html);
        html = repaired;
        if (options.notes)
            options.notes->push_back("bytes that are not UTF-8 replaced");
    }
    // An HTML comment never closed would take the rest of the post with it (libxml2 drops
    // it): its `<!--` is text then, and the rest reads as HTML.
    std::string uncommented;
    if (const auto open = unclosed_comment(html); open != std::string_view::npos) {
        uncommented = std::string{html.substr(0, open)} + "&lt;!--" + std::string{html.substr(open + 4)};
        html = uncommented;
        if (options.notes)
            options.notes->push_back("an HTML comment (<!--) is never closed: kept as text, with what follows it");
    }
    const html_doc doc = parse_html(html);
    markdown_writer writer{options};
    if (!doc || !doc->children) {
        // Bytes that hold text yet parse to nothing at all: said, not dropped in silence.
        if (options.notes && html.find_first_not_of(" \t\r\n") != std::string_view::npos)
            options.notes->push_back("the HTML could not be read at all: nothing of it imported");
        return std::move(writer).take();
    }
    // From the document itself: the parser puts a comment before the first element (a block
    // marker) outside <html>. It adds <html><body>; what it put in <head> is not content.
    const auto top = reinterpret_cast<xmlNodePtr>(doc.get());
    writer.find_classic_notes(top);
    writer.blocks(top, 0);
    return std::move(writer).take();
}

} // namespace smolpub::import
