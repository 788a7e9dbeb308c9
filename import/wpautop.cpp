// SPDX-License-Identifier: ISC
#include "import/wpautop.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace smolpub::import {
namespace {

constexpr std::array block_tags{
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "iframe", "li", "nav", "ol", "p",
    "pre", "script", "section", "style", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// The tag name at `text[at] == '<'` (lower case, without `/`), and whether it closes.
std::string tag_name_at(std::string_view text, std::size_t at, bool& closing)
{
    std::size_t i = at + 1;
    closing = i < text.size() && text[i] == '/';
    if (closing)
        ++i;
    std::string name;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                               (text[i] >= '0' && text[i] <= '9')))
        name += lower(text[i++]);
    if (i < text.size() && text[i] != '>' && text[i] != ' ' && text[i] != '/' && text[i] != '\t' && text[i] != '\n')
        return {};
    return name;
}

bool is_block_tag(std::string_view name)
{
    return std::find(block_tags.begin(), block_tags.end(), name) != block_tags.end();
}

/// Finds the end of `</pre>` from `from` (case-insensitive), or npos.
std::size_t find_pre_end(std::string_view text, std::size_t from)
{
    for (std::size_t i = text.find('<', from); i != std::string_view::npos; i = text.find('<', i + 1)) {
        bool closing = false;
        if (tag_name_at(text, i, closing) == "pre" && closing) {
            const auto gt = text.find('>', i);
            return gt == std::string_view::npos ? text.size() : gt + 1;
        }
    }
    return std::string_view::npos;
}

/// The name of the tag that ends `line`, blanks after it aside; empty when no tag does.
std::string last_tag_name(std::string_view line)
{
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    if (!line.ends_with(">"))
        return {};
    const auto lt = line.rfind('<');
    if (lt == std::string_view::npos)
        return {};
    bool closing = false;
    return tag_name_at(line, lt, closing);
}

bool ends_with_br(std::string_view line) { return last_tag_name(line) == "br"; }

std::string_view trim_blanks(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\n");
    return s.substr(first, last - first + 1);
}

/// Splits the text into chunks: blank lines end one, and every block-level tag is
/// a chunk boundary on both sides.
void split_chunks(std::string_view text, std::vector<std::string>& chunks)
{
    std::string current;
    auto end_chunk = [&] {
        const std::string_view t = trim_blanks(current);
        if (!t.empty())
            chunks.emplace_back(t);
        current.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            std::size_t j = i + 1;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
                ++j;
            if (j < text.size() && text[j] == '\n') {
                end_chunk();
                i = j;
                continue;
            }
        }
        if (c == '<') {
            bool closing = false;
            const std::string name = tag_name_at(text, i, closing);
            if (!name.empty() && is_block_tag(name)) {
                // As WordPress does: a chunk starts before an opening block tag and ends
                // after a closing one, so "<h2>Title</h2>" stays one chunk.
                const auto gt = text.find('>', i);
                const std::size_t end = gt == std::string_view::npos ? text.size() : gt + 1;
                if (!closing)
                    end_chunk();
                current.append(text.substr(i, end - i));
                if (closing || name == "hr")
                    end_chunk();
                i = end - 1;
                continue;
            }
        }
        current += c;
    }
    end_chunk();
}

/// True when the text right before `at` ends a block-level tag.
bool after_block_tag(std::string_view line) { return is_block_tag(last_tag_name(line)); }

/// True when `rest` starts (after blanks) with a block-level tag.
bool before_block_tag(std::string_view rest)
{
    const auto first = rest.find_first_not_of(" \t");
    if (first == std::string_view::npos || rest[first] != '<')
        return false;
    bool closing = false;
    return is_block_tag(tag_name_at(rest, first, closing));
}

/// The chunk with each single newline a <br>, except next to block-level tags.
void append_lines(std::string& out, std::string_view chunk)
{
    while (true) {
        const auto newline = chunk.find('\n');
        const std::string_view line = chunk.substr(0, newline);
        out += line;
        if (newline == std::string_view::npos)
            break;
        chunk.remove_prefix(newline + 1);
        const bool br = !ends_with_br(line) && !after_block_tag(line) && !before_block_tag(chunk);
        out += br ? "<br />\n" : "\n";
    }
}

void autop_text(std::string_view text, std::string& out)
{
    std::vector<std::string> chunks;
    split_chunks(text, chunks);
    for (const auto& chunk : chunks) {
        bool closing = false;
        const bool block = chunk.front() == '<' && is_block_tag(tag_name_at(chunk, 0, closing));
        if (!block)
            out += "<p>";
        append_lines(out, chunk);
        out += block ? "\n" : "</p>\n";
    }
}

} // namespace

bool is_block_editor_content(std::string_view text)
{
    return text.find("<!-- wp:") != std::string_view::npos;
}

std::string wpautop(std::string_view input)
{
    std::string text;
    text.reserve(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
        if (input[i] == '\r') {
            text += '\n';
            if (i + 1 < input.size() && input[i + 1] == '\n')
                ++i;
        } else {
            text += input[i];
        }
    }
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t at = 0;
    while (at < text.size()) {
        // The next <pre>: everything before it gets paragraphs, the <pre> itself none.
        std::size_t pre = std::string::npos;
        for (std::size_t i = text.find('<', at); i != std::string::npos; i = text.find('<', i + 1)) {
            bool closing = false;
            if (!closing && tag_name_at(text, i, closing) == "pre" && !closing) {
                pre = i;
                break;
            }
        }
        autop_text(std::string_view{text}.substr(at, (pre == std::string::npos ? text.size() : pre) - at), out);
        if (pre == std::string::npos)
            break;
        const std::size_t end = std::min(find_pre_end(text, pre), text.size());
        out.append(text, pre, end - pre);
        out += '\n';
        at = end;
    }
    return out;
}

} // namespace smolpub::import
