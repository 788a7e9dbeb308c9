// SPDX-License-Identifier: ISC
// The real binary over plain TCP: what a Gopher client sees of the example capsule.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "loopback_config.hpp"
#include "server_harness.hpp"
#include "test_servers.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

// Menus advertise gopher.test:7070 (as behind NAT); the test reaches the real port.
constexpr std::string_view our_host = "gopher.test";
constexpr std::string_view our_port = "7070";

const std::string config = loopback_config("title = \"E2E capsule\"\nauthor = \"Tester\"\n",
                                            std::string{loopback_gopher} + "host = \"gopher.test\"\nport = 7070\n[limits]\nrequest_timeout = 1\n");

struct menu_item {
    char type = 'i';
    std::string display, selector, host, port;
};

std::vector<std::string> split(std::string_view s, std::string_view by)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = s.find(by, start);
        out.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos)
            return out;
        start = at + by.size();
    }
}

/// Checks the shape RFC 1436 gives a menu (CRLF lines, four fields, ".\r\n" at the end)
/// and returns its items.
std::vector<menu_item> parse_menu(std::string_view selector, std::string_view menu)
{
    CAPTURE(selector);
    REQUIRE(menu.ends_with("\r\n.\r\n"));
    menu.remove_suffix(3);
    std::vector<menu_item> items;
    auto lines = split(menu, "\r\n");
    lines.pop_back();  // after the last CRLF
    for (const auto& line : lines) {
        CAPTURE(line);
        CHECK(line.find('\n') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
        const auto fields = split(line, "\t");
        REQUIRE(fields.size() == 4);
        REQUIRE_FALSE(fields[0].empty());
        items.push_back({fields[0][0], fields[0].substr(1), fields[1], fields[2], fields[3]});
    }
    return items;
}

bool is_error_menu(std::string_view reply) { return reply.starts_with('3') && reply.find("\terror.host\t") != std::string_view::npos; }

struct gopher_hole : example_server {
    gopher_hole() : example_server(config) { REQUIRE(server->gopher_port() != 0); }
    std::string ask(std::string_view request, std::chrono::milliseconds limit = 5s)
    {
        auto reply = gopher_fetch(server->gopher_port(), request, limit);
        REQUIRE_MESSAGE(reply, "no complete answer to " << request);
        return *reply;
    }
    std::string get(std::string_view selector) { return ask(std::string{selector} + "\r\n"); }
};

} // namespace

TEST_CASE("gopher: every menu reached from the root is well formed and every local item resolves")
{
    gopher_hole hole;
    std::deque<menu_item> queue{{'1', "root", "/", std::string{our_host}, std::string{our_port}}};
    std::set<std::string> seen{"/"};
    std::set<std::string> others;  // files and URL: links: fetched once, not crawled
    std::map<std::string, std::vector<menu_item>> menus;
    std::map<std::string, std::string> texts;
    std::size_t fetched = 0;
    while (!queue.empty() && fetched < 400) {
        const menu_item item = queue.front();
        queue.pop_front();
        const std::string reply = hole.get(item.selector);
        ++fetched;
        CAPTURE(item.selector);
        CHECK_FALSE(is_error_menu(reply));
        if (item.type == '0') {
            CHECK_FALSE(reply.empty());
            texts[item.selector] = reply;
            continue;
        }
        auto items = parse_menu(item.selector, reply);
        for (const auto& next : items) {
            if (next.host != our_host)
                continue;
            CHECK(next.port == our_port);
            if ((next.type == '0' || next.type == '1') && seen.insert(next.selector).second)
                queue.push_back(next);
            else if (std::string_view{"9Igh"}.find(next.type) != std::string_view::npos &&
                     others.insert(next.selector).second)
                CHECK_MESSAGE(!is_error_menu(hole.get(next.selector)), next.type << next.selector);
        }
        menus[item.selector] = std::move(items);
    }
    CHECK(queue.empty());  // the capsule is small: the crawl must have finished
    CHECK(menus.size() > 3);
    CHECK_FALSE(others.empty());

    // An article: a menu one level below a category, with its plain-text twin and comments.
    bool found_twin = false, found_comments = false;
    for (const auto& [selector, items] : menus) {
        if (!selector.ends_with(".gmi") || std::count(selector.begin(), selector.end(), '/') < 2)
            continue;
        const std::string twin = selector.substr(0, selector.size() - 4) + ".txt";
        for (const auto& i : items) {
            if (i.type == '0' && i.selector == twin) {
                found_twin = true;
                REQUIRE(texts.contains(twin));
                CHECK(texts[twin].find('\t') == std::string::npos);  // text, not a menu
            }
            if (i.type == '0' && i.selector.find("comments") != std::string::npos) {
                found_comments = true;
                REQUIRE(texts.contains(i.selector));
            }
        }
    }
    CHECK(found_twin);
    CHECK(found_comments);
}

TEST_CASE("gopher: search by TAB and by ?query finds an article")
{
    gopher_hole hole;
    const auto root = parse_menu("/", hole.get("/"));
    // The last word of the first dated article link ("2024-09-14 - Heron at the weir").
    std::string word, article;
    for (const auto& i : root)
        if (i.type == '1' && i.selector.ends_with(".gmi") && i.display.find(" - ") != std::string::npos) {
            word = i.display.substr(i.display.rfind(' ') + 1);
            article = i.selector;
            break;
        }
    REQUIRE(word.size() > 2);

    for (const std::string& request : {"/search\t" + word + "\r\n", "/search?" + word + "\r\n"}) {
        CAPTURE(request);
        const auto items = parse_menu("/search", hole.ask(request));
        CHECK(std::any_of(items.begin(), items.end(), [&](const menu_item& i) { return i.selector == article; }));
    }
    const auto prompt = parse_menu("/search", hole.get("/search"));
    CHECK(std::any_of(prompt.begin(), prompt.end(), [](const menu_item& i) {
        return i.type == '7' && i.selector == "/search" && i.host == our_host;
    }));
}

TEST_CASE("gopher: the selectors the server answers itself")
{
    gopher_hole hole;
    SUBCASE("caps.txt")
    {
        const std::string caps = hole.get("caps.txt");
        CHECK(caps.starts_with("CAPS\r\n"));
        CHECK(caps.find("PathDelimeter=/\r\n") != std::string::npos);
        CHECK(caps.find("ServerSoftware=smolpub\r\n") != std::string::npos);
    }
    SUBCASE("URL: links")
    {
        const std::string page = hole.get("URL:https://example.org/a?b=<c>");
        CHECK(page.find("http-equiv=\"refresh\"") != std::string::npos);
        CHECK(page.find("https://example.org/a?b=&lt;c&gt;") != std::string::npos);
        CHECK(is_error_menu(hole.get("URL:javascript:alert(1)")));
    }
    SUBCASE("unknown selectors")
    {
        const std::string reply = hole.get("/no/such/thing");
        CHECK(reply.starts_with("3Not found: /no/such/thing\t\terror.host\t1\r\n"));
        parse_menu("/no/such/thing", reply);
    }
}

TEST_CASE("gopher: Gopher+, HTTP and malformed requests get an answer and never hang")
{
    gopher_hole hole;
    const std::string root = hole.get("/");
    SUBCASE("a bare LF ends a selector as well as CRLF")
    {
        CHECK(hole.ask("/\n") == root);
        CHECK(hole.ask("\r\n") == root);
    }
    SUBCASE("\\t+ is the normal reply after +-2")
    {
        CHECK(hole.ask("/\t+\r\n") == "+-2\r\n" + root);
    }
    SUBCASE("\\t! and \\t$ get a minimal attribute block")
    {
        for (const char* request : {"/\t!\r\n", "/\t$\r\n"}) {
            CAPTURE(request);
            const std::string block = hole.ask(request);
            CHECK(block.starts_with("+-1\r\n+INFO: 1E2E capsule\t/\tgopher.test\t7070\r\n"));
            CHECK(block.ends_with("\r\n.\r\n"));
        }
    }
    SUBCASE("HTTP")
    {
        const std::string http = hole.ask("GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n");
        CHECK(http.starts_with("HTTP/1.0 400 Bad Request\r\n"));
        CHECK(http.find("gopher://gopher.test:7070/") != std::string::npos);
    }
    SUBCASE("control characters, bad UTF-8, over-long lines")
    {
        for (const std::string& request : {std::string{"/a\x01z\r\n"}, std::string{"/a\0z\r\n", 6}, std::string{"/\xff\r\n"},
                                          "/" + std::string(2000, 'a') + "\r\n"}) {
            CAPTURE(request.size());
            const std::string reply = hole.ask(request);
            CHECK(is_error_menu(reply));
            parse_menu("(malformed)", reply);
        }
    }
    SUBCASE("an over-long line without an end is answered without waiting for one")
    {
        const auto started = std::chrono::steady_clock::now();
        CHECK(is_error_menu(hole.ask(std::string(1100, 'a'), 3s)));
        CHECK(std::chrono::steady_clock::now() - started < 900ms);  // before request_timeout
    }
    SUBCASE("an idle connection is closed after request_timeout, without a reply")
    {
        const auto started = std::chrono::steady_clock::now();
        CHECK(hole.ask("", 5s).empty());
        const auto took = std::chrono::steady_clock::now() - started;
        CHECK(took >= 900ms);
        CHECK(took < 4s);
    }
}

TEST_CASE("gopher: one access-log line per request, with the Gopher status")
{
    gopher_hole hole;
    hole.get("/");
    hole.get("/missing");
    hole.ask("GET / HTTP/1.0\r\n\r\n");
    // The line is queued before the connection closes and written by the log's own thread
    // a moment later (net/access_log.hpp): wait for the last one.
    std::string log = hole.server->output();
    for (int tries = 0; tries < 100 && log.find(" gopher gopher.test / 400 ") == std::string::npos; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
        log = hole.server->output();
    }
    CHECK(log.find(" gopher gopher.test / 0 ") != std::string::npos);
    CHECK(log.find(" gopher gopher.test /missing 3 ") != std::string::npos);
    CHECK(log.find(" gopher gopher.test / 400 ") != std::string::npos);
}
