// SPDX-License-Identifier: ISC
// The Atom feed as a feed reader sees it: Python's feedparser (Debian's python3-feedparser)
// reads the feed served over Gemini and finds each entry's text, not only its title.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "cli_support.hpp"
#include "server_harness.hpp"

namespace smolpub::e2e {
namespace {

/// What feedparser makes of `feed`: one line per entry, "title|summary|content type|content"
/// with newlines in the content shown as "\n"; "ERROR ..." when it could not parse it.
std::string feedparser_view(const fs::path& feed)
{
    const std::string script =
        "import sys, feedparser\n"
        "d = feedparser.parse(sys.argv[1])\n"
        "if d.bozo: print('ERROR', d.bozo_exception); sys.exit(0)\n"
        "for e in d.entries:\n"
        "    c = e.get('content', [{}])[0]\n"
        "    print(e.title, e.get('summary', ''), c.get('type', ''), c.get('value', '').replace('\\n', '\\\\n'), sep='|')\n";
    write_file(feed.parent_path() / "view.py", script);
    // Debian's own interpreter, where python3-feedparser is installed (a python3 earlier in
    // PATH, such as pyenv's, would not see it).
    const std::string command = "/usr/bin/python3 '" + (feed.parent_path() / "view.py").string() + "' '" + feed.string() + "' 2>&1";
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
            out.append(buffer, n);
        ::pclose(pipe);
    }
    return out;
}

} // namespace

TEST_CASE("feedparser reads the served Atom feed with each entry's gemtext and a summary")
{
    e2e::temp_dir dir;
    write_file(dir.path() / "smolpub.toml", loopback_config("title = \"Frost notes\"\n"));
    write_file(dir.path() / "capsule" / "notes" / "first-frost.md",
               "+++\ntitle = \"First frost\"\ndate = 2026-11-03\n+++\n"
               "The garden went white overnight.\n\nSee [the thaw](thaw.md) for what came after.\n");
    write_file(dir.path() / "capsule" / "notes" / "thaw.md",
               "+++\ntitle = \"Thaw\"\ndate = 2026-11-05\ndescription = \"Two days later.\"\n+++\n"
               "Everything dripped.\n");
    running_server server{dir.path()};
    const auto answer = gemini_fetch(server.gemini_port(), "gemini://localhost/atom.xml\r\n");
    REQUIRE(answer);
    REQUIRE(answer->header.starts_with("20 application/atom+xml"));
    write_file(dir.path() / "atom.xml", answer->body);

    const std::string view = feedparser_view(dir.path() / "atom.xml");
    INFO(view);
    REQUIRE(view.find("ERROR") == std::string::npos);
    const auto lines = lines_with(view, "|");
    REQUIRE(lines.size() == 2);
    // Newest first; a description is the summary, else the first paragraph.
    CHECK(lines[0] == "Thaw|Two days later.|text/gemini|Everything dripped.");  // feedparser trims the end
    CHECK(lines[1].starts_with("First frost|The garden went white overnight.|text/gemini|"
                               "The garden went white overnight.\\n"));
    // The link to the other article is absolute, so it works from the reader too.
    CHECK(lines[1].find("=> gemini://localhost") != std::string::npos);
    CHECK(lines[1].find("/notes/thaw.gmi") != std::string::npos);
}

} // namespace smolpub::e2e
