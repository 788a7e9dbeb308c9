// SPDX-License-Identifier: ISC
// The real binary over real TLS: what a Gemini browser sees.
#include <doctest/doctest.h>

#include <chrono>
#include <deque>
#include <set>
#include <sstream>
#include <vector>

#include "loopback_config.hpp"
#include "server_harness.hpp"
#include "test_servers.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

const std::string config = loopback_config("title = \"E2E capsule\"\nauthor = \"Tester\"\n", "[limits]\nrequest_timeout = 1\n");

struct served_capsule : example_server {
    served_capsule() : example_server(config) {}
    gemini_answer get(std::string_view url)
    {
        auto a = gemini_fetch(server->gemini_port(), url);
        REQUIRE_MESSAGE(a, "no TLS answer for " << url);
        return *a;
    }
};

/// The local targets of a page's link lines, resolved against the page's own path.
std::vector<std::string> local_links(std::string_view page_path, const std::string& body)
{
    std::vector<std::string> out;
    std::istringstream lines{body};
    std::string line;
    bool preformatted = false;
    while (std::getline(lines, line)) {
        if (line.starts_with("```")) {
            preformatted = !preformatted;
            continue;
        }
        if (preformatted || !line.starts_with("=>"))
            continue;
        std::istringstream fields{line.substr(2)};
        std::string url;
        fields >> url;
        if (url.find("://") != std::string::npos || url.starts_with("mailto:"))
            continue;
        if (!url.starts_with("/")) {  // relative: resolve against the page's folder
            std::string base{page_path.substr(0, page_path.rfind('/') + 1)};
            while (url.starts_with("../")) {
                url.erase(0, 3);
                base.erase(base.rfind('/', base.size() - 2) + 1);
            }
            url = base + url;
        }
        out.push_back(url);
    }
    return out;
}

} // namespace

TEST_CASE("the home page is served for both the empty path and /, with close_notify")
{
    served_capsule s;
    const auto root = s.get("gemini://localhost/");
    CHECK(root.header == "20 text/gemini; charset=utf-8; lang=en");
    CHECK(root.body.starts_with("# E2E capsule\n"));
    CHECK(root.body.find("=> /notes/heron-at-the-weir.gmi 2024-09-14 - Heron at the weir") != std::string::npos);
    CHECK(root.close_notify);
    const auto empty = s.get("gemini://localhost");
    CHECK(empty.header == root.header);
    CHECK(empty.body == root.body);
}

TEST_CASE("an article has its breadcrumb, title and rendered body")
{
    served_capsule s;
    const auto a = s.get("gemini://localhost/notes/heron-at-the-weir.gmi");
    CHECK(a.header == "20 text/gemini; charset=utf-8; lang=en");
    CHECK(a.body.starts_with("=> / Home\n=> /notes/ Field notes\n\n# Heron at the weir\n"));
    CHECK(a.body.find("\n* It never looks at the fish") != std::string::npos);
    CHECK(a.body.find("=> /notes/heron-at-the-weir/comments.gmi Comments (4)") != std::string::npos);
    CHECK(a.body.find("**") == std::string::npos);  // no stray Markdown
}

TEST_CASE("each failure gets the status the spec gives it")
{
    served_capsule s;
    CHECK(s.get("gemini://localhost/no-such-page.gmi").header == "51 Not found");
    CHECK(s.get("gemini://localhost/notes").header == "31 /notes/");
    CHECK(s.get("/notes/").header.starts_with("59 "));
    CHECK(s.get("localhost/").header.starts_with("59 "));
    CHECK(s.get("gemini://user@localhost/").header.starts_with("59 "));
    CHECK(s.get("gemini://localhost/#frag").header.starts_with("59 "));
    CHECK(s.get("gemini://localhost/notes/../about.gmi").header.starts_with("59 "));
    CHECK(s.get("gemini://localhost/\xff").header.starts_with("59 "));
    CHECK(s.get("gemini://localhost/" + std::string(1100, 'a')).header.starts_with("59 "));
    CHECK(s.get("https://localhost/").header.starts_with("53 "));
    CHECK(s.get("gopher://localhost/").header.starts_with("53 "));
    CHECK(s.get("gemini://example.org/").header.starts_with("53 "));
    CHECK(s.get("gemini://localhost:1/").header.starts_with("53 "));
    // listen says :0: the port the kernel picked is ours (issue 29).
    CHECK(s.get("gemini://localhost:" + std::to_string(s.server->gemini_port()) + "/").header.starts_with("20 "));
    // Every answer, failures included, ends with a TLS close_notify.
    CHECK(s.get("gemini://localhost/nope").close_notify);
    CHECK(s.get("nonsense").close_notify);
}

TEST_CASE("a request ended by a bare LF gets no answer, and is closed at the request timeout")
{
    served_capsule s;
    const auto started = std::chrono::steady_clock::now();
    const auto a = gemini_fetch(s.server->gemini_port(), "gemini://localhost/\n", "localhost", true);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(!a);  // closed without a byte of answer
    CHECK(took >= 900ms);
    CHECK(took < 5s);
    // The server is still fine for the next client.
    CHECK(s.get("gemini://localhost/").header.starts_with("20 "));
}

TEST_CASE("following link lines from / reaches every article and comment page, and no link is dead")
{
    served_capsule s;
    std::set<std::string> seen{"/"};
    std::deque<std::string> queue{"/"};
    std::size_t articles = 0, comment_pages = 0;
    while (!queue.empty() && seen.size() < 500) {
        const std::string path = queue.front();
        queue.pop_front();
        const auto page = s.get("gemini://localhost" + path);
        INFO("path: " << path);
        // Every page answers; /search asks for its terms (10) as the spec has it.
        CHECK((page.header.starts_with("20 ") || page.header == "10 Search terms"));
        if (!page.header.starts_with("20 text/gemini"))
            continue;
        if (path.ends_with("/comments.gmi"))
            ++comment_pages;
        else if (path.find('/', 1) != std::string::npos && path.ends_with(".gmi"))
            ++articles;
        for (const auto& link : local_links(path, page.body))
            if (seen.insert(link).second)
                queue.push_back(link);
    }
    CHECK(articles == 6);       // every article of the example capsule
    CHECK(comment_pages == 1);  // the one article with an archive
}

TEST_CASE("Gemini is served on IPv4 and IPv6 alike")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    write_text(dir.path() / "smolpub.toml", "[site]\ncontent = \"capsule\"\n[gemini]\nlisten = [\"127.0.0.1:0\", \"[::1]:0\"]\n");
    running_server server{dir.path()};
    REQUIRE(server.gemini_port_v6() != 0);
    const auto v4 = gemini_fetch(server.gemini_port(), "gemini://localhost/");
    const auto v6 = gemini_fetch(server.gemini_port_v6(), "gemini://localhost/", "localhost", false, 10s, true);
    REQUIRE(v4);
    REQUIRE(v6);
    CHECK(v4->header.starts_with("20 "));
    CHECK(v6->header == v4->header);
    CHECK(v6->body == v4->body);
}

TEST_CASE("the capsule's .well-known/ is served over Gemini and Gopher, other dotfiles are not")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    write_text(dir.path() / "capsule" / ".well-known" / "security.txt", "Contact: mailto:sec@example.org\n");
    write_text(dir.path() / "capsule" / ".git" / "config", "[core]\nsecret = yes\n");
    write_text(dir.path() / "smolpub.toml", loopback_config("title = \"E2E\"\n", loopback_gopher));
    running_server server{dir.path()};
    const auto sec = gemini_fetch(server.gemini_port(), "gemini://localhost/.well-known/security.txt");
    REQUIRE(sec);
    CHECK(sec->header.starts_with("20 text/plain"));
    CHECK(sec->body == "Contact: mailto:sec@example.org\n");
    const auto git = gemini_fetch(server.gemini_port(), "gemini://localhost/.git/config");
    REQUIRE(git);
    CHECK(git->header.starts_with("51"));
    const auto gsec = gopher_fetch(server.gopher_port(), "/.well-known/security.txt\r\n");
    REQUIRE(gsec);
    CHECK(gsec->find("Contact: mailto:sec@example.org") != std::string::npos);
    const auto ggit = gopher_fetch(server.gopher_port(), "/.git/config\r\n");
    REQUIRE(ggit);
    CHECK(ggit->find("secret") == std::string::npos);
}
