// SPDX-License-Identifier: ISC
#include "render/gemtext_text.hpp"
#include "text/bytes16.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace smolpub::render::gemtext_detail {

using text::any_set;
using text::bytes16;
using text::load16;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_blank(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return is_blank(c); });
}

void trim_right(std::string& s)
{
    while (!s.empty() && is_blank(s.back()))
        s.pop_back();
}

namespace {

/// Where the first two spaces in a row begin in `s`, or npos.
std::size_t find_two_spaces(std::string_view s)
{
    std::size_t i = 0;
    for (; i + 17 <= s.size(); i += 16) {
        const bytes16 here = load16(s.data() + i) == ' ';
        const bytes16 next = load16(s.data() + i + 1) == ' ';
        if (any_set(here & next))
            break;
    }
    for (; i + 1 < s.size(); ++i)
        if (s[i] == ' ' && s[i + 1] == ' ')
            return i;
    return std::string_view::npos;
}

/// True unless none of the sixteen bytes at `p` may start a control character:
/// below 0x20 but tab and line feed, DEL, or 0xc2 (the lead byte of C1).
bool block_may_hold_control(const char* p)
{
    const bytes16 x = load16(p);
    return any_set(((x < 0x20) & (x != '\t') & (x != '\n')) | (x == 0x7f) | (x == 0xc2));
}

} // namespace

// Prose after `from`: no leading or trailing blanks, no runs of spaces (removed HTML
// and markers leave those behind, and gemtext clients would show them).
void squeeze_spaces(std::string& line, std::size_t from)
{
    // Through a raw pointer: a write through the string would make the compiler
    // reload its pointer and size for every byte.
    char* const data = line.data();
    const std::size_t size = line.size();
    std::size_t write = from;
    bool after_space = true;
    std::size_t read = from;
    if (read < size && data[read] != ' ') {
        // The usual line has no leading space and no run of two: everything up to the
        // first such run stays where it is, found sixteen bytes at a time.
        const std::size_t pair = find_two_spaces(std::string_view{line}.substr(from));
        if (pair == std::string_view::npos) {
            trim_right(line);
            return;
        }
        read = write = from + pair + 1;
    }
    for (; read < size; ++read) {
        const char c = data[read];
        if (c == ' ' && after_space)
            continue;
        after_space = c == ' ';
        data[write++] = c;
    }
    line.resize(write);
    trim_right(line);
}

// Collapses whitespace runs to one space and trims, for labels and HTML text.
std::string collapse_blanks(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (char c : s) {
        if (is_blank(c)) {
            pending_space = !out.empty();
        } else {
            if (pending_space)
                out += ' ';
            pending_space = false;
            out += c;
        }
    }
    return out;
}

// Gemtext line types are decided by a line's first characters; text that happens to
// start like one of them must not change type.
bool reads_as_gemtext_syntax(std::string_view line)
{
    return line.starts_with('#') || line.starts_with("* ") || line.starts_with('>') ||
           line.starts_with("=>") || line.starts_with("```");
}

// A code-span fence one backtick longer than the longest run inside, so the kept
// markers still delimit the span for a reader.
std::string backtick_fence(std::string_view code)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : code) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(longest + 1, '`');
}

// Terminal clients print gemtext as it is, and comments come from strangers: an ESC
// or another C0/C1 control character could drive the reader's terminal. Tabs and
// line feeds are the only ones with a meaning here; the rest become U+FFFD, in code
// blocks too (the one place where content is otherwise kept byte for byte).
void replace_control_characters(std::string& text)
{
    auto is_control = [&text](std::size_t i) -> std::size_t {  // length of the control at i, or 0
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            return 1;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            return 2;  // U+0080..U+009F; the input is valid UTF-8, so a continuation byte follows
        return 0;
    };
    // The common case is nothing to replace: sixteen bytes at a time, and one table
    // look-up per byte of a block that holds a candidate, find the first byte that may
    // start a control character (C0 but tab and line feed, DEL, or 0xc2, the lead byte
    // of the C1 range).
    static constexpr auto may_start_control = [] {
        std::array<bool, 256> table{};
        for (int c = 0; c < 0x20; ++c)
            table[c] = c != '\t' && c != '\n';
        table[0x7f] = true;
        table[0xc2] = true;
        return table;
    }();
    const std::string_view view = text;  // through the string, every read would reload its pointer
    std::size_t i = 0;
    while (i < view.size()) {
        if (view.size() - i >= 16 && !block_may_hold_control(view.data() + i))
            i += 16;
        else if (may_start_control[static_cast<unsigned char>(view[i])] && is_control(i))
            break;
        else
            ++i;
    }
    if (i == view.size())
        return;
    std::string clean{text.substr(0, i)};
    while (i < text.size()) {
        if (const std::size_t length = is_control(i)) {
            clean += "\xEF\xBF\xBD";
            i += length;
        } else {
            clean += text[i++];
        }
    }
    text = std::move(clean);
}

} // namespace smolpub::render::gemtext_detail
