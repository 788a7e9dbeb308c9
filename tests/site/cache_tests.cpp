// SPDX-License-Identifier: ISC
// Pages rendered on demand into the shared page cache (issue 13): what a reload keeps,
// what it renders again, and that one snapshot never answers with another's pages.
#include <doctest/doctest.h>

#include <string>

#include "site/page_cache.hpp"
#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

namespace {

std::shared_ptr<const site> build_with(const tree& c, const std::shared_ptr<page_cache>& cache,
                                       const std::shared_ptr<const site>& previous = nullptr)
{
    return build_site(sample_settings(), c, {}, cache, previous);
}

std::string body_of(const site& s, std::string_view path)
{
    const auto r = s.route(path);
    REQUIRE(r.doc);
    return r.doc->body;
}

/// The cached pages of `s`: every path that route() answers from the cache without
/// rendering is counted by the cache staying the same size.
std::size_t pages_cached(const std::shared_ptr<page_cache>& cache) { return cache->count(); }

} // namespace

TEST_CASE("pages are rendered when first asked for, then answered from the cache")
{
    auto cache = std::make_shared<page_cache>(std::size_t{1} << 20);
    const auto s = build_with(sample_content(), cache);
    CHECK(pages_cached(cache) == 0);  // nothing rendered at load
    const auto first = s->route("/notes/hello.gmi");
    CHECK(pages_cached(cache) == 1);
    const auto again = s->route("/notes/hello.gmi");
    CHECK(again.doc == first.doc);  // the very same rendered page
    s->route_gopher("/notes/hello.gmi");
    s->route_gopher("/notes/hello.txt");
    CHECK(pages_cached(cache) == 1);  // the Gopher views are made from that page: not stored
}

TEST_CASE("Gopher views are made from the cached gemtext: nothing is stored twice")
{
    auto cache = std::make_shared<page_cache>(std::size_t{1} << 20);
    const auto s = build_with(sample_content(), cache);
    // A page first asked for over Gopher renders its gemtext into the cache ...
    const auto menu = s->route_gopher("/notes/hello.gmi");
    REQUIRE(menu.doc);
    CHECK(pages_cached(cache) == 1);
    const std::size_t bytes = cache->bytes();
    // ... which Gemini then answers with, and the other Gopher views are cut from.
    const auto page = s->route("/notes/hello.gmi");
    CHECK(pages_cached(cache) == 1);
    CHECK(menu.doc->body.find("Plain text version") != std::string::npos);
    CHECK(s->route_gopher("/notes/hello.txt").doc->body.find("Hello") != std::string::npos);
    CHECK(s->route_gopher("/notes/hello.gmi").doc->body == menu.doc->body);
    CHECK(s->route_gopher("/notes/").doc);
    CHECK(s->route_gopher("/").doc);
    CHECK(pages_cached(cache) == 3);  // hello, and the Gemini pages of /notes/ and /
    CHECK(cache->bytes() > bytes);
    CHECK(s->route("/notes/hello.gmi").doc == page.doc);
}

TEST_CASE("a reload keeps the renders of unchanged articles and renders the edited one again")
{
    auto cache = std::make_shared<page_cache>(std::size_t{1} << 20);
    const tree before = sample_content();
    const auto one = build_with(before, cache);
    const auto hello = one->route("/notes/hello.gmi").doc;
    const auto bread = one->route("/recipes/bread.gmi").doc;
    const auto bread_menu = one->route_gopher("/recipes/bread.gmi").doc;

    tree after = before;
    after.articles[0].set_body("Welcome back! Edited.\n");  // /notes/hello.gmi
    const auto two = build_with(after, cache, one);

    const auto bread_again = two->route("/recipes/bread.gmi").doc;
    CHECK(bread_again == bread);  // not rendered again: the same object from the cache
    CHECK(two->route_gopher("/recipes/bread.gmi").doc->body == bread_menu->body);
    const auto hello_again = two->route("/notes/hello.gmi").doc;
    CHECK(hello_again != hello);
    CHECK(hello_again->body.find("Edited.") != std::string::npos);
    CHECK(hello->body.find("Edited.") == std::string::npos);  // a page handed out before stays as it was
    // The old snapshot still answers with its own text: a request sees one snapshot.
    CHECK(one->route("/notes/hello.gmi").doc->body.find("Edited.") == std::string::npos);
    CHECK(body_of(*two, "/notes/hello.gmi").find("Edited.") != std::string::npos);
    // The edit shows in search, and only the edited article was indexed again.
    CHECK(two->search("edited", 5).size() == 1);
    CHECK(one->search("edited", 5).empty());
}

TEST_CASE("a retitled article invalidates the pages that show its title")
{
    auto cache = std::make_shared<page_cache>(std::size_t{1} << 20);
    const tree before = sample_content();
    const auto one = build_with(before, cache);
    const std::string notes = body_of(*one, "/notes/");
    const std::string neighbour = body_of(*one, "/notes/second.gmi");  // "Previous: Hello world"
    REQUIRE(neighbour.find("Hello world") != std::string::npos);

    tree after = before;
    after.articles[0].meta.title = "Hello again";
    const auto two = build_with(after, cache, one);
    CHECK(body_of(*two, "/notes/").find("Hello again") != std::string::npos);
    CHECK(body_of(*two, "/notes/second.gmi").find("Hello again") != std::string::npos);
    CHECK(body_of(*two, "/archive/").find("Hello again") != std::string::npos);
    CHECK(body_of(*one, "/notes/") == notes);
}

TEST_CASE("a reload drops the stale pages of the snapshot before from the cache")
{
    auto cache = std::make_shared<page_cache>(std::size_t{1} << 20);
    const tree before = sample_content();
    const auto one = build_with(before, cache);
    one->route("/notes/hello.gmi");
    one->route("/recipes/bread.gmi");
    REQUIRE(pages_cached(cache) == 2);
    tree after = before;
    after.articles[0].set_body("Changed.\n");
    const auto two = build_with(after, cache, one);
    CHECK(pages_cached(cache) == 2);  // building changes nothing: `one` is still served
    release_replaced_pages(*two, *one);  // the reload has succeeded
    CHECK(pages_cached(cache) == 1);  // bread kept, the old hello dropped
}

TEST_CASE("every page rendered on demand equals the page of a fresh site, with any cache size")
{
    const auto fresh = sample_site();
    for (const std::size_t limit : {std::size_t{0}, std::size_t{600}, std::size_t{1} << 20}) {
        CAPTURE(limit);
        auto cache = std::make_shared<page_cache>(limit);
        const auto s = build_with(sample_content(), cache);
        for (int round = 0; round < 2; ++round) {
            for (const auto& path : fresh->gemini_paths())
                CHECK(s->route(path).doc->body == fresh->route(path).doc->body);
            for (const auto& selector : fresh->gopher_selectors())
                CHECK(s->route_gopher(selector).doc->body == fresh->route_gopher(selector).doc->body);
            CHECK(cache->bytes() <= limit);
        }
    }
}
