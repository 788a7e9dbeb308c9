// SPDX-License-Identifier: ISC
// Gopher framing has one owner (gopher/response): a static file streamed with dot-stuffing
// (content/file_stream) gets exactly the bytes finish_text makes of the whole file.
#include <doctest/doctest.h>

#include <string>

#include "content/file_stream.hpp"
#include "gopher/handler.hpp"
#include "gopher/request.hpp"
#include "gopher/response.hpp"
#include "tests/site/site_fixture.hpp"
#include "tests/support/files.hpp"

using namespace smolpub::content;

TEST_CASE("dot-stuffed streaming sends exactly what finish_text makes of the whole file")
{
    const smolpub::test::temp_dir dir;
    // Chunk edges fall every 32 KiB of input: put a '.' line start and a final '\n' there.
    std::string edge(max_chunk_bytes / 2 - 1, 'x');
    edge += "\n.dot at a chunk start\n";
    std::string ends_on_edge(max_chunk_bytes / 2 - 1, 'y');
    ends_on_edge += '\n';
    for (const std::string& text :
         {std::string{}, std::string{"."}, std::string{".\n"}, std::string{"a\n.b\n..c"}, std::string{"x\r\n"},
          std::string{"x\r\n.\r\n"}, std::string{"\n\n"}, std::string{"no newline"}, edge, ends_on_edge,
          ends_on_edge + ".", std::string(max_chunk_bytes, '.'), std::string(max_chunk_bytes, '\n')}) {
        CAPTURE(text.substr(0, 40));
        smolpub::test::write_old_file(dir.path() / "t.txt", text);
        const auto streamed = read_whole(file_source{dir.path() / "t.txt", *identity_of(dir.path() / "t.txt"), true});
        REQUIRE(streamed);
        CHECK(*streamed == smolpub::gopher::finish_text(text, true));
    }
}


TEST_CASE("a site's menus and texts leave through gopher/response: a final dot, and dot-stuffing when strict")
{
    using namespace smolpub::site::testing;
    site_settings settings = sample_settings();
    settings.strict_rfc1436 = true;
    tree c = sample_content();
    c.articles[3].set_body("Line one.\n\n```\n.hidden\n..\n```\n");
    const auto s = smolpub::site::build_site(settings, c, {}, test_cache());
    const std::string raw = s->route_gopher("/recipes/bread.txt").doc->body;
    REQUIRE(!raw.ends_with("\r\n.\r\n"));  // the site frames nothing

    const auto text = smolpub::gopher::handle(smolpub::gopher::parse_selector("/recipes/bread.txt\r\n"), s, settings);
    const std::string body{text.body_view()};
    CHECK(body == smolpub::gopher::finish_text(raw, true));
    REQUIRE(body.ends_with("\r\n.\r\n"));
    for (const auto& line : lines_of(body.substr(0, body.size() - 3), "\r\n"))
        CHECK_MESSAGE((!line.starts_with(".") || line.starts_with("..")), line);

    const auto menu = smolpub::gopher::handle(smolpub::gopher::parse_selector("/notes/\r\n"), s, settings);
    CHECK(std::string{menu.body_view()} == s->route_gopher("/notes/").doc->body + ".\r\n");
}
