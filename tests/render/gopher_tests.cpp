// SPDX-License-Identifier: ISC
#include "render/gopher.hpp"
#include "text/utf8.hpp"
#include "tests/support/files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

using namespace smolpub::text;
using namespace smolpub::render;

using smolpub::test::read_file;

namespace {

/// Splits on CRLF; fails the test on a bare LF or CR. The text after the last
/// CRLF (which should be empty) is not returned.
std::vector<std::string> crlf_lines(const std::string& s)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = s.find("\r\n", start)) != std::string::npos; start = end + 2) {
        const std::string line = s.substr(start, end - start);
        CHECK(line.find('\n') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
        lines.push_back(line);
    }
    CHECK(start == s.size());  // every line, the last included, ends with CRLF
    return lines;
}

std::vector<std::string> fields(const std::string& menu_row)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t tab; (tab = menu_row.find('\t', start)) != std::string::npos; start = tab + 1)
        out.push_back(menu_row.substr(start, tab - start));
    out.push_back(menu_row.substr(start));
    return out;
}

/// The site the tests pretend to serve: `.gmi` pages are text, paths ending in
/// '/' are menus, anything under /missing/ is not published.
gopher_options site_options(std::size_t width = 40)
{
    gopher_options o;
    o.width = width;
    o.host = "gopher.example.org";
    o.port = 7070;
    o.own_hosts = {"example.org", "www.example.org"};
    o.resolve_local = [](std::string_view path) -> std::optional<gopher_item> {
        if (path.starts_with("/missing/"))
            return std::nullopt;
        gopher_item item;
        item.type = path.ends_with('/') ? '1' : '0';
        item.selector = std::string{path};
        return item;  // host and port left empty: ours
    };
    return o;
}

/// The single menu item a one-link document becomes.
std::vector<std::string> item_for(std::string_view url, const gopher_options& o = site_options())
{
    const auto lines = crlf_lines(gemtext_to_menu("=> " + std::string{url} + " Label\n", o));
    REQUIRE(lines.size() == 1);
    return fields(lines[0]);
}
} // namespace

TEST_CASE("menu_line formats four tab-separated fields and CRLF")
{
    const gopher_item item{'0', "About us", "/about.txt", "example.org", 7070};
    CHECK(menu_line(item) == "0About us\t/about.txt\texample.org\t7070\r\n");

    SUBCASE("tabs, CR, LF and other controls in fields become spaces") {
        const gopher_item bad{'1', "a\tb\rc\nd\x1B" "e\x7F", "sel\tx", "ho\nst", 70};
        const std::string line = menu_line(bad);
        CHECK(line == "1a b c d e \tsel x\tho st\t70\r\n");
        CHECK(fields(line.substr(0, line.size() - 2)).size() == 4);
    }
    SUBCASE("C1 controls encoded as UTF-8 become a space, other text stays") {
        CHECK(menu_line({'i', "x\xC2\x9By\xC3\xA9", "", "h", 1}) == "ix y\xC3\xA9\t\th\t1\r\n");
    }
}

TEST_CASE("info_line is the form Lagrange parses")
{
    CHECK(info_line("hello") == "ihello\t\tnull.host\t1\r\n");
    CHECK(info_line("") == "i\t\tnull.host\t1\r\n");
    CHECK(info_line("a\tb") == "ia b\t\tnull.host\t1\r\n");
}

TEST_CASE("gemtext_to_menu turns text into wrapped info lines")
{
    const auto o = site_options(20);
    const auto lines = crlf_lines(gemtext_to_menu("one two three four five six seven\n\nend\n", o));
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "ione two three four\t\tnull.host\t1");
    CHECK(lines[1] == "ifive six seven\t\tnull.host\t1");
    CHECK(lines[2] == "i\t\tnull.host\t1");
    CHECK(lines[3] == "iend\t\tnull.host\t1");

    SUBCASE("the body has no terminating '.' line") {
        CHECK_FALSE(gemtext_to_menu("x\n", o).ends_with(".\r\n"));
    }
    SUBCASE("tabs in text are expanded, so every row keeps four fields") {
        const auto rows = crlf_lines(gemtext_to_menu("a\tb\n```\nc\td\n```\n", o));
        REQUIRE(rows.size() == 2);
        CHECK(rows[0] == "ia       b\t\tnull.host\t1");
        CHECK(rows[1] == "ic       d\t\tnull.host\t1");
    }
    SUBCASE("a long word is split at the width") {
        const auto rows = crlf_lines(gemtext_to_menu(std::string(45, 'x') + "\n", o));
        REQUIRE(rows.size() == 3);
        CHECK(fields(rows[2])[0] == "i" + std::string(5, 'x'));
    }
}

TEST_CASE("gemtext_to_menu decodes gopher:// URLs into real items")
{
    SUBCASE("with port and type") {
        CHECK(item_for("gopher://other.net:7071/0/notes.txt")
              == std::vector<std::string>{"0Label", "/notes.txt", "other.net", "7071"});
    }
    SUBCASE("default port 70") {
        CHECK(item_for("gopher://other.net/1/phlog")
              == std::vector<std::string>{"1Label", "/phlog", "other.net", "70"});
    }
    SUBCASE("percent-encoded selector") {
        CHECK(item_for("gopher://other.net/0/my%20file%2Etxt")
              == std::vector<std::string>{"0Label", "/my file.txt", "other.net", "70"});
    }
    SUBCASE("empty path is the root menu") {
        CHECK(item_for("gopher://other.net")
              == std::vector<std::string>{"1Label", "", "other.net", "70"});
        CHECK(item_for("gopher://other.net:71/")
              == std::vector<std::string>{"1Label", "", "other.net", "71"});
    }
    SUBCASE("a search string after %09 is not part of the selector") {
        CHECK(item_for("gopher://other.net/7/search%09cats")
              == std::vector<std::string>{"7Label", "/search", "other.net", "70"});
    }
    SUBCASE("IPv6 literal host loses its brackets") {
        CHECK(item_for("gopher://[::1]:7000/1")
              == std::vector<std::string>{"1Label", "", "::1", "7000"});
    }
    SUBCASE("a malformed gopher URL becomes a URL: item instead of a broken one") {
        CHECK(item_for("gopher://other.net:99999/1")
              == std::vector<std::string>{"hLabel", "URL:gopher://other.net:99999/1",
                                          "gopher.example.org", "7070"});
    }
}

TEST_CASE("gemtext_to_menu points other URLs at URL: selectors on our host")
{
    CHECK(item_for("https://example.com/a?b=c")
          == std::vector<std::string>{"hLabel", "URL:https://example.com/a?b=c", "gopher.example.org",
                                      "7070"});
    CHECK(item_for("gemini://elsewhere.org/")
          == std::vector<std::string>{"hLabel", "URL:gemini://elsewhere.org/", "gopher.example.org",
                                      "7070"});
    CHECK(item_for("mailto:me@example.org")[1] == "URL:mailto:me@example.org");
}

TEST_CASE("gemtext_to_menu resolves our own pages through resolve_local")
{
    SUBCASE("absolute paths") {
        CHECK(item_for("/notes/a.gmi")
              == std::vector<std::string>{"0Label", "/notes/a.gmi", "gopher.example.org", "7070"});
        CHECK(item_for("/notes/")
              == std::vector<std::string>{"1Label", "/notes/", "gopher.example.org", "7070"});
    }
    SUBCASE("gemini:// URLs on one of our hosts, reduced to the path") {
        CHECK(item_for("gemini://example.org/notes/a.gmi?x#y")
              == std::vector<std::string>{"0Label", "/notes/a.gmi", "gopher.example.org", "7070"});
        CHECK(item_for("gemini://WWW.Example.ORG:1965")[1] == "/");
    }
    SUBCASE("what the resolver does not serve is shown, never a dead item") {
        const auto lines = crlf_lines(gemtext_to_menu("=> /missing/x.gmi Old post\n", site_options()));
        CHECK(lines == std::vector<std::string>{"iOld post\t\tnull.host\t1"});
    }
    SUBCASE("without a resolver nothing local is offered") {
        auto o = site_options();
        o.resolve_local = nullptr;
        CHECK(crlf_lines(gemtext_to_menu("=> /a.gmi A\n", o)) == std::vector<std::string>{"iA\t\tnull.host\t1"});
    }
    SUBCASE("the resolver's own host and port win over ours") {
        auto o = site_options();
        o.resolve_local = [](std::string_view) {
            return std::optional<gopher_item>{gopher_item{'9', "", "/file.bin", "files.example.org", 71}};
        };
        CHECK(item_for("/file.bin", o) == std::vector<std::string>{"9Label", "/file.bin", "files.example.org", "71"});
    }
    SUBCASE("a link without a label shows its URL") {
        const auto lines = crlf_lines(gemtext_to_menu("=> /a.gmi\n", site_options()));
        REQUIRE(lines.size() == 1);
        CHECK(fields(lines[0])[0] == "0/a.gmi");
    }
}

TEST_CASE("gemtext_to_menu cuts a label longer than the width, with an ellipsis")
{
    const auto o = site_options(20);
    const auto lines =
        crlf_lines(gemtext_to_menu("=> /a.gmi A rather long title for a menu item\n", o));
    REQUIRE(lines.size() == 1);
    const std::string display = fields(lines[0])[0].substr(1);
    CHECK(display == "A rather long title\xE2\x80\xA6");
    CHECK(display_width(display) <= 20);

    SUBCASE("a label that fits is kept whole") {
        const auto row = crlf_lines(gemtext_to_menu("=> /a.gmi Exactly twenty chars\n", o));
        CHECK(fields(row[0])[0] == "0Exactly twenty chars");
    }
    SUBCASE("a long URL label is cut between characters") {
        const auto row = crlf_lines(gemtext_to_menu("=> https://example.com/very/long/path/to/page\n", o));
        const std::string shown = fields(row[0])[0].substr(1);
        CHECK(shown == "https://example.com\xE2\x80\xA6");
        CHECK(fields(row[0])[1] == "URL:https://example.com/very/long/path/to/page");
    }
}

TEST_CASE("gemtext_to_text renders plain text with CRLF")
{
    const auto o = site_options(20);
    SUBCASE("headings are underlined to their display width") {
        CHECK(gemtext_to_text("# Title\n## Sub\n### Third\n", o)
              == "Title\r\n=====\r\nSub\r\n---\r\nThird\r\n~~~~~\r\n");
        // 日本語 is three wide characters: six columns.
        CHECK(gemtext_to_text("# \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\n", o)
              == "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\r\n======\r\n");
    }
    SUBCASE("list items hang under their text") {
        CHECK(gemtext_to_text("* one two three four five six\n", o)
              == "* one two three four\r\n  five six\r\n");
    }
    SUBCASE("quotes keep their marker on every line") {
        CHECK(gemtext_to_text(">one two three four five six\n", o)
              == "> one two three four\r\n> five six\r\n");
    }
    SUBCASE("preformatted lines are untouched and the fences removed") {
        const std::string pre = "  x  =  1;\tlong line well past twenty columns";
        CHECK(gemtext_to_text("```c\n" + pre + "\n```\nafter\n", o) == pre + "\r\nafter\r\n");
    }
    SUBCASE("CRLF input ends are not doubled") {
        CHECK(gemtext_to_text("a\r\nb\r\n", o) == "a\r\nb\r\n");
    }
}

TEST_CASE("gemtext_to_text numbers links and lists their URLs at the end")
{
    const auto o = site_options(40);
    const std::string gmi =
        "Intro\n"
        "=> /notes/a.gmi First note\n"
        "=> https://example.com/page\n"
        "=> /missing/old.gmi Old\n"
        "=> gopher://other.net/0/x%20y Elsewhere\n";
    CHECK(gemtext_to_text(gmi, o)
          == "Intro\r\n"
             "[1] First note\r\n"
             "[2] https://example.com/page\r\n"
             "[3] Old\r\n"
             "[4] Elsewhere\r\n"
             "\r\n"
             "[1] gopher://gopher.example.org:7070/0/n\r\n"
             "    otes/a.gmi\r\n"
             "[2] https://example.com/page\r\n"
             "[3] /missing/old.gmi\r\n"
             "[4] gopher://other.net/0/x%20y\r\n");

    SUBCASE("selectors are percent-encoded in our URLs") {
        auto spaced = site_options(80);
        spaced.resolve_local = [](std::string_view) {
            return std::optional<gopher_item>{gopher_item{'0', "", "/my file?.txt", "", 0}};
        };
        CHECK(gemtext_to_text("=> /x A\n", spaced)
              == "[1] A\r\n\r\n[1] gopher://gopher.example.org:7070/0/my%20file%3F.txt\r\n");
    }

    SUBCASE("port 70 is left out of our URLs") {
        auto o70 = site_options(80);
        o70.port = 70;
        CHECK(gemtext_to_text("=> /a.gmi A\n", o70)
              == "[1] A\r\n\r\n[1] gopher://gopher.example.org/0/a.gmi\r\n");
    }
    SUBCASE("a long label wraps with a hanging indent") {
        CHECK(gemtext_to_text("=> /a.gmi one two three four five six seven eight nine ten\n", site_options(24))
              .starts_with("[1] one two three four\r\n    five six seven eight\r\n    nine ten\r\n"));
    }
}

TEST_CASE("gemtext_to_text moves a wide character that would straddle the width")
{
    // 19 narrow columns, then 日 needs columns 20-21 of a 20-column page.
    const std::string gmi = std::string(19, 'a') + "\xE6\x97\xA5\xE6\x9C\xAC\n";
    CHECK(gemtext_to_text(gmi, site_options(20))
          == std::string(19, 'a') + "\r\n\xE6\x97\xA5\xE6\x9C\xAC\r\n");
}

TEST_CASE("no generated line begins with '.'")
{
    // A lone "." ends a Gopher text transfer; every such line is given a leading space.
    SUBCASE("the cases by name") {
        const auto o = site_options(20);
        CHECK(gemtext_to_text(".\n", o) == " .\r\n");
        CHECK(gemtext_to_text("...and so on\n", o) == " ...and so on\r\n");
        CHECK(gemtext_to_text("# .hidden\n", o) == " .hidden\r\n========\r\n");
        CHECK(gemtext_to_text("```\n.\n```\n", o) == " .\r\n");
        // "...then" would start the second line: the paragraph is wrapped one column
        // narrower so the guarded line still fits.
        CHECK(gemtext_to_text("aaaa bbbb cccc dddd ...then\n", o) == "aaaa bbbb cccc dddd\r\n ...then\r\n");
        CHECK(gemtext_to_text("aaaaa bbbbb cccccc .then\n", o) == "aaaaa bbbbb cccccc\r\n .then\r\n");
        // A full line before the dot: one column narrower moves a word down instead.
        CHECK(gemtext_to_text("aaaa bbbb cccc ddddd ...then\n", o)
              == "aaaa bbbb cccc\r\nddddd ...then\r\n");
        CHECK(gemtext_to_text("aaaaa bbbbb ccccc dd .then\n", o) == "aaaaa bbbbb ccccc\r\ndd .then\r\n");
    }
    SUBCASE("any width, any mix of dotted words") {
        const std::string gmi =
            "# .a heading\n. . . . .. ... .... ..... ...... ....... ........ .\n"
            "word .dot word ..dots ...\n```\n.pre\n..\n```\n=> .x .label\n";
        for (std::size_t width = 8; width <= 30; ++width) {
            CAPTURE(width);
            for (const auto& line : crlf_lines(gemtext_to_text(gmi, site_options(width)))) {
                CHECK_FALSE(line.starts_with('.'));
                if (line != " .pre")  // preformatted lines are exempt from the width
                    CHECK(display_width(line) <= width);
            }
            for (const auto& line : crlf_lines(gemtext_to_menu(gmi, site_options(width))))
                CHECK_FALSE(line.starts_with('.'));
        }
    }
}

TEST_CASE("gemtext_to_text keeps every wrapped line within the width")
{
    const std::string gmi =
        "# A heading with \xE5\xBA\x83\xE3\x81\x84 characters\n"
        "Text with \xF0\x9F\x98\x80 emoji and \xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87 and "
        "supercalifragilisticexpialidocious words.\n"
        "* list \xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87 item\n"
        "> quote https://example.com/a/very/long/url/that/must/split\n"
        "=> https://example.com/a/very/long/url/that/must/split\n";
    for (std::size_t width = 8; width <= 50; ++width) {
        CAPTURE(width);
        for (const auto& line : crlf_lines(gemtext_to_text(gmi, site_options(width)))) {
            CHECK(display_width(line) <= width);
            CHECK(is_valid_utf8(line));
        }
        for (const auto& row : crlf_lines(gemtext_to_menu(gmi, site_options(width)))) {
            const auto f = fields(row);
            REQUIRE(f.size() == 4);
            CHECK(display_width(f[0].substr(1)) <= width);
            CHECK(is_valid_utf8(f[0]));
        }
    }
}

TEST_CASE("pathological inputs finish")
{
    const auto o = site_options();
    const std::string long_line(1 << 20, 'x');
    CHECK(crlf_lines(gemtext_to_text(long_line, o)).size() == ((1u << 20) + 39) / 40);
    std::string dots;
    for (int i = 0; i < 100000; ++i)
        dots += ". ";
    for (const auto& line : crlf_lines(gemtext_to_text(dots, o)))
        CHECK_FALSE(line.starts_with('.'));
    std::string many_links;
    for (int i = 0; i < 10000; ++i)
        many_links += "=> /a.gmi\n";
    CHECK(crlf_lines(gemtext_to_menu(many_links, o)).size() == 10000);
}

// Golden files: tests/render/golden_gopher/<name>.gmi rendered with site_options(40)
// must equal <name>.txt and <name>.menu byte for byte. UPDATE_GOLDEN=1 rewrites them.
TEST_CASE("golden gopher renderings")
{
    const std::filesystem::path dir = std::filesystem::path{SMOLPUB_SOURCE_DIR} / "tests/render/golden_gopher";
    const bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
    std::vector<std::filesystem::path> inputs;
    for (const auto& entry : std::filesystem::directory_iterator{dir})
        if (entry.path().extension() == ".gmi")
            inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 4);

    for (const auto& input : inputs) {
        const std::string gmi = read_file(input);
        const std::pair<std::string, std::string> outputs[] = {
            {".txt", gemtext_to_text(gmi, site_options(40))},
            {".menu", gemtext_to_menu(gmi, site_options(40))},
        };
        for (const auto& [ext, actual] : outputs) {
            auto expected_path = input;
            expected_path.replace_extension(ext);
            CAPTURE(expected_path);
            if (update) {
                std::ofstream{expected_path, std::ios::binary} << actual;
                continue;
            }
            REQUIRE(std::filesystem::exists(expected_path));
            const std::string expected = read_file(expected_path);
            INFO("expected:\n" << expected << "\nactual:\n" << actual);
            CHECK(actual == expected);
        }
    }
}

TEST_CASE("gemtext_to_text never passes on a lone CR from a hand-written .gmi")
{
    smolpub::render::gopher_options options;
    const std::string text = smolpub::render::gemtext_to_text("a\rb\r\nc\n", options);
    CHECK(text.find("a b\r\n") != std::string::npos);
    CHECK(text.find("c\r\n") != std::string::npos);
    // Every CR in the output ends a line.
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\r')
            CHECK((i + 1 < text.size() && text[i + 1] == '\n'));
}
