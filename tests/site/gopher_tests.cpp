// SPDX-License-Identifier: ISC
// The Gopher view: menus and text pages made from the same gemtext as the Gemini pages.
#include <doctest/doctest.h>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

namespace {

struct menu_item {
    char type = 0;
    std::string display, selector, host, port;
};

/// Parses a site's menu (its items: the final "." is gopher/response's); fails the test on
/// any malformed line.
std::vector<menu_item> parse_menu(const std::string& reply)
{
    REQUIRE_MESSAGE(reply.ends_with("\r\n"), reply);
    REQUIRE_MESSAGE(!reply.ends_with("\r\n.\r\n"), reply);
    std::vector<menu_item> items;
    const auto lines = lines_of(reply.substr(0, reply.size() - 2), "\r\n");
    for (const auto& line : lines) {
        CHECK_MESSAGE(std::count(line.begin(), line.end(), '\t') == 3, line);
        if (std::count(line.begin(), line.end(), '\t') != 3)
            continue;
        menu_item item;
        item.type = line[0];
        std::size_t a = line.find('\t'), b = line.find('\t', a + 1), c = line.find('\t', b + 1);
        item.display = line.substr(1, a - 1);
        item.selector = line.substr(a + 1, b - a - 1);
        item.host = line.substr(b + 1, c - b - 1);
        item.port = line.substr(c + 1);
        items.push_back(item);
    }
    return items;
}

std::string gopher_page(const site& s, std::string_view selector)
{
    const route_result r = s.route_gopher(selector);
    REQUIRE_MESSAGE(r.what == route_result::outcome::found, "no gopher item at " << selector);
    return served_bytes(*r.doc);
}

const menu_item* find_item(const std::vector<menu_item>& items, char type, std::string_view selector)
{
    for (const auto& i : items)
        if (i.type == type && i.selector == selector)
            return &i;
    return nullptr;
}

} // namespace

TEST_CASE("the home menu links the search (type 7) and the Gemini version (h)")
{
    const auto s = sample_site();
    const std::string home = gopher_page(*s, "");
    CHECK(home == gopher_page(*s, "/"));
    const auto items = parse_menu(home);
    const menu_item* search = find_item(items, '7', "/search");
    REQUIRE(search);
    CHECK(search->host == "gopher.example.org");
    CHECK(search->port == "7070");
    CHECK(find_item(items, 'h', "URL:gemini://example.org/"));
    CHECK(find_item(items, '1', "/notes/hello.gmi"));
    CHECK(find_item(items, '1', "/my stuff/"));
    CHECK(find_item(items, '1', "/archive/"));
    CHECK(find_item(items, '1', "/tags/"));
}

TEST_CASE("a category menu starts with Home and Up")
{
    const auto s = sample_site();
    const auto items = parse_menu(gopher_page(*s, "/notes/rust/"));
    REQUIRE(items.size() > 2);
    CHECK(items[0].type == '1');
    CHECK(items[0].selector == "/");
    CHECK(items[0].display == "Home");
    CHECK(items[1].selector == "/notes/");
    CHECK(items[1].display == "Up: Notes");
    CHECK(find_item(items, '1', "/notes/rust/ownership.gmi"));
}

TEST_CASE("an article menu has breadcrumbs, body and a footer with the plain-text twin")
{
    const auto s = sample_site();
    const auto items = parse_menu(gopher_page(*s, "/notes/hello.gmi"));
    REQUIRE(items.size() > 4);
    CHECK(items[0].selector == "/");
    CHECK(items[1].selector == "/notes/");
    CHECK(find_item(items, '1', "/recipes/bread.gmi"));  // a body link, as a typed item
    const menu_item* comments = find_item(items, '0', "/notes/hello/comments.txt");
    REQUIRE(comments);
    CHECK(comments->display == "Comments (3)");
    CHECK(find_item(items, '0', "/notes/hello.txt"));
    CHECK(find_item(items, '1', "/notes/first.gmi"));
    CHECK(items[items.size() - 2].display == "Up: Notes");
    CHECK(items.back().display == "Home");
}

TEST_CASE("the plain-text twin has the breadcrumb on top and references at the end")
{
    const auto s = sample_site();
    const std::string text = gopher_page(*s, "/notes/hello.txt");
    CHECK(text.starts_with("Home > Notes\r\n"));
    CHECK(text.find("Hello world\r\n") != std::string::npos);
    CHECK(index_of(text, "Welcome!") < index_of(text, "[1] gopher://gopher.example.org:7070/1/recipes/bread.gmi"));
    CHECK(!text.ends_with(".\r\n"));
    for (const auto& line : lines_of(text, "\r\n"))
        CHECK(!line.starts_with("."));

    const std::string thread = gopher_page(*s, "/notes/hello/comments.txt");
    CHECK(thread.starts_with("Home > Notes > Hello world\r\n"));
    CHECK(index_of(thread, "Dave") < index_of(thread, "Bob"));
    CHECK(index_of(thread, "Bob") < index_of(thread, "↳ Carol"));
    CHECK(thread.find("Comments are closed.") != std::string::npos);
}

TEST_CASE("strict RFC 1436 leaves the site's text unframed: dot-stuffing is gopher/response's")
{
    site_settings settings = sample_settings();
    settings.strict_rfc1436 = true;
    tree c = sample_content();
    c.articles[3].set_body("Line one.\n\n```\n.hidden\n..\n```\n");
    const auto s = build_site(settings, c, {}, test_cache());
    const std::string text = gopher_page(*s, "/recipes/bread.txt");
    CHECK(text.ends_with("\r\n"));
    CHECK(!text.ends_with("\r\n.\r\n"));
    CHECK(text == gopher_page(*build_site(sample_settings(), c, {}, test_cache()), "/recipes/bread.txt"));
}

TEST_CASE("selectors that redirect on Gemini are answered directly on Gopher")
{
    const auto s = sample_site();
    CHECK(gopher_page(*s, "/old/ownership.html") == gopher_page(*s, "/notes/rust/ownership.gmi"));
    CHECK(gopher_page(*s, "/notes") == gopher_page(*s, "/notes/"));
    CHECK(gopher_page(*s, "/my%20stuff/") == gopher_page(*s, "/my stuff/"));
    CHECK(gopher_page(*s, "/notes/hello/comments.gmi") == gopher_page(*s, "/notes/hello/comments.txt"));
    CHECK(s->route_gopher("/nope").what == route_result::outcome::not_found);
}

TEST_CASE("static files are served from the disk, never held in memory, with their item type")
{
    const auto dir = std::filesystem::temp_directory_path() / ("smolpub-site-static-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0');
    std::ofstream(dir / "cat.png", std::ios::binary) << png;
    std::ofstream(dir / "extra.gmi", std::ios::binary) << "# Extra\n=> /notes/hello.gmi Hello\n";
    tree c = sample_content();
    c.files.push_back({dir / "cat.png", "/images/cat.png", "image/png"});
    c.files.push_back({dir / "extra.gmi", "/notes/extra.gmi", "text/gemini"});
    const auto s = build_site(sample_settings(), c, {}, test_cache());

    const route_result r = s->route("/images/cat.png");
    REQUIRE(r.what == route_result::outcome::found);
    CHECK(r.doc->mime == "image/png");
    CHECK(r.doc->body.empty());  // only where the file is, not its bytes
    CHECK(served_bytes(*r.doc) == png);
    CHECK(served_bytes(*s->route_gopher("/images/cat.png").doc) == png);
    CHECK(s->route("/images/").what == route_result::outcome::redirect);
    const auto items = parse_menu(gopher_page(*s, "/notes/hello.gmi"));
    CHECK(find_item(items, 'I', "/images/cat.png"));

    // A hand-written gemtext file is served as is on Gemini and as a menu on Gopher.
    CHECK(page(*s, "/notes/extra.gmi") == "# Extra\n=> /notes/hello.gmi Hello\n");
    CHECK(find_item(parse_menu(gopher_page(*s, "/notes/extra.gmi")), '1', "/notes/hello.gmi"));

    // Deleted after the load: still routed (the reload will drop it), but it no longer
    // opens, which the server answers with "not found".
    std::filesystem::remove_all(dir);
    REQUIRE(s->route("/images/cat.png").doc->file);
    CHECK_FALSE(file_stream::open(*s->route("/images/cat.png").doc->file));
}

TEST_CASE("a hand-written .gmi's Gopher menu is read from the disk only where reads are allowed")
{
    const auto dir = std::filesystem::temp_directory_path() / ("smolpub-site-deferred-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "extra.gmi", std::ios::binary) << "# Extra\n=> /notes/hello.gmi Hello\n";
    tree c = sample_content();
    c.files.push_back({dir / "extra.gmi", "/notes/extra.gmi", "text/gemini"});
    const auto s = build_site(sample_settings(), c, {}, test_cache());

    // On the event loop: found, but not made (that would read the file).
    const route_result later = s->route_gopher("/notes/extra.gmi", disk_reads::deferred);
    CHECK(later.what == route_result::outcome::found);
    CHECK(later.needs_disk);
    CHECK_FALSE(later.doc);
    // The same through answer_gopher(), the way the Gopher handler asks.
    CHECK(s->answer_gopher("/notes/extra.gmi", std::nullopt, disk_reads::deferred).needs_disk);
    // Generated pages need no disk: answered at once.
    const route_result generated = s->route_gopher("/notes/hello.gmi", disk_reads::deferred);
    CHECK_FALSE(generated.needs_disk);
    CHECK(generated.doc);
    // Off the loop the menu is made; from then on the cache answers, deferred or not.
    const route_result made = s->route_gopher("/notes/extra.gmi", disk_reads::allowed);
    REQUIRE(made.doc);
    CHECK(find_item(parse_menu(made.doc->body), '1', "/notes/hello.gmi"));
    const route_result cached = s->route_gopher("/notes/extra.gmi", disk_reads::deferred);
    CHECK_FALSE(cached.needs_disk);
    CHECK(cached.doc == made.doc);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the bare search selector answers with a menu explaining the search")
{
    const auto s = sample_site();
    const auto items = parse_menu(gopher_page(*s, "/search"));
    CHECK(find_item(items, '1', "/"));
}

TEST_CASE("every menu item on our host leads to a Gopher page")
{
    const auto s = sample_site();
    std::deque<std::string> queue{"/"};
    std::set<std::string> seen{"/"};
    std::size_t menus = 0, texts = 0;
    while (!queue.empty()) {
        const std::string sel = queue.front();
        queue.pop_front();
        const route_result r = s->route_gopher(sel);
        REQUIRE_MESSAGE(r.what == route_result::outcome::found, sel);
        if (r.doc->mime.find("gopher-menu") == std::string::npos) {
            ++texts;
            continue;
        }
        ++menus;
        for (const auto& item : parse_menu(r.doc->body)) {
            if (item.type == 'i' || item.type == 'h' || item.type == '7' || item.host != "gopher.example.org")
                continue;
            CHECK(item.port == "7070");
            if (seen.insert(item.selector).second)
                queue.push_back(item.selector);
        }
    }
    CHECK(menus >= 12);
    CHECK(texts >= 7);  // six article twins and one thread
}
