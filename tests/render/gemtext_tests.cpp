// SPDX-License-Identifier: ISC
// Behaviour of markdown_to_gemtext that golden files cannot show well: options,
// the rewrite hook's contract, and pathological inputs (cmark's own habit).
#include "render/gemtext.hpp"
#include "text/utf8.hpp"
#include "tests/support/text.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace smolpub::text;
using namespace smolpub::render;

using smolpub::test::count_of;

namespace {

// Not a speed test (render_bench measures speed): the bound only catches quadratic or
// exponential behaviour, which takes minutes on these inputs. An optimised build finishes
// each case in well under a second; the margin absorbs a shared, loaded CI machine.
// Debug and sanitizer builds run the same code 10-20 times slower, so they get more room.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr auto time_limit = std::chrono::seconds(5);
#else
constexpr auto time_limit = std::chrono::seconds(30);
#endif

template <class F> std::chrono::steady_clock::duration time_of(F&& f)
{
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::steady_clock::now() - start;
}

std::string repeat(std::string_view s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

TEST_CASE("an empty or blank document renders as the empty string")
{
    CHECK(markdown_to_gemtext("") == "");
    CHECK(markdown_to_gemtext("\n\n \t\n") == "");
    CHECK(markdown_to_gemtext("<!-- only a comment -->\n") == "");
}

TEST_CASE("the thematic break line comes from the options")
{
    gemtext_options options;
    SUBCASE("a custom line")
    {
        options.thematic_break = "* * *";
        // "* " starts a gemtext list line, so the break gets the syntax guard.
        CHECK(markdown_to_gemtext("a\n\n---\n\nb\n", options) == "a\n\n\xE2\x80\x8B* * *\n\nb\n");
    }
    SUBCASE("a line that would open a preformatted block is guarded")
    {
        options.thematic_break = "```";
        CHECK(markdown_to_gemtext("---\n", options) == "\xE2\x80\x8B```\n");
    }
    SUBCASE("an empty line means no line at all")
    {
        options.thematic_break = "";
        CHECK(markdown_to_gemtext("a\n\n---\n\nb\n", options) == "a\n\nb\n");
    }
}

TEST_CASE("rewrite_link sees relative Markdown links only, as written")
{
    std::vector<std::string> seen;
    gemtext_options options;
    options.rewrite_link = [&seen](std::string_view url) -> std::optional<std::string> {
        seen.emplace_back(url);
        if (url == "keep.md")
            return std::nullopt;
        return "/rewritten.gmi";
    };
    const std::string out = markdown_to_gemtext(
        "See [a](../a.md) [b](b.MD?x=1#y) [c](keep.md) [d](https://x.example/d.md) [e](//host/e.md) "
        "[f](pic.png) [g](mailto:g@x.md)\n",
        options);
    CHECK(seen == std::vector<std::string>{"../a.md", "b.MD?x=1#y", "keep.md"});
    CHECK(count_of(out, "=> /rewritten.gmi") == 1);  // a and b rewrite to one URL: deduplicated
    CHECK(out.find("=> keep.md c\n") != std::string::npos);
    CHECK(out.find("=> https://x.example/d.md d\n") != std::string::npos);
    CHECK(out.find("=> //host/e.md e\n") != std::string::npos);
}

TEST_CASE("a rewrite hook may itself render Markdown (nested parses on one thread)")
{
    gemtext_options options;
    options.rewrite_link = [](std::string_view url) -> std::optional<std::string> {
        const std::string inner = markdown_to_gemtext("# " + std::string{url} + "\n\n" + std::string(50000, 'y') + "\n");
        return "/" + std::to_string(inner.size()) + ".gmi";
    };
    const std::string out = markdown_to_gemtext("x [a](a.md) " + std::string(50000, 'z') + " [b](bb.md)\n", options);
    CHECK(out.find("=> /50009.gmi a\n") != std::string::npos);
    CHECK(out.find("=> /50010.gmi b\n") != std::string::npos);  // "# bb.md", blank, the y line
}

TEST_CASE("invalid UTF-8 never reaches the output")
{
    const std::string out = markdown_to_gemtext("# \xC0\xAF head\n\n[\xFFx](http://e/\xFE) `\xED\xA0\x80`\n\n```\n\xF8\x88\n```\n");
    CHECK(is_valid_utf8(out));
    CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD stands in
}

TEST_CASE("each kind of ill-formed UTF-8 is replaced, after long well-formed text too")
{
    // cmark validates only when the input is not already well-formed UTF-8: each kind
    // RFC 3629 forbids must be caught by that check, wherever it sits in the document.
    const std::string long_text = std::string(1000, 'a') + " caf\xC3\xA9\n\n";
    for (const std::string_view bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88",
                                       "\xFF", "\x80", "\xE2\x82"}) {
        CAPTURE(bad);
        const std::string out = markdown_to_gemtext(long_text + "x" + std::string{bad} + "y\n");
        CHECK(is_valid_utf8(out));
        CHECK(out.starts_with(std::string(1000, 'a') + " caf\xC3\xA9\n\nx\xEF\xBF\xBD"));
        CHECK(out.ends_with("y\n"));
    }
}

TEST_CASE("a control character is replaced wherever it sits in a long line")
{
    // The scan for controls skips text eight bytes at a time: try every offset in a word.
    for (std::size_t before = 0; before < 20; ++before) {
        CAPTURE(before);
        const std::string a(before, 'a');
        const std::string b(17, 'b');
        CHECK(markdown_to_gemtext(a + "\x1b" + b + "\n") == a + "\xEF\xBF\xBD" + b + "\n");
        CHECK(markdown_to_gemtext(a + "\xC2\x9B" + b + "\n") == a + "\xEF\xBF\xBD" + b + "\n");
        CHECK(markdown_to_gemtext(a + "\x7f" + b + "\n") == a + "\xEF\xBF\xBD" + b + "\n");
        CHECK(markdown_to_gemtext(a + "\xC2\xA0" + b + "\n") == a + "\xC2\xA0" + b + "\n");  // NBSP stays
    }
}

TEST_CASE("control characters cannot reach a reader's terminal")
{
    // ESC [2J clears a terminal; C1 CSI (U+009B) does the same on some.
    const std::string out =
        markdown_to_gemtext("a\x1b[2Jb \xC2\x9B" "c\x7f \xC2\xA0nbsp\ttab\n\n```\ncode\x1b]0;title\x07\n```\n");
    CHECK(out == "a\xEF\xBF\xBD[2Jb \xEF\xBF\xBD" "c\xEF\xBF\xBD \xC2\xA0nbsp\ttab\n\n```\ncode\xEF\xBF\xBD]0;title\xEF\xBF\xBD\n```\n");
}

TEST_CASE("URLs on link lines carry no spaces or control characters")
{
    // A paragraph of nothing but a link is just its link line.
    const std::string out = markdown_to_gemtext("[x](<http://e/a b\tc>)\n");
    CHECK(out == "=> http://e/a%20b%09c x\n");
}

TEST_CASE("raw HTML never leaks tags")
{
    const std::string out = markdown_to_gemtext(
        "a <img src=x onerror=alert(1)> b <a href=\"/x\">c</a>\n\n"
        "<table><tr><td>cell</td></tr></table>\n\n"
        "x <script>var a = \"<b>\";</script> y <!-- c --> z\n");
    CHECK(out.find('<') == std::string::npos);
    CHECK(out.find("alert") == std::string::npos);
    CHECK(out.find("var a") == std::string::npos);
    CHECK(out.find("a b c") != std::string::npos);
    CHECK(out.find("cell") != std::string::npos);
    CHECK(out.find("x y z") != std::string::npos);
}

TEST_CASE("an unclosed inline script hides only the rest of its paragraph")
{
    const std::string out = markdown_to_gemtext("before <script> hidden\n\nnext paragraph\n");
    CHECK(out == "before\n\nnext paragraph\n");
}

TEST_CASE("pathological inputs finish fast without recursion")
{
    SUBCASE("10,000 nested block quotes")
    {
        const std::string md = repeat("> ", 10000) + "deep\n";
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(out == repeat("> ", 10000) + "deep\n");
    }
    SUBCASE("10,000 nested list items")
    {
        const std::string md = repeat("- ", 10000) + "deep\n";
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(out == "* " + repeat("\xE2\x97\xA6 ", 9999) + "deep\n");
    }
    SUBCASE("10,000 alternating quotes and lists")
    {
        const std::string md = repeat("> - ", 5000) + "deep\n";
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(out.ends_with("deep\n"));
        CHECK(count_of(out, "\n") == 1);
    }
    SUBCASE("1,000 lines each nested one level deeper")
    {
        std::string md;
        for (std::size_t i = 0; i < 1000; ++i)
            md += std::string(2 * i, ' ') + "- item\n";
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(count_of(out, "\n") == 1000);
    }
    SUBCASE("a 1 MiB line of prose, markup and links")
    {
        std::string md = repeat("word *em* [link](https://e.example/p) ", 1 << 20 >> 5);
        md.resize(1 << 20);
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(count_of(out, "=> https://e.example/p link\n") == 1);
        CHECK(count_of(out, "word *em* link ") == (1u << 20) / 38);  // every whole repetition
    }
    SUBCASE("a 1 MiB line of distinct links")
    {
        std::string md;
        for (std::size_t i = 0; md.size() < (1u << 20); ++i)
            md += "w [a](http://e.example/" + std::to_string(i) + ") ";
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(count_of(out, "\n=> http://e.example/") == count_of(md, "[a]("));
    }
    SUBCASE("an HTML block of 30,000 numbered anchors around <pre> blocks")
    {
        std::string md = "<div>\n";
        for (int i = 0; i < 30000; ++i)
            md += "<a href=\"/" + std::to_string(i) + "\">a</a>" + (i % 100 == 0 ? "<pre>p\n<a href=/x>q</a></pre>" : "");
        md += "\n</div>\n";
        gemtext_options options;
        options.labels = link_labels::numbered;
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md, options); }) < time_limit);
        CHECK(out.find("a[30001]") != std::string::npos);  // /x took number 2
        CHECK(out.find("\nq[2]\n```") != std::string::npos);  // the marker stays inside its <pre>
        CHECK(count_of(out, "```") == 2 * 300);
    }
    SUBCASE("a 1 MiB line of one unbroken word")
    {
        const std::string md(1 << 20, 'x');
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(out == md + "\n");
    }
    SUBCASE("a 1 MiB table row")
    {
        const std::string md = "| a | b |\n|---|---|\n" + repeat("| cell ", 1 << 17) + "|\n";
        std::string out;
        CHECK(time_of([&] { out = markdown_to_gemtext(md); }) < time_limit);
        CHECK(out.starts_with("```table\n"));
    }
}
