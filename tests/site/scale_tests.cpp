// SPDX-License-Identifier: ISC
// Build cost at the size the project promises: 10,000 articles and 50,000 comments.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <iostream>

#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

namespace {

tree big_capsule(std::size_t articles, std::size_t comments_each)
{
    tree c;
    c.root = "/big";
    c.categories.push_back({});
    for (std::size_t k = 0; k < 20; ++k) {
        category cat;
        cat.path = "cat" + std::to_string(k);
        cat.title = "Category " + std::to_string(k);
        c.categories.push_back(std::move(cat));
        c.categories[0].subcategories.push_back(c.categories.size() - 1);
    }
    const std::string paragraph =
        "Some *emphasis*, a [link to the first](../cat0/a0.md) and [elsewhere](gemini://example.net/x). "
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\n\n";
    for (std::size_t i = 0; i < articles; ++i) {
        article a;
        a.category = 1 + i % 20;
        a.slug = "a" + std::to_string(i);
        a.source = "/big/" + c.categories[a.category].path + "/" + a.slug + ".md";
        a.meta.title = "Article number " + std::to_string(i);
        a.meta.date = day(2000 + static_cast<int>(i % 26), 1 + static_cast<int>(i % 12), 1 + static_cast<int>(i % 28));
        a.meta.tags = {"tag" + std::to_string(i % 50)};
        a.set_body("# Heading\n\n" + paragraph + paragraph + "* one\n* two\n\n" + paragraph);
        std::vector<comment> comments;
        for (std::size_t j = 0; j < comments_each; ++j)
            comments.push_back(make_comment("c" + std::to_string(j), j ? "c" + std::to_string(j - 1) : "",
                                              "Reader", day(2026, 1, 1 + static_cast<int>(j)),
                                              "A comment with a [link](https://example.com/).\n"));
        a.set_comments(comments);
        c.categories[a.category].articles.push_back(c.articles.size());
        c.articles.push_back(std::move(a));
        c.comment_count += comments_each;
    }
    return c;
}

} // namespace

// Sanitizer builds run about 30 times slower: they check the same code on a fifth of
// the capsule.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t scale_articles = 2'000;
#else
constexpr std::size_t scale_articles = 10'000;
#endif

TEST_CASE("10,000 articles and 50,000 comments build in seconds, not minutes")
{
    const tree c = big_capsule(scale_articles, 5);
    // CPU time of the whole process (every thread), not wall time: the test machine is
    // shared, and waiting for a core says nothing about our work.
    const std::clock_t cpu_start = std::clock();
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::cout << "site scale: " << s->summary().text() << ", " << cpu_ms << " ms of CPU\n";
    CHECK(s->summary().articles == scale_articles);
    CHECK(s->summary().comments == 5 * scale_articles);
    CHECK(s->summary().categories == 20);
    // About 1 s of CPU on the development machine; the bound leaves room for debug
    // builds while still catching anything quadratic (which takes minutes here).
    CHECK(cpu_ms < 20'000);
    CHECK(s->route("/cat3/a3.gmi").what == route_result::outcome::found);
    const std::string last = std::to_string(scale_articles - 1);
    CHECK(s->search("number " + last, 5).front().path == "/cat" + std::to_string((scale_articles - 1) % 20) + "/a" + last + ".gmi");
}
