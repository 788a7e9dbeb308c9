// SPDX-License-Identifier: ISC
// Reachability: a reader following only `=>` links from the home page finds every
// article and thread, never meets a 51, and can always go up one level.
#include <doctest/doctest.h>

#include <deque>
#include <set>

#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

namespace {

/// Follows redirects the way a client does (at most 5); returns the final outcome.
route_result follow(const site& s, std::string path, std::string& landed)
{
    for (int hop = 0; hop < 5; ++hop) {
        const route_result r = s.route(path);
        if (r.what != route_result::outcome::redirect) {
            landed = path;
            return r;
        }
        REQUIRE_MESSAGE(r.target.starts_with("/"), r.target);
        path = decoded(r.target);
    }
    FAIL("redirect chain too long at " << path);
    return {};
}

/// "/a/b/c.gmi" -> "/a/b/", "/a/b", "/a/", "/a", "/": what "go to parent" and URL
/// editing produce.
std::vector<std::string> prefixes_of(const std::string& path)
{
    std::vector<std::string> out;
    for (auto slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        out.push_back(path.substr(0, slash));
        out.push_back(path.substr(0, slash + 1));
    }
    out.push_back("/");
    return out;
}

} // namespace

TEST_CASE("walking the links from / reaches every article and thread, and no link is dead")
{
    const tree c = sample_content();
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    std::deque<std::string> queue{"/"};
    std::set<std::string> seen{"/"};
    std::set<std::string> pages;
    while (!queue.empty()) {
        const std::string from = queue.front();
        queue.pop_front();
        std::string landed;
        const route_result r = follow(*s, from, landed);
        REQUIRE_MESSAGE(r.what == route_result::outcome::found, "dead link: " << from);
        pages.insert(landed);
        if (!r.doc->mime.starts_with("text/gemini"))
            continue;
        for (const auto& l : links_of(r.doc->body)) {
            if (!l.url.starts_with("/"))
                continue;  // external, or an unknown .md target kept as written
            if (l.url.starts_with("/images/"))
                continue;  // the fixture links a picture it does not ship
            const std::string target = decoded(l.url);
            if (seen.insert(target).second)
                queue.push_back(target);
        }
    }
    for (const char* expected : {"/notes/hello.gmi", "/notes/second.gmi", "/notes/rust/ownership.gmi",
                                 "/recipes/bread.gmi", "/my stuff/a thing.gmi", "/notes/first.gmi",
                                 "/notes/hello/comments.gmi", "/about.gmi", "/archive/", "/tags/intro/",
                                 "/atom.xml", "/notes/rust/atom.xml"})
        CHECK_MESSAGE(pages.contains(expected), expected);
    CHECK(!pages.contains("/notes/draft.gmi"));

    // Every prefix of every page reached resolves: "go to parent" never hits a 51.
    for (const auto& p : pages)
        for (const auto& prefix : prefixes_of(p)) {
            std::string landed;
            CHECK_MESSAGE(follow(*s, prefix, landed).what == route_result::outcome::found, prefix << " (from " << p << ")");
        }
}

TEST_CASE("folders that only hold static files or aliases still answer")
{
    tree c = sample_content();
    c.articles[0].meta.aliases = {"/2019/05/old-blog/hello.html"};
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    for (const char* p : {"/2019/05/old-blog/hello.html", "/2019/05/old-blog/", "/2019/05/", "/2019/", "/2019"}) {
        std::string landed;
        CHECK_MESSAGE(follow(*s, p, landed).what == route_result::outcome::found, p);
    }
    std::string landed;
    follow(*s, "/2019/05/old-blog/hello.html", landed);
    CHECK(landed == "/notes/hello.gmi");
}

TEST_CASE("the lists of Gemini paths and Gopher selectors are sorted and all answer")
{
    const auto s = sample_site();
    const std::vector<std::string> gemini = s->gemini_paths();
    CHECK(std::is_sorted(gemini.begin(), gemini.end()));
    CHECK(std::find(gemini.begin(), gemini.end(), "/notes/hello/comments.gmi") != gemini.end());
    CHECK(std::find(gemini.begin(), gemini.end(), "/old/ownership.html") == gemini.end());  // a redirect
    for (const auto& p : gemini)
        CHECK_MESSAGE(s->route(p).what == route_result::outcome::found, p);
    const std::vector<std::string> gopher = s->gopher_selectors();
    CHECK(std::is_sorted(gopher.begin(), gopher.end()));
    CHECK(std::find(gopher.begin(), gopher.end(), "/notes/hello.txt") != gopher.end());
    for (const auto& p : gopher)
        CHECK_MESSAGE(s->route_gopher(p).what == route_result::outcome::found, p);
}

TEST_CASE("an empty capsule still has a home page and every index")
{
    const auto s = build_site(sample_settings(), tree{}, {}, test_cache());
    for (const char* p : {"/", "/archive/", "/tags/", "/atom.xml", "/search"})
        CHECK_MESSAGE(s->route(p).what == route_result::outcome::found, p);
    CHECK(s->route_gopher("").what == route_result::outcome::found);
    CHECK(s->summary().text().starts_with("loaded 0 articles, 0 comments, 0 categories in "));

    tree bare;  // no root category, one article
    bare.articles.push_back(sample_content().articles[3]);
    bare.articles[0].category = 7;
    const auto one = build_site(sample_settings(), bare, {}, test_cache());
    CHECK(one->route("/bread.gmi").what == route_result::outcome::found);
}

TEST_CASE("the load summary counts in plain English")
{
    load_summary one;
    one.articles = 1;
    one.comments = 1;
    one.categories = 1;
    CHECK(one.text() == "loaded 1 article, 1 comment, 1 category in 0 ms");
}
