// SPDX-License-Identifier: ISC
// The gemtext line reader every walk over gemtext uses (site, check, Gopher views, search).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/gemtext_lines.hpp"

using smolpub::text::gemtext_line;
using smolpub::text::gemtext_lines;
using smolpub::text::link_of;

namespace {
std::vector<gemtext_line> read_all(std::string_view text)
{
    std::vector<gemtext_line> lines;
    for (const gemtext_line& l : gemtext_lines{text})
        lines.push_back(l);
    return lines;
}
} // namespace

TEST_CASE("gemtext_lines splits at LF, numbers lines, and adds no empty line after a final LF")
{
    const auto lines = read_all("# Title\n\nText\r\nlast");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].text == "# Title");
    CHECK(lines[1].text.empty());
    CHECK(lines[2].text == "Text\r");
    CHECK(lines[3].text == "last");
    CHECK(lines[3].number == 4);
    CHECK(read_all("one\n").size() == 1);
    CHECK(read_all("").empty());
    CHECK(read_all("\n").size() == 1);
}

TEST_CASE("gemtext_lines marks the toggles and the preformatted lines between them")
{
    const auto lines = read_all("=> a\n```alt\n=> b\n```\n=> c\n```\nopen to the end");
    REQUIRE(lines.size() == 7);
    CHECK((!lines[0].toggle && !lines[0].preformatted));
    CHECK((lines[1].toggle && !lines[1].preformatted));
    CHECK((!lines[2].toggle && lines[2].preformatted));
    CHECK((lines[3].toggle && !lines[3].preformatted));
    CHECK((!lines[4].toggle && !lines[4].preformatted));
    CHECK(lines[5].toggle);
    CHECK(lines[6].preformatted);
}

TEST_CASE("link_of splits a link line into URL and the rest, and refuses what is not one")
{
    const auto l = link_of("=>  /a.gmi\tThe label");
    REQUIRE(l);
    CHECK(l->url == "/a.gmi");
    CHECK(l->url_at == 4);
    CHECK(l->rest == "\tThe label");
    const auto bare = link_of("=>gemini://x/");
    REQUIRE(bare);
    CHECK(bare->url == "gemini://x/");
    CHECK(bare->rest.empty());
    CHECK_FALSE(link_of("=>"));
    CHECK_FALSE(link_of("=>   "));
    CHECK_FALSE(link_of(" => /a"));
    CHECK_FALSE(link_of("text"));
}
