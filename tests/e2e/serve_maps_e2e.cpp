// SPDX-License-Identifier: ISC
// Issue 24: the serving process maps only what serving needs. The importer's libraries
// (libxml2, ICU, liblzma) live in smolpub-import, which `smolpub import` execs.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "server_harness.hpp"

using namespace smolpub::e2e;

TEST_CASE("smolpub serve maps neither libxml2 nor ICU nor liblzma")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    write_text(dir.path() / "smolpub.toml", "[site]\ncontent = \"capsule\"\n[gemini]\nlisten = [\"127.0.0.1:0\"]\n");
    running_server server{dir.path()};
    REQUIRE(gemini_fetch(server.gemini_port(), "gemini://localhost/"));

    std::ifstream maps{"/proc/" + std::to_string(server.pid()) + "/maps"};
    REQUIRE(maps);
    std::stringstream text;
    text << maps.rdbuf();
    const auto mapped = text.str();
    REQUIRE(mapped.find("libssl") != std::string::npos);  // the file is really the server's maps
    CHECK(mapped.find("libxml2") == std::string::npos);
    CHECK(mapped.find("libicu") == std::string::npos);
    CHECK(mapped.find("liblzma") == std::string::npos);
}
