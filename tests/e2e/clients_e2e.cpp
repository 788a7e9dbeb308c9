// SPDX-License-Identifier: ISC
// Real Gopher clients (curl and lynx, installed by `run.sh test`) reading the real server:
// what a reader in a terminal sees.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "server_harness.hpp"

using namespace smolpub::e2e;

namespace {

/// Runs a program (bounded by `timeout`) and returns its stdout.
std::string run(const std::string& command)
{
    std::string out;
    FILE* pipe = ::popen(("timeout 20 " + command + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        out.append(buf.data(), n);
    ::pclose(pipe);
    return out;
}

/// `run.sh test` installs curl and lynx, so a missing one is a failure, not a skip.
void require_installed(const char* program)
{
    REQUIRE_MESSAGE(std::system((std::string{"command -v "} + program + " >/dev/null").c_str()) == 0,
                    program << " is not installed; ./run.sh test installs it");
}

struct gopher_hole {
    scratch_dir dir;
    std::optional<running_server> server;
    gopher_hole()
    {
        copy_example_capsule(dir.path());
        write_text(dir.path() / "smolpub.toml", "[site]\ntitle = \"Client check\"\ncontent = \"capsule\"\n"
                                                "[gemini]\nlisten = [\"127.0.0.1:0\"]\n"
                                                "[gopher]\nlisten = [\"127.0.0.1:0\"]\nhost = \"127.0.0.1\"\n");
        server.emplace(dir.path());
    }
    std::string url(std::string_view type_and_selector) const
    {
        return "gopher://127.0.0.1:" + std::to_string(server->gopher_port()) + "/" + std::string{type_and_selector};
    }
};

} // namespace

TEST_CASE("curl reads the Gopher home menu and an article's text")
{
    require_installed("curl");
    gopher_hole hole;
    const std::string menu = run("curl -s " + hole.url("1/"));
    CHECK(menu.find("iClient check\t\tnull.host\t1\r\n") != std::string::npos);
    CHECK(menu.find("12024-09-14 - Heron at the weir\t/notes/heron-at-the-weir.gmi\t127.0.0.1\t") != std::string::npos);
    const std::string text = run("curl -s " + hole.url("0/notes/heron-at-the-weir.txt"));
    CHECK(text.find("Heron at the weir\r\n=================\r\n") != std::string::npos);
}

TEST_CASE("lynx shows the menu, follows it to an article, and renders its text")
{
    require_installed("lynx");
    gopher_hole hole;
    const std::string menu = run("lynx -dump -nolist " + hole.url("1/"));
    CHECK(menu.find("Gopher Menu") != std::string::npos);
    CHECK(menu.find("(DIR) 2024-09-14 - Heron at the weir") != std::string::npos);
    CHECK(menu.find("Field notes") != std::string::npos);
    const std::string article = run("lynx -dump -nolist " + hole.url("1/notes/heron-at-the-weir.gmi"));
    CHECK(article.find("Heron at the weir") != std::string::npos);
    CHECK(article.find("(IMG) A sketch of the weir") != std::string::npos);
    CHECK(article.find("(FILE) Comments (4)") != std::string::npos);  // lynx calls type 0 FILE
    const std::string text = run("lynx -dump " + hole.url("0/notes/heron-at-the-weir.txt"));
    CHECK(text.find("Home > Field notes") != std::string::npos);
    CHECK(text.find("It never looks at the fish") != std::string::npos);
}
