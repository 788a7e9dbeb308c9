// SPDX-License-Identifier: ISC
// With `listen = ["127.0.0.1:0"]` the port the kernel picked is the site's port: a request
// naming it is answered, not refused as another port (53), before and after a reload.
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <thread>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "test_servers.hpp"
#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

TEST_CASE_FIXTURE(home_server, "a :0 listener's bound port is used as gemini.port, also after SIGHUP")
{
    const std::string url = "gemini://localhost:" + std::to_string(server.gemini_port()) + "/";
    const auto first = gemini_fetch(server.gemini_port(), url);
    REQUIRE(first);
    INFO(first->header);
    CHECK(first->header.starts_with("20 "));
    const auto other = gemini_fetch(server.gemini_port(), "gemini://localhost:1/");
    REQUIRE(other);
    CHECK(other->header.starts_with("53 "));  // the port check itself still works

    server.signal(SIGHUP, false);
    REQUIRE(eventually([&] { return server.output().find("smolpub: reloaded") != std::string::npos; }, 5s));
    const auto after = gemini_fetch(server.gemini_port(), url);
    REQUIRE(after);
    CHECK(after->header.starts_with("20 "));
}

TEST_CASE("a :0 gopher listener's bound port is the port every menu item names")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml", loopback_config("title = \"T\"\n", loopback_gopher));
    write_text(dir.path() / "capsule" / "index.md", "Home.\n");
    write_text(dir.path() / "capsule" / "about.md", "+++\ntitle = \"About\"\n+++\nMe.\n");
    running_server server(dir.path());
    REQUIRE(server.gopher_port() != 0);
    const auto menu = gopher_fetch(server.gopher_port(), "\r\n");
    REQUIRE(menu);
    INFO(*menu);
    CHECK(menu->find("\tlocalhost\t" + std::to_string(server.gopher_port()) + "\r\n") != std::string::npos);
    CHECK(menu->find("\tlocalhost\t70\r\n") == std::string::npos);
}
