// SPDX-License-Identifier: ISC
#include "text/utf8.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using smolpub::text::display_width;
using smolpub::text::is_valid_utf8;
using smolpub::text::to_valid_utf8;
using smolpub::text::wrap;
using lines = std::vector<std::string>;

TEST_CASE("is_valid_utf8 accepts well-formed text")
{
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("caf\xC3\xA9"));                // é
    CHECK(is_valid_utf8("\xE6\x97\xA5\xE6\x9C\xAC"));    // 日本
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));            // U+1F600
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));            // U+10FFFF, the last code point
    CHECK(is_valid_utf8("\xED\x9F\xBF"));                // U+D7FF, just below the surrogates
}

TEST_CASE("is_valid_utf8 rejects what RFC 3629 forbids")
{
    SUBCASE("overlong forms") {
        CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
        CHECK_FALSE(is_valid_utf8("\xC1\xBF"));
        CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));
        CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));
    }
    SUBCASE("surrogates") {
        CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
        CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    }
    SUBCASE("beyond U+10FFFF") {
        CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));
        CHECK_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));
        CHECK_FALSE(is_valid_utf8("\xFF"));
    }
    SUBCASE("truncated and stray bytes") {
        CHECK_FALSE(is_valid_utf8("\xE6\x97"));
        CHECK_FALSE(is_valid_utf8("ok \xF0\x9F\x98"));
        CHECK_FALSE(is_valid_utf8("\x80"));
        CHECK_FALSE(is_valid_utf8("\xC3" "a"));
    }
}

namespace {

/// RFC 3629's table of well-formed sequences, written out as the RFC gives it: the
/// second byte's range depends on the first, the others are 80..BF.
bool well_formed_by_rfc_table(const unsigned char* p, std::size_t n)
{
    struct row { unsigned char first_lo, first_hi, second_lo, second_hi; std::size_t length; };
    static constexpr row rows[] = {
        {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
        {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
        {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
    };
    for (std::size_t i = 0; i < n;) {
        const row* match = nullptr;
        for (const row& r : rows)
            if (p[i] >= r.first_lo && p[i] <= r.first_hi)
                match = &r;
        if (!match || n - i < match->length)
            return false;
        if (match->length > 1 && (p[i + 1] < match->second_lo || p[i + 1] > match->second_hi))
            return false;
        for (std::size_t k = 2; k < match->length; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return false;
        i += match->length;
    }
    return true;
}

} // namespace

TEST_CASE("is_valid_utf8 agrees with RFC 3629's table")
{
    // Behind fifteen ASCII bytes, so that sequences straddle the sixteen-byte block too.
    const auto agrees = [](const std::vector<unsigned char>& seq) {
        std::string text(15, 'a');
        text.append(seq.begin(), seq.end());
        const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
        return is_valid_utf8(text) == well_formed_by_rfc_table(bytes, text.size());
    };
    std::size_t disagreements = 0;
    // Every sequence of one and two bytes ...
    for (unsigned first = 0; first <= 0xFF; ++first) {
        disagreements += !agrees({static_cast<unsigned char>(first)});
        for (unsigned second = 0; second <= 0xFF; ++second)
            disagreements += !agrees({static_cast<unsigned char>(first), static_cast<unsigned char>(second)});
    }
    // ... and of three and four with every lead and second byte, the others at the edges
    // of the continuation range.
    for (unsigned lead = 0xC0; lead <= 0xFF; ++lead)
        for (unsigned second = 0; second <= 0xFF; ++second)
            for (const unsigned rest_value : {0x00u, 0x7Fu, 0x80u, 0xBFu, 0xC0u, 0xFFu}) {
                const auto rest = static_cast<unsigned char>(rest_value);
                const auto l = static_cast<unsigned char>(lead);
                const auto s2 = static_cast<unsigned char>(second);
                disagreements += !agrees({l, s2, rest});
                disagreements += !agrees({l, s2, rest, 0x80});
                disagreements += !agrees({l, s2, 0x80, rest});
            }
    CHECK(disagreements == 0);
}

TEST_CASE("is_valid_utf8 finds a bad byte wherever it sits after a run of ASCII")
{
    // ASCII is skipped sixteen bytes at a time: each offset within and after a block must still be seen.
    for (std::size_t ascii = 0; ascii < 36; ++ascii) {
        CAPTURE(ascii);
        const std::string prefix(ascii, 'a');
        CHECK(is_valid_utf8(prefix + "caf\xC3\xA9 and more ascii text"));
        CHECK_FALSE(is_valid_utf8(prefix + "\xFF and more ascii text"));
        CHECK_FALSE(is_valid_utf8(prefix + "\xED\xA0\x80 and more ascii text"));
        CHECK_FALSE(is_valid_utf8(prefix + "and more ascii text \xC3"));  // cut short at the end
    }
}

TEST_CASE("to_valid_utf8 keeps good text and puts U+FFFD where a byte starts no sequence")
{
    CHECK(to_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
    CHECK(to_valid_utf8("F\x91\x8Cty") == "F\xEF\xBF\xBD\xEF\xBF\xBDty");
    CHECK(to_valid_utf8("\xFF\xFF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(to_valid_utf8("\xED\xA0\x80x") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");  // a surrogate, byte by byte
    CHECK(to_valid_utf8("cut \xE6\x97") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");              // a sequence cut short
    for (const char* bad : {"\xC0\xAF", "a\x80" "b", "\xF4\x90\x80\x80", "\xE0\x80\xAF"})
        CHECK(is_valid_utf8(to_valid_utf8(bad)));
}

TEST_CASE("display_width counts terminal columns")
{
    CHECK(display_width("") == 0);
    CHECK(display_width("hello") == 5);
    CHECK(display_width("caf\xC3\xA9") == 4);
    CHECK(display_width("e\xCC\x81") == 1);                 // e + combining acute
    CHECK(display_width("a\xE2\x80\x8B" "b") == 2);         // zero width space
    CHECK(display_width("\xE6\x97\xA5\xE6\x9C\xAC") == 4);  // 日本
    CHECK(display_width("\xEF\xBC\xA1") == 2);              // fullwidth A
    CHECK(display_width("\xED\x95\x9C") == 2);              // Hangul 한
    CHECK(display_width("\xF0\x9F\x98\x80") == 2);          // emoji
    CHECK(display_width("\xF0\x9F\x96\xA5") == 1);          // U+1F5A5: text presentation by default
    CHECK(display_width("\xE3\x80\x80") == 2);              // ideographic space
    CHECK(display_width("\xE3\x80\xAA") == 0);              // U+302A, a combining mark among wide ones
    CHECK(display_width("\xE2\x80\x94") == 1);              // em dash stays narrow
    CHECK(display_width("\xFF" "a") == 2);                  // an invalid byte shows as one U+FFFD
}

TEST_CASE("wrap breaks at spaces")
{
    CHECK(wrap("the quick brown fox", 10) == lines{"the quick", "brown fox"});
    CHECK(wrap("the quick brown fox", 19) == lines{"the quick brown fox"});
    CHECK(wrap("a b", 1) == lines{"a", "b"});
    SUBCASE("spaces at a break are dropped, inner runs kept") {
        CHECK(wrap("one  two   three", 8) == lines{"one  two", "three"});
        CHECK(wrap("word   ", 10) == lines{"word"});
    }
    SUBCASE("leading indentation is kept when it fits") {
        CHECK(wrap("  indented text", 10) == lines{"  indented", "text"});
    }
    SUBCASE("no words gives one empty line") {
        CHECK(wrap("", 10) == lines{""});
        CHECK(wrap("   ", 10) == lines{""});
    }
}

TEST_CASE("wrap splits a word longer than the width")
{
    CHECK(wrap("abcdefghij", 4) == lines{"abcd", "efgh", "ij"});
    SUBCASE("a long URL starts on its own line") {
        CHECK(wrap("see gemini://example.org/long", 12)
              == lines{"see", "gemini://exa", "mple.org/lon", "g"});
    }
    SUBCASE("never inside a UTF-8 sequence") {
        const auto out = wrap("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 2);  // ééééé
        CHECK(out == lines{"\xC3\xA9\xC3\xA9", "\xC3\xA9\xC3\xA9", "\xC3\xA9"});
        for (const auto& line : out)
            CHECK(is_valid_utf8(line));
    }
    SUBCASE("combining marks stay with their base") {
        CHECK(wrap("ae\xCC\x81" "b", 2) == lines{"ae\xCC\x81", "b"});
    }
}

TEST_CASE("wrap never lets a wide character straddle the limit")
{
    // 5 CJK characters, 10 columns, at width 5: the third would need columns 5-6.
    const std::string cjk = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x96\x87\xE5\xAD\x97";
    const auto out = wrap(cjk, 5);
    REQUIRE(out.size() == 3);
    CHECK(out[0] == "\xE6\x97\xA5\xE6\x9C\xAC");
    CHECK(out[1] == "\xE8\xAA\x9E\xE6\x96\x87");
    CHECK(out[2] == "\xE5\xAD\x97");
    for (const auto& line : out)
        CHECK(display_width(line) <= 5);

    SUBCASE("after narrow text on the same line") {
        const auto mixed = wrap("abcd\xE6\x97\xA5", 5);
        CHECK(mixed == lines{"abcd", "\xE6\x97\xA5"});
    }
    SUBCASE("a character wider than the width gets a line of its own") {
        CHECK(wrap("\xE6\x97\xA5\xE6\x9C\xAC", 1) == lines{"\xE6\x97\xA5", "\xE6\x9C\xAC"});
    }
}

TEST_CASE("wrap keeps every line within the width on mixed input")
{
    const std::string text =
        "Gemini \xE3\x81\xAF\xE8\xBB\xBD\xE9\x87\x8F\xE3\x81\xAA protocol \xF0\x9F\x98\x80 "
        "with averyveryverylongwordthatneedssplitting and caf\xC3\xA9 text";
    for (std::size_t width = 2; width < 30; ++width) {
        CAPTURE(width);
        std::string joined;
        for (const auto& line : wrap(text, width)) {
            CHECK(display_width(line) <= width);
            CHECK(is_valid_utf8(line));
            CHECK(line.find(' ') != 0);
            joined += line;
        }
        std::string no_spaces;
        for (char c : text)
            if (c != ' ')
                no_spaces += c;
        std::string joined_no_spaces;
        for (char c : joined)
            if (c != ' ')
                joined_no_spaces += c;
        CHECK(joined_no_spaces == no_spaces);  // nothing lost, nothing invented
    }
}

TEST_CASE("wrap_each hands over the lines wrap makes, each with its display width")
{
    const std::vector<std::string> texts{
        "",
        "   ",
        "  indented text that wraps onto a second line",
        "a word-too-long-for-any-line-of-this-width and more",
        "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E wide \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5\xE6\x9C\xAC",
        "bad \xFF byte and  two  spaces   between words",
    };
    for (const auto& text : texts) {
        for (std::size_t width = 0; width <= 24; ++width) {
            CAPTURE(text);
            CAPTURE(width);
            std::vector<std::string> got;
            smolpub::text::wrap_each(text, width, [&](std::string_view line, std::size_t columns) {
                CHECK(columns == display_width(line));
                got.emplace_back(line);
            });
            CHECK(got == wrap(text, width));
        }
    }
}
