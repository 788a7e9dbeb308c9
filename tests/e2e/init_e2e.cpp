// SPDX-License-Identifier: ISC
// `smolpub init`: the starter capsule checks clean, serves its pages, and is never overwritten.
#include <doctest/doctest.h>

#include <string>

#include "cli_support.hpp"
#include "server_harness.hpp"

namespace smolpub::e2e {
namespace {

/// The starter config with its listeners moved to ports the kernel picks.
std::string on_ephemeral_ports(std::string config)
{
    for (const std::string fixed : {"listen = [\"127.0.0.1:1965\"]", "listen = [\"127.0.0.1:7070\"]"}) {
        const auto at = config.find("\n" + fixed + "\n");
        REQUIRE(at != std::string::npos);
        config.replace(at + 1, fixed.size(), "listen = [\"127.0.0.1:0\"]");
    }
    return config;
}

} // namespace

TEST_CASE("init writes a capsule that checks clean and serves its pages, a second init refuses")
{
    e2e::temp_dir dir;
    const auto made = run_smolpub({"init"}, dir.path());
    REQUIRE(made.code == 0);
    CHECK(made.out.find("smolpub serve") != std::string::npos);
    CHECK(made.out.find("gemini://localhost/") != std::string::npos);
    CHECK(made.out.find("gopher://localhost:7070/") != std::string::npos);
    CHECK(read_file(dir.path() / ".gitignore").find("/certs/") != std::string::npos);
    const std::string config = read_file(dir.path() / "smolpub.toml");
    CHECK(config.find("\nlisten = [\"127.0.0.1:7070\"]\n") != std::string::npos);
    CHECK(config.find("\nport = ") == std::string::npos);  // gopher.port follows the listener now
    CHECK(config.find("# recent = 10\n") != std::string::npos);

    const auto checked = run_smolpub({"check"}, dir.path());
    CHECK(checked.code == 0);
    CHECK(checked.out.find("no problems") != std::string::npos);

    SUBCASE("a second init refuses and changes nothing")
    {
        write_file(dir.path() / "content" / "about.md", "mine\n");
        const auto again = run_smolpub({"init", dir.path().string()}, dir.path());
        CHECK(again.code == 1);
        CHECK(again.err.find("already exists") != std::string::npos);
        CHECK(read_file(dir.path() / "content" / "about.md") == "mine\n");
        CHECK(read_file(dir.path() / "smolpub.toml") == config);
    }
    SUBCASE("the home page, the article and its comment page answer 20")
    {
        write_file(dir.path() / "smolpub.toml", on_ephemeral_ports(config));
        running_server server{dir.path()};
        const std::string base = "gemini://localhost:" + std::to_string(server.gemini_port());
        for (const std::string path : {"/", "/notes/hello.gmi", "/notes/hello/comments.gmi", "/about.gmi"}) {
            CAPTURE(path);
            const auto answer = gemini_fetch(server.gemini_port(), base + path + "\r\n");
            REQUIRE(answer);
            CHECK(answer->header.starts_with("20 "));
            // A new blog never had comments to close: site.comments = "none".
            CHECK(answer->body.find("Comments are closed.") == std::string::npos);
        }
        const auto menu = gopher_fetch(server.gopher_port(), "\r\n");
        REQUIRE(menu);
        CHECK(menu->find("Notes") != std::string::npos);
    }
}

} // namespace smolpub::e2e
