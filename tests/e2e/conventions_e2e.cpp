// SPDX-License-Identifier: ISC
// What geminispace expects of a capsule (issue 28): /robots.txt per the Gemini robots.txt
// companion specification, made from [robots] unless the capsule has its own, over Gemini
// and at Gopher's robots.txt selector; /favicon.txt from site.favicon, 51 when unset.
#include <doctest/doctest.h>

#include "cli_support.hpp"
#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;

TEST_CASE("robots.txt is generated over Gemini and Gopher, and favicon.txt is 51 without site.favicon")
{
    scratch_dir dir;
    write_text(dir.path() / "capsule" / "index.md", "Home.\n");
    write_text(dir.path() / "smolpub.toml", loopback_config("title = \"T\"\n", loopback_gopher));
    running_server server{dir.path()};
    const auto robots = gemini_fetch(server.gemini_port(), "gemini://localhost/robots.txt");
    REQUIRE(robots);
    CHECK(robots->header == "20 text/plain; charset=utf-8");
    CHECK(robots->body.find("\nUser-agent: *\nDisallow: /search\n") != std::string::npos);
    CHECK(robots->body.find("webproxy\nDisallow: /") == std::string::npos);  // web proxies are welcome by default
    for (const char* selector : {"robots.txt\r\n", "/robots.txt\r\n"}) {
        const auto g = gopher_fetch(server.gopher_port(), selector);
        REQUIRE(g);
        CHECK(g->find("User-agent: *\nDisallow: /search\n") != std::string::npos);
    }
    const auto icon = gemini_fetch(server.gemini_port(), "gemini://localhost/favicon.txt");
    REQUIRE(icon);
    CHECK(icon->header.starts_with("51"));
}

TEST_CASE("[robots] shapes the generated robots.txt, a capsule's robots.txt replaces it, site.favicon is served")
{
    scratch_dir dir;
    write_text(dir.path() / "capsule" / "index.md", "Home.\n");
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"T\"\nfavicon = \"\xF0\x9F\x93\x9A\"\n",
                               std::string{loopback_gopher} + "[robots]\ndisallow = [\"/private/\"]\nwebproxy = false\n"));
    {
        running_server server{dir.path()};
        const auto robots = gemini_fetch(server.gemini_port(), "gemini://localhost/robots.txt");
        REQUIRE(robots);
        CHECK(robots->body.find("User-agent: *\nDisallow: /private/\n\nUser-agent: webproxy\nDisallow: /\n") !=
              std::string::npos);
        CHECK(robots->body.find("/search") == std::string::npos);
        const auto icon = gemini_fetch(server.gemini_port(), "gemini://localhost/favicon.txt");
        REQUIRE(icon);
        CHECK(icon->header == "20 text/plain; charset=utf-8");
        CHECK(icon->body == "\xF0\x9F\x93\x9A\n");
    }
    scratch_dir own;  // a server of its own: the harness keeps its output beside the config
    write_text(own.path() / "capsule" / "index.md", "Home.\n");
    write_text(own.path() / "capsule" / "robots.txt", "User-agent: archiver\nDisallow: /\n");
    write_text(own.path() / "smolpub.toml", read_file(dir.path() / "smolpub.toml"));
    running_server server{own.path()};
    const auto robots = gemini_fetch(server.gemini_port(), "gemini://localhost/robots.txt");
    REQUIRE(robots);
    CHECK(robots->header.starts_with("20 text/plain"));
    CHECK(robots->body == "User-agent: archiver\nDisallow: /\n");
    const auto g = gopher_fetch(server.gopher_port(), "robots.txt\r\n");
    REQUIRE(g);
    CHECK(g->find("User-agent: archiver") != std::string::npos);
}

TEST_CASE("site.favicon refuses what is not one emoji")
{
    temp_dir dir;
    write_file(dir.path() / "capsule" / "index.md", "Home.\n");
    write_file(dir.path() / "smolpub.toml", "[site]\ncontent = \"capsule\"\nfavicon = \"my blog\"\n");
    const auto r = run_smolpub({"check", "--config", "smolpub.toml"}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.err.find("favicon must be one emoji") != std::string::npos);
}

TEST_CASE("with [http] on, the Gemini robots.txt turns web proxies away unless robots.webproxy says true")
{
    for (const bool said_true : {false, true}) {
        CAPTURE(said_true);
        scratch_dir dir;
        write_text(dir.path() / "capsule" / "index.md", "Home.\n");
        write_text(dir.path() / "smolpub.toml",
                   loopback_config("title = \"T\"\n", std::string{"[http]\nlisten = [\"127.0.0.1:0\"]\n"} +
                                                          (said_true ? "[robots]\nwebproxy = true\n" : "")));
        running_server server{dir.path()};
        const auto robots = gemini_fetch(server.gemini_port(), "gemini://localhost/robots.txt");
        REQUIRE(robots);
        CHECK((robots->body.find("User-agent: webproxy\nDisallow: /\n") != std::string::npos) == !said_true);
    }
}
