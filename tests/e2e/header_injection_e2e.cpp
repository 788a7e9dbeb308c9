// SPDX-License-Identifier: ISC
// Nothing of the content's making reaches a header or a menu line unchecked (issue 29): a
// `lang` holding CRLF is refused by check at its file and line, and the served Gemini
// header stays one line; the same for site.lang and an alias; a comment author holding a
// tab or CRLF stays inside its one Gopher line.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_support.hpp"
#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;

namespace {

// TOML basic strings turn \r \n \t escapes into the real characters.
constexpr std::string_view injected_lang = "lang = \"en\\r\\n20 text/html\"\n";

std::vector<std::string> crlf_lines(std::string_view s)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        const std::size_t at = s.find("\r\n", start);
        if (at == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            break;
        }
        out.emplace_back(s.substr(start, at - start));
        start = at + 2;
    }
    return out;
}

} // namespace

TEST_CASE("a lang holding CRLF is refused by check at its line, and the served header stays one line")
{
    scratch_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path notes = dir.path() / "capsule" / "notes";
    write_file(notes / "bad.md", "+++\ntitle = \"Bad\"\ndate = 2026-01-02\n" + std::string{injected_lang} + "+++\nBody.\n");
    write_file(notes / "good.md", "+++\ntitle = \"Good\"\ndate = 2026-01-03\nlang = \"de-CH\"\n+++\nGut.\n");

    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(lines_with(r.err, (notes / "bad.md").string() + ":4:8: 'lang' must be a BCP 47 language tag").size() == 1);
    CHECK(lines_with(r.err, (notes / "good.md").string()).empty());

    running_server server(dir.path());
    // The reload path reports it too, with the file, and serves the rest.
    CHECK(server.errors().find((notes / "bad.md").string() + ":4:8:") != std::string::npos);
    for (const char* url : {"gemini://localhost/notes/bad.gmi", "gemini://localhost/notes/good.gmi",
                            "gemini://localhost/notes/", "gemini://localhost/"}) {
        CAPTURE(url);
        const auto answer = gemini_fetch(server.gemini_port(), url);
        REQUIRE(answer);
        CHECK(answer->header.find('\r') == std::string::npos);
        CHECK(answer->header.find('\n') == std::string::npos);
        CHECK(answer->header.find("text/html") == std::string::npos);
        CHECK(answer->body.find("20 text/html") == std::string::npos);
    }
    const auto good = gemini_fetch(server.gemini_port(), "gemini://localhost/notes/good.gmi");
    REQUIRE(good);
    CHECK(good->header == "20 text/gemini; charset=utf-8; lang=de-CH");
}

TEST_CASE("a site.lang holding CRLF is refused by check at its line")
{
    scratch_dir dir;
    const fs::path config = dir.path() / "smolpub.toml";
    write_file(config, loopback_config(std::string{injected_lang}));
    fs::create_directories(dir.path() / "capsule");
    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    // loopback_config starts with a blank line, then [site]: lang is line 3.
    CHECK(lines_with(r.err, config.string() + ":3:8: lang must be a BCP 47 language tag").size() == 1);
}

TEST_CASE("an alias holding CRLF is refused by check, and never becomes a redirect header")
{
    scratch_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path notes = dir.path() / "capsule" / "notes";
    write_file(notes / "moved.md",
               "+++\ntitle = \"Moved\"\ndate = 2026-01-02\naliases = [\"/old\\r\\n20 text/html\"]\n+++\nHere now.\n");
    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(lines_with(r.err, (notes / "moved.md").string() + ":4:").size() == 1);

    running_server server(dir.path());
    const auto answer = gemini_fetch(server.gemini_port(), "gemini://localhost/old");
    REQUIRE(answer);
    CHECK(answer->header.find('\r') == std::string::npos);
    CHECK(answer->body.find("20 text/html") == std::string::npos);
}

TEST_CASE("a comment author holding a tab or CRLF stays inside its one Gopher line")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"T\"\n", std::string{loopback_gopher} + "host = \"localhost\"\n"));
    const fs::path notes = dir.path() / "capsule" / "notes";
    write_file(notes / "a.md", "+++\ntitle = \"A\"\ndate = 2026-01-02\n+++\nBody.\n");
    write_file(notes / "a.comments.toml",
               "[[comment]]\nauthor = \"Eve\\tfake\\r\\n1Injected\\t/x\\tevil.example\\t70\"\n"
               "date = 2026-01-03\nbody = \"Hello.\"\n");
    running_server server(dir.path());
    REQUIRE(server.gopher_port() != 0);

    const auto menu = gopher_fetch(server.gopher_port(), "/notes/a.gmi\r\n");
    REQUIRE(menu);
    INFO(*menu);
    std::vector<std::string> selectors;
    for (const std::string& line : crlf_lines(*menu)) {
        if (line == ".")
            break;
        CAPTURE(line);
        CHECK(line.find('\n') == std::string::npos);
        CHECK(std::count(line.begin(), line.end(), '\t') == 3);
        CHECK(line.find("evil.example") == std::string::npos);
        if (line.starts_with('0'))
            selectors.push_back(line.substr(line.find('\t') + 1, line.find('\t', line.find('\t') + 1) - line.find('\t') - 1));
    }
    bool saw_author = false;
    for (const std::string& selector : selectors) {
        const auto text = gopher_fetch(server.gopher_port(), selector + "\r\n");
        REQUIRE(text);
        for (const std::string& line : crlf_lines(*text)) {
            CAPTURE(line);
            CHECK_FALSE(line.starts_with("1Injected"));
            CHECK(line.find('\t') == std::string::npos);
            saw_author = saw_author || line.find("Eve") != std::string::npos;
        }
    }
    CHECK(saw_author);
}

TEST_CASE("a Gopher menu of a hand-written .gmi file over 1 MiB is refused with a clear message, not read")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"T\"\n", std::string{loopback_gopher} + "host = \"localhost\"\n"));
    write_text(dir.path() / "capsule" / "big.gmi", std::string(2 * 1024 * 1024, 'x') + "\n");
    write_text(dir.path() / "capsule" / "small.gmi", "# Small\nHello.\n");
    running_server server(dir.path());
    REQUIRE(server.gopher_port() != 0);
    const auto big = gopher_fetch(server.gopher_port(), "/big.gmi\r\n");
    REQUIRE(big);
    CHECK(big->find("too large for a Gopher menu") != std::string::npos);
    CHECK(big->size() < 4096);
    const auto small = gopher_fetch(server.gopher_port(), "/small.gmi\r\n");
    REQUIRE(small);
    CHECK(small->find("Hello.") != std::string::npos);
    // Gemini still streams the big file whole.
    const auto gemini = gemini_fetch(server.gemini_port(), "gemini://localhost/big.gmi");
    REQUIRE(gemini);
    CHECK(gemini->body.size() == 2 * 1024 * 1024 + 1);
}

TEST_CASE("a hand-written .gmi file that grew past 1 MiB after the load is refused over Gopher too")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"T\"\n", std::string{loopback_gopher} + "host = \"localhost\"\n"));
    const fs::path grown = dir.path() / "capsule" / "grown.gmi";
    write_text(grown, "# Small for now\n");
    running_server server(dir.path());
    REQUIRE(server.gopher_port() != 0);
    // Appended in place, no reload: the size the server knows is the old one.
    std::ofstream{grown, std::ios::app} << std::string(2 * 1024 * 1024, 'y') << '\n';
    const auto menu = gopher_fetch(server.gopher_port(), "/grown.gmi\r\n");
    REQUIRE(menu);
    CHECK(menu->find("too large for a Gopher menu") != std::string::npos);
    CHECK(menu->size() < 4096);
}
