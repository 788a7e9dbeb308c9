// SPDX-License-Identifier: ISC
// The gemtext renderer's helpers on their own: URL hygiene, HTML to text, pipe
// tables, and the arena cmark parses into.
#include "render/cmark_arena.hpp"
#include "render/gemtext.hpp"
#include "render/gemtext_text.hpp"
#include "render/gemtext_url.hpp"
#include "render/html_text.hpp"
#include "render/pipe_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace smolpub::render;

TEST_CASE("gemtext_link_target drops links that must not become link lines")
{
    const gemtext_options options;
    CHECK_FALSE(gemtext_link_target("", options));
    CHECK_FALSE(gemtext_link_target("  ", options));
    CHECK_FALSE(gemtext_link_target("#top", options));
    CHECK_FALSE(gemtext_link_target("javascript:alert(1)", options));
    CHECK_FALSE(gemtext_link_target("JavaScript:alert(1)", options));
    CHECK_FALSE(gemtext_link_target("java\tscript:alert(1)", options));
    CHECK_FALSE(gemtext_link_target("data:text/html,<b>", options));
    CHECK(gemtext_link_target("page#top", options) == "page#top");
    CHECK(gemtext_link_target("gemini://x.example/a b", options) == "gemini://x.example/a%20b");
    CHECK(gemtext_link_target("https://x.example/a\x7f" "b", options) == "https://x.example/a%7Fb");
    CHECK(gemtext_link_target("  https://x.example/\n", options) == "https://x.example/");  // ends trimmed
    CHECK(gemtext_link_target("/caf\xC3\xA9", options) == "/caf\xC3\xA9");  // UTF-8 stays
}

TEST_CASE("is_usable_link_target agrees with gemtext_link_target without calling the hook")
{
    gemtext_options options;
    options.rewrite_link = [](std::string_view) -> std::optional<std::string> {
        FAIL("the hook must not be called");
        return std::nullopt;
    };
    CHECK(is_usable_link_target("page.md"));
    CHECK(is_usable_link_target("https://x.example/#top"));
    CHECK_FALSE(is_usable_link_target("#top"));
    CHECK_FALSE(is_usable_link_target(" DATA:,x"));
}

TEST_CASE("gemtext line helpers")
{
    using namespace gemtext_detail;
    std::string line = "   a  b \t c   ";
    squeeze_spaces(line, 0);
    CHECK(line == "a b \t c");
    std::string marked = "## x   y ";
    squeeze_spaces(marked, 3);
    CHECK(marked == "## x y");
    CHECK(collapse_blanks(" \n a \t\r\n b \n") == "a b");
    CHECK(backtick_fence("plain") == "`");
    CHECK(backtick_fence("a `b` ``c``") == "```");
    for (std::string_view syntax : {"#", "# x", "* x", ">", "> x", "=>", "=> x", "```", "```c"})
        CHECK(reads_as_gemtext_syntax(syntax));
    for (std::string_view plain : {"", "x # y", "*x", "*", " * x", "=x", "``", "~~~", "\xE2\x80\x8B# x"})
        CHECK_FALSE(reads_as_gemtext_syntax(plain));
}

TEST_CASE("url_file_name names an image without alt text")
{
    CHECK(url_file_name("images/cat.png") == "cat.png");
    CHECK(url_file_name("https://x.example/a/b.jpg?size=2#f") == "b.jpg");
    CHECK(url_file_name("https://x.example/dir/") == "dir");
    CHECK(url_file_name("plain.gif") == "plain.gif");
}

TEST_CASE("html_text keeps its state between chunks, as cmark splits inline HTML")
{
    html_text html;
    std::string out;
    html.feed("<script>", out);
    CHECK(html.hiding_text());
    html.feed("if (a < b) {}", out);
    CHECK(html.hiding_text());
    html.feed("</SCRIPT>", out);
    CHECK_FALSE(html.hiding_text());
    html.feed("<span title='a > b'>", out);
    html.feed("x<br>y", out);
    CHECK(out == "x\ny");

    html.reset();
    out.clear();
    html.feed("<!-- one", out);
    CHECK(html.hiding_text());
    html.feed(" two --> seen", out);
    CHECK(out == " seen");
}

TEST_CASE("html_text reports <a href> anchors with their place in the text")
{
    html_text html;
    std::string out;
    html.feed("<p>See <A class=x HREF = 'https://x.example/?a=1&amp;b=2'>this</a>, <a name=n>that</a> "
              "and <a href=/un/quoted/>the other</a>.", out);
    CHECK(out == "\nSee this, that and the other.");
    const auto anchors = html.take_anchors();
    REQUIRE(anchors.size() == 5);
    CHECK(anchors[0].opens);
    CHECK(anchors[0].href == "https://x.example/?a=1&b=2");
    CHECK(out.substr(anchors[0].at, anchors[1].at - anchors[0].at) == "this");
    CHECK_FALSE(anchors[1].opens);
    CHECK_FALSE(anchors[2].opens);  // <a name> has no href: only its </a> shows
    CHECK(anchors[3].href == "/un/quoted/");
    CHECK(out.substr(anchors[3].at, anchors[4].at - anchors[3].at) == "the other");
    CHECK(html.take_anchors().empty());
}

TEST_CASE("html_text keeps line breaks only inside <pre>, and says where that was")
{
    html_text html;
    std::string out;
    html.feed("a\nb<pre>\n x\n  y\n</pre>c\nd<pre>open", out);
    CHECK(out == "a b\n x\n  y\nc dopen");
    const auto ranges = html.take_preformatted(out.size());
    REQUIRE(ranges.size() == 2);
    CHECK(out.substr(ranges[0].begin, ranges[0].end - ranges[0].begin) == "\n x\n  y\n");
    CHECK(out.substr(ranges[1].begin, ranges[1].end - ranges[1].begin) == "open");  // unclosed: to the end
    CHECK(html.take_preformatted(out.size()).empty());
}

TEST_CASE("html character references decode to UTF-8, invalid ones to U+FFFD")
{
    std::string out;
    append_html_unescaped("&amp;&lt;&#65;&#x42;&#xD800;&#1114112;&#0;&bogus;& x", out);
    CHECK(out == "&<AB\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD&bogus;& x");
}

TEST_CASE("parse_delimiter_row reads GFM alignments")
{
    using enum column_align;
    CHECK(parse_delimiter_row("|---|:--|--:|:-:|") == std::vector{none, left, right, center});
    CHECK(parse_delimiter_row("--|--") == std::vector{none, none});
    CHECK(parse_delimiter_row(" | - | ") == std::vector{none});
    CHECK_FALSE(parse_delimiter_row("---"));        // a setext underline or a rule, not a table
    CHECK_FALSE(parse_delimiter_row("|---|x--|"));
    CHECK_FALSE(parse_delimiter_row("|---||"));
    CHECK_FALSE(parse_delimiter_row("| : |"));
}

TEST_CASE("format_table pads by display width and honours alignment")
{
    using enum column_align;
    const std::vector<std::vector<std::string>> rows{{"a", "b", "c"}, {"\xE6\x97\xA5\xE6\x9C\xAC", "x"}, {"1", "22", "333", "4"}};
    const auto lines = format_table(rows, {left, right, center});
    CHECK(lines == std::vector<std::string>{
                       "| a    |   b |  c  |     |",
                       "|:-----|----:|:---:|-----|",
                       "| \xE6\x97\xA5\xE6\x9C\xAC |   x |     |     |",
                       "| 1    |  22 | 333 | 4   |",
                   });
}

TEST_CASE("escaped_bars tells a cell's \\| from a border by the source")
{
    CHECK(escaped_bars("| x \\| y | z |", "| x | y | z |") == std::vector{false, true, false, false});
    CHECK(escaped_bars("a \\\\| b", "a \\| b") == std::vector{false});  // an escaped backslash, then a border
    CHECK(escaped_bars("no bars \\* here", "no bars * here").empty());
    CHECK(escaped_bars("C:\\dir | x", "C:\\dir | x") == std::vector{false});  // a backslash before a letter stays
    // An entity makes the literal differ from the source: no answer, every bar a border.
    CHECK(escaped_bars("a &amp; b | c", "a & b | c").empty());
}

TEST_CASE("markdown_to_gemtext: \\| in a pipe table is part of the cell, in text and in code spans")
{
    const std::string md = "| expression | meaning |\n"
                           "|---|---|\n"
                           "| `a \\| b` | *either* a \\| b |\n"
                           "| x | y |\n";
    const std::string out = markdown_to_gemtext(md, {});
    CHECK(out == "```table\n"
                 "| expression | meaning        |\n"
                 "|------------|----------------|\n"
                 "| `a | b`    | *either* a | b |\n"
                 "| x          | y              |\n"
                 "```\n");
    // Outside a table nothing changes: \\| is a plain '|', and a code span keeps its backslash.
    CHECK(markdown_to_gemtext("a \\| b `c \\| d`\n", {}) == "a | b `c \\| d`\n");
}

TEST_CASE("cmark_arena honours cmark_mem's calloc/realloc/free contract")
{
    cmark_arena arena;
    cmark_mem* mem = arena.mem();

    auto* small = static_cast<unsigned char*>(mem->calloc(10, 8));
    CHECK(std::all_of(small, small + 80, [](unsigned char c) { return c == 0; }));
    std::memset(small, 'a', 80);
    CHECK(reinterpret_cast<std::uintptr_t>(small) % 16 == 0);

    // Growing keeps the bytes, whether the block stays small or becomes a large one.
    auto* grown = static_cast<unsigned char*>(mem->realloc(small, 4000));
    CHECK(std::all_of(grown, grown + 80, [](unsigned char c) { return c == 'a'; }));
    auto* large = static_cast<unsigned char*>(mem->realloc(grown, 1 << 20));
    CHECK(std::all_of(large, large + 80, [](unsigned char c) { return c == 'a'; }));
    large[(1 << 20) - 1] = 'z';
    auto* larger = static_cast<unsigned char*>(mem->realloc(large, 1 << 21));
    CHECK(larger[0] == 'a');
    CHECK(larger[(1 << 20) - 1] == 'z');
    mem->free(larger);
    mem->free(nullptr);

    auto* fresh = static_cast<char*>(mem->realloc(nullptr, 32));  // realloc(NULL) is malloc
    REQUIRE(fresh != nullptr);
    mem->free(fresh);

    // A whole parse through the arena, with nothing freed by hand.
    cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, mem);
    const std::string md = "# t\n\n" + std::string(100000, 'x') + "\n";
    cmark_parser_feed(parser, md.data(), md.size());
    cmark_node* doc = cmark_parser_finish(parser);
    REQUIRE(doc != nullptr);
    cmark_node* para = cmark_node_next(cmark_node_first_child(doc));
    CHECK(std::string{cmark_node_get_literal(cmark_node_first_child(para))} == std::string(100000, 'x'));
}
