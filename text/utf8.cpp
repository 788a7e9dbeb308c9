// SPDX-License-Identifier: ISC
// UTF-8 validation, terminal display width and word wrapping.
//
// The width tables below are a compact approximation of Unicode's East Asian
// Width (W/F) property plus the emoji that terminals draw double-wide, and of
// the nonspacing marks (Mn/Me) and format characters that take no column. We
// carry our own tables instead of calling wcwidth(3) because its answer depends
// on the process locale, and a server must render the same bytes for everyone.
#include "text/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace smolpub::text {
namespace {

struct code_range {
    char32_t first;
    char32_t last;
};

// Sorted and non-overlapping, so a binary search finds the one candidate.
constexpr std::array zero_width_ranges{
    code_range{0x0300, 0x036F}, code_range{0x0483, 0x0489}, code_range{0x0591, 0x05BD},
    code_range{0x05BF, 0x05BF}, code_range{0x05C1, 0x05C2}, code_range{0x05C4, 0x05C5},
    code_range{0x05C7, 0x05C7}, code_range{0x0610, 0x061A}, code_range{0x064B, 0x065F},
    code_range{0x0670, 0x0670}, code_range{0x06D6, 0x06DC}, code_range{0x06DF, 0x06E4},
    code_range{0x06E7, 0x06E8}, code_range{0x06EA, 0x06ED}, code_range{0x0711, 0x0711},
    code_range{0x0730, 0x074A}, code_range{0x07A6, 0x07B0}, code_range{0x07EB, 0x07F3},
    code_range{0x0816, 0x082D}, code_range{0x0859, 0x085B}, code_range{0x08D3, 0x0902},
    code_range{0x093A, 0x093A}, code_range{0x093C, 0x093C}, code_range{0x0941, 0x0948},
    code_range{0x094D, 0x094D}, code_range{0x0951, 0x0957}, code_range{0x0962, 0x0963},
    code_range{0x0981, 0x0981}, code_range{0x09BC, 0x09BC}, code_range{0x09C1, 0x09C4},
    code_range{0x09CD, 0x09CD}, code_range{0x09E2, 0x09E3}, code_range{0x0A01, 0x0A02},
    code_range{0x0A3C, 0x0A3C}, code_range{0x0A41, 0x0A51}, code_range{0x0A70, 0x0A71},
    code_range{0x0A75, 0x0A75}, code_range{0x0A81, 0x0A82}, code_range{0x0ABC, 0x0ABC},
    code_range{0x0AC1, 0x0AC8}, code_range{0x0ACD, 0x0ACD}, code_range{0x0B01, 0x0B01},
    code_range{0x0B3C, 0x0B3C}, code_range{0x0B3F, 0x0B3F}, code_range{0x0B41, 0x0B44},
    code_range{0x0B4D, 0x0B4D}, code_range{0x0BC0, 0x0BC0}, code_range{0x0BCD, 0x0BCD},
    code_range{0x0C3E, 0x0C40}, code_range{0x0C46, 0x0C56}, code_range{0x0CBC, 0x0CBC},
    code_range{0x0CCC, 0x0CCD}, code_range{0x0D41, 0x0D44}, code_range{0x0D4D, 0x0D4D},
    code_range{0x0DCA, 0x0DCA}, code_range{0x0DD2, 0x0DD6}, code_range{0x0E31, 0x0E31},
    code_range{0x0E34, 0x0E3A}, code_range{0x0E47, 0x0E4E}, code_range{0x0EB1, 0x0EB1},
    code_range{0x0EB4, 0x0EBC}, code_range{0x0EC8, 0x0ECD}, code_range{0x0F18, 0x0F19},
    code_range{0x0F35, 0x0F35}, code_range{0x0F37, 0x0F37}, code_range{0x0F39, 0x0F39},
    code_range{0x0F71, 0x0F7E}, code_range{0x0F80, 0x0F84}, code_range{0x0F86, 0x0F87},
    code_range{0x0F8D, 0x0FBC}, code_range{0x102D, 0x1030}, code_range{0x1032, 0x1037},
    code_range{0x1039, 0x103A}, code_range{0x1160, 0x11FF}, code_range{0x135D, 0x135F},
    code_range{0x1712, 0x1714}, code_range{0x17B4, 0x17B5}, code_range{0x17B7, 0x17BD},
    code_range{0x17C6, 0x17C6}, code_range{0x17C9, 0x17D3}, code_range{0x180B, 0x180F},
    code_range{0x1AB0, 0x1AFF}, code_range{0x1DC0, 0x1DFF}, code_range{0x200B, 0x200F},
    code_range{0x202A, 0x202E}, code_range{0x2060, 0x2064}, code_range{0x20D0, 0x20FF},
    code_range{0x2CEF, 0x2CF1}, code_range{0x2DE0, 0x2DFF}, code_range{0x302A, 0x302D},
    code_range{0x3099, 0x309A}, code_range{0xA66F, 0xA672}, code_range{0xA674, 0xA67D},
    code_range{0xA69E, 0xA69F}, code_range{0xA8E0, 0xA8F1}, code_range{0xFE00, 0xFE0F},
    code_range{0xFE20, 0xFE2F}, code_range{0xFEFF, 0xFEFF}, code_range{0x1D167, 0x1D169},
    code_range{0x1D17B, 0x1D182}, code_range{0x1D185, 0x1D18B}, code_range{0x1D1AA, 0x1D1AD},
    code_range{0xE0001, 0xE0001}, code_range{0xE0020, 0xE007F}, code_range{0xE0100, 0xE01EF},
};

constexpr std::array wide_ranges{
    code_range{0x1100, 0x115F}, code_range{0x231A, 0x231B}, code_range{0x2329, 0x232A},
    code_range{0x23E9, 0x23EC}, code_range{0x23F0, 0x23F0}, code_range{0x23F3, 0x23F3},
    code_range{0x25FD, 0x25FE}, code_range{0x2614, 0x2615}, code_range{0x2648, 0x2653},
    code_range{0x267F, 0x267F}, code_range{0x2693, 0x2693}, code_range{0x26A1, 0x26A1},
    code_range{0x26AA, 0x26AB}, code_range{0x26BD, 0x26BE}, code_range{0x26C4, 0x26C5},
    code_range{0x26CE, 0x26CE}, code_range{0x26D4, 0x26D4}, code_range{0x26EA, 0x26EA},
    code_range{0x26F2, 0x26F3}, code_range{0x26F5, 0x26F5}, code_range{0x26FA, 0x26FA},
    code_range{0x26FD, 0x26FD}, code_range{0x2705, 0x2705}, code_range{0x270A, 0x270B},
    code_range{0x2728, 0x2728}, code_range{0x274C, 0x274C}, code_range{0x274E, 0x274E},
    code_range{0x2753, 0x2755}, code_range{0x2757, 0x2757}, code_range{0x2795, 0x2797},
    code_range{0x27B0, 0x27B0}, code_range{0x27BF, 0x27BF}, code_range{0x2B1B, 0x2B1C},
    code_range{0x2B50, 0x2B50}, code_range{0x2B55, 0x2B55}, code_range{0x2E80, 0x303E},
    code_range{0x3041, 0x9FFF}, code_range{0xA000, 0xA4CF}, code_range{0xA960, 0xA97F},
    code_range{0xAC00, 0xD7A3}, code_range{0xF900, 0xFAFF}, code_range{0xFE10, 0xFE19},
    code_range{0xFE30, 0xFE6F}, code_range{0xFF00, 0xFF60}, code_range{0xFFE0, 0xFFE6},
    code_range{0x16FE0, 0x16FE3}, code_range{0x16FF0, 0x16FF1}, code_range{0x17000, 0x18CFF},
    code_range{0x18D00, 0x18D08}, code_range{0x1AFF0, 0x1AFFE}, code_range{0x1B000, 0x1B2FF},
    code_range{0x1F004, 0x1F004}, code_range{0x1F0CF, 0x1F0CF}, code_range{0x1F18E, 0x1F18E},
    code_range{0x1F191, 0x1F19A}, code_range{0x1F200, 0x1F202}, code_range{0x1F210, 0x1F23B},
    code_range{0x1F240, 0x1F248}, code_range{0x1F250, 0x1F251}, code_range{0x1F260, 0x1F265},
    // Emoji with default emoji presentation; the text-presentation ones between
    // them (U+1F321 thermometer, U+1F5A5 desktop computer, ...) stay narrow.
    code_range{0x1F300, 0x1F320}, code_range{0x1F32D, 0x1F335}, code_range{0x1F337, 0x1F37C},
    code_range{0x1F37E, 0x1F393}, code_range{0x1F3A0, 0x1F3CA}, code_range{0x1F3CF, 0x1F3D3},
    code_range{0x1F3E0, 0x1F3F0}, code_range{0x1F3F4, 0x1F3F4}, code_range{0x1F3F8, 0x1F43E},
    code_range{0x1F440, 0x1F440}, code_range{0x1F442, 0x1F4FC}, code_range{0x1F4FF, 0x1F53D},
    code_range{0x1F54B, 0x1F54E}, code_range{0x1F550, 0x1F567}, code_range{0x1F57A, 0x1F57A},
    code_range{0x1F595, 0x1F596}, code_range{0x1F5A4, 0x1F5A4}, code_range{0x1F5FB, 0x1F64F},
    code_range{0x1F680, 0x1F6C5}, code_range{0x1F6CC, 0x1F6CC}, code_range{0x1F6D0, 0x1F6D2},
    code_range{0x1F6D5, 0x1F6DF}, code_range{0x1F6EB, 0x1F6EC}, code_range{0x1F6F4, 0x1F6FF},
    code_range{0x1F7E0, 0x1F7EB}, code_range{0x1F7F0, 0x1F7F0}, code_range{0x1F90C, 0x1F93A},
    code_range{0x1F93C, 0x1F945}, code_range{0x1F947, 0x1F9FF}, code_range{0x1FA70, 0x1FAFF},
    code_range{0x20000, 0x2FFFD}, code_range{0x30000, 0x3FFFD},
};

// The binary search in in_table() relies on this.
template <std::size_t N>
constexpr bool sorted_and_disjoint(const std::array<code_range, N>& table)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (table[i].first > table[i].last || (i > 0 && table[i - 1].last >= table[i].first))
            return false;
    }
    return true;
}
static_assert(sorted_and_disjoint(zero_width_ranges));
static_assert(sorted_and_disjoint(wide_ranges));

template <std::size_t N>
bool in_table(char32_t c, const std::array<code_range, N>& table)
{
    const auto it = std::upper_bound(table.begin(), table.end(), c,
                                     [](char32_t v, const code_range& r) { return v < r.first; });
    return it != table.begin() && c <= std::prev(it)->last;
}

/// One decoded character: its code point and how many bytes it took. An invalid
/// sequence decodes as a single byte with `valid == false`, so callers always advance.
struct decoded {
    char32_t code;
    std::size_t length;
    bool valid;
};

decoded decode_at(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    const decoded invalid{0xFFFD, 1, false};
    if (lead < 0x80)
        return {lead, 1, true};

    std::size_t length = 0;
    char32_t code = 0;
    char32_t minimum = 0;  // the smallest code point this length may encode (overlong check)
    if ((lead & 0xE0) == 0xC0) {
        length = 2, code = lead & 0x1Fu, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0Fu, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code = lead & 0x07u, minimum = 0x10000;
    } else {
        return invalid;  // a continuation byte or 0xF8..0xFF where a character should start
    }
    if (s.size() - i < length)
        return invalid;
    for (std::size_t k = 1; k < length; ++k) {
        const unsigned char next = byte(i + k);
        if ((next & 0xC0) != 0x80)
            return invalid;
        code = (code << 6) | (next & 0x3Fu);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return invalid;
    return {code, length, true};
}

std::size_t char_width(char32_t c)
{
    // C0/C1 controls and DEL draw nothing; callers expand tabs themselves.
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return 0;
    if (c < 0x300)
        return 1;  // fast path for Latin text
    if (in_table(c, zero_width_ranges))
        return 0;
    if (in_table(c, wide_ranges))
        return 2;
    return 1;
}

/// A character as wrap() sees it: its bytes in the source and its columns.
/// Invalid bytes count as one column, like the U+FFFD a terminal would show.
struct glyph {
    std::string_view bytes;
    std::size_t width;
};

glyph glyph_at(std::string_view s, std::size_t i)
{
    const decoded d = decode_at(s, i);
    return {s.substr(i, d.length), d.valid ? char_width(d.code) : 1};
}

/// Greedy line filling. Runs of spaces between words are kept inside a line
/// and dropped where the line breaks; a word too long for a line of its own is
/// cut between characters, so neither a UTF-8 sequence nor a wide character
/// ever straddles the limit. Every line is then one stretch of the source, so a
/// line is kept as where it begins and ends, and copied out once when it is done.
class line_filler {
public:
    line_filler(std::string_view source, std::size_t width, const line_sink& emit)
        : source_(source), width_(std::max<std::size_t>(width, 1)), emit_(emit)
    {
    }

    /// The word at [word_at, word_end), after the spaces from `spaces_at`; `plain`
    /// when it is all printable ASCII, one column a byte.
    void add_word(std::size_t spaces_at, std::size_t word_at, std::size_t word_end, bool plain)
    {
        const std::size_t spaces = word_at - spaces_at;
        const std::size_t word_width =
            plain ? word_end - word_at : display_width(source_.substr(word_at, word_end - word_at));
        const bool first_on_line = begin_ == end_;
        if (!first_on_line && used_ + spaces + word_width <= width_) {
            end_ = word_end;
            used_ += spaces + word_width;
            return;
        }
        if (!first_on_line)
            finish_line();
        // Leading spaces of the whole text are indentation: keep them if they fit.
        if (!started_ && spaces + word_width <= width_) {
            begin_ = spaces_at;
            used_ = spaces;
        } else {
            begin_ = word_at;
        }
        end_ = word_at;
        started_ = true;
        append_whole(word_at, word_end, word_width);
    }

    /// Emits the last line (an empty one when there were no words at all).
    void finish()
    {
        if (begin_ != end_ || lines_ == 0)
            finish_line();
    }

private:
    void append_whole(std::size_t word_at, std::size_t word_end, std::size_t word_width)
    {
        if (used_ + word_width <= width_) {
            end_ = word_end;
            used_ += word_width;
            return;
        }
        const std::string_view word = source_.substr(word_at, word_end - word_at);
        for (std::size_t i = 0; i < word.size();) {
            const glyph g = glyph_at(word, i);
            if (used_ + g.width > width_ && used_ > 0) {
                finish_line();
                begin_ = end_ = word_at + i;
            }
            end_ = word_at + i + g.bytes.size();
            used_ += g.width;
            i += g.bytes.size();
        }
    }

    void finish_line()
    {
        emit_(source_.substr(begin_, end_ - begin_), used_);
        ++lines_;
        begin_ = end_;
        used_ = 0;
    }

    std::string_view source_;
    std::size_t width_;
    const line_sink& emit_;
    std::size_t lines_ = 0;
    std::size_t begin_ = 0, end_ = 0;  ///< the line being filled: source_[begin_, end_)
    std::size_t used_ = 0;
    bool started_ = false;
};

} // namespace

bool is_valid_utf8(std::string_view s)
{
    const auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const auto continues = [&](std::size_t k) { return (byte(k) & 0xC0) == 0x80; };
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // Most text is ASCII: sixteen bytes at a time until a byte has its high bit set.
        if (n - i >= 16) {
            std::uint64_t words[2];
            std::memcpy(words, s.data() + i, 16);
            if (((words[0] | words[1]) & 0x8080808080808080ULL) == 0) {
                i += 16;
                continue;
            }
        }
        // The same rules as decode_at, inline: this runs over every Markdown file.
        const unsigned char lead = byte(i);
        if (lead < 0x80) {
            ++i;
        } else if (lead >= 0xC2 && lead <= 0xDF) {  // 0xC0, 0xC1: overlong
            if (n - i < 2 || !continues(i + 1))
                return false;
            i += 2;
        } else if ((lead & 0xF0) == 0xE0) {
            if (n - i < 3 || !continues(i + 1) || !continues(i + 2))
                return false;
            if ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xED && byte(i + 1) >= 0xA0))
                return false;  // overlong, or a surrogate
            i += 3;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            if (n - i < 4 || !continues(i + 1) || !continues(i + 2) || !continues(i + 3))
                return false;
            if ((lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) >= 0x90))
                return false;  // overlong, or past U+10FFFF
            i += 4;
        } else {
            return false;  // a continuation byte, 0xC0, 0xC1 or 0xF5..0xFF where a character starts
        }
    }
    return true;
}

std::string to_valid_utf8(std::string_view s)
{
    if (is_valid_utf8(s))
        return std::string{s};
    std::string out;
    out.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size();) {
        const decoded d = decode_at(s, i);
        if (d.valid)
            out.append(s.substr(i, d.length));
        else
            out.append("\xEF\xBF\xBD");
        i += d.length;
    }
    return out;
}

std::size_t display_width(std::string_view s)
{
    std::size_t columns = 0;
    for (std::size_t i = 0; i < s.size();) {
        // Printable ASCII, most of any text, is one column a byte: no decoding.
        if (const auto c = static_cast<unsigned char>(s[i]); c >= 0x20 && c < 0x7F) {
            ++columns;
            ++i;
            continue;
        }
        const glyph g = glyph_at(s, i);
        columns += g.width;
        i += g.bytes.size();
    }
    return columns;
}

// Only ' ' separates words: a no-break space must not break, and tabs are
// expanded by the callers (Gopher) before wrapping. Input without words gives
// one empty line, so a blank source line stays a blank output line. A width of
// 0 is treated as 1, and a character wider than the whole width gets a line of
// its own (the only case where a line can exceed the width).
std::vector<std::string> wrap(std::string_view s, std::size_t width)
{
    std::vector<std::string> lines;
    lines.reserve(s.size() / std::max<std::size_t>(width, 1) + 1);
    wrap_each(s, width, [&lines](std::string_view line, std::size_t) { lines.emplace_back(line); });
    return lines;
}

void wrap_each(std::string_view s, std::size_t width, const line_sink& emit)
{
    line_filler filler{s, width, emit};
    // Words are short: plain loops beat a library search call per word.
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        std::size_t word_start = i;
        while (word_start < n && s[word_start] == ' ')
            ++word_start;
        if (word_start == n)
            break;  // trailing spaces are dropped
        std::size_t word_end = word_start;
        bool plain = true;  // and so its width is its length, known without a second pass
        while (word_end < n && s[word_end] != ' ') {
            const auto c = static_cast<unsigned char>(s[word_end]);
            plain &= c >= 0x20 && c < 0x7F;
            ++word_end;
        }
        filler.add_word(i, word_start, word_end, plain);
        i = word_end;
    }
    filler.finish();
}

} // namespace smolpub::text
