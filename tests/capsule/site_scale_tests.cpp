// Build cost at the size the project promises: 10,000 articles and 50,000 comments.
#include <doctest/doctest.h>

#include <chrono>
#include <iostream>

#include "tests/capsule/site_fixture.hpp"

using namespace smolpub::capsule;
using namespace smolpub::capsule::testing;

namespace {

content big_capsule(std::size_t articles, std::size_t comments_each)
{
    content c;
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
        a.body_markdown = "# Heading\n\n" + paragraph + paragraph + "* one\n* two\n\n" + paragraph;
        for (std::size_t j = 0; j < comments_each; ++j)
            a.comments.push_back(make_comment("c" + std::to_string(j), j ? "c" + std::to_string(j - 1) : "",
                                              "Reader", day(2026, 1, 1 + static_cast<int>(j)),
                                              "A comment with a [link](https://example.com/).\n"));
        c.categories[a.category].articles.push_back(c.articles.size());
        c.articles.push_back(std::move(a));
        c.comment_count += comments_each;
    }
    return c;
}

} // namespace

TEST_CASE("10,000 articles and 50,000 comments build in seconds, not minutes")
{
    const content c = big_capsule(10'000, 5);
    const auto start = std::chrono::steady_clock::now();
    const auto s = build_site(sample_settings(), c, {});
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::cout << "site scale: " << s->summary().text() << '\n';
    CHECK(s->summary().articles == 10'000);
    CHECK(s->summary().comments == 50'000);
    CHECK(s->summary().categories == 20);
    // About 1 s on the development machine; the bound leaves room for sanitizer and
    // debug builds while still catching anything quadratic (which takes minutes here).
    CHECK(ms.count() < 20'000);
    CHECK(s->route("/cat3/a3.gmi").what == route_result::outcome::found);
    CHECK(s->search("number 9999", 5).front().path == "/cat19/a9999.gmi");
}
