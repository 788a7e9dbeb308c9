// SPDX-License-Identifier: ISC
// The bundled example capsule (examples/capsule) must load cleanly: it is what new users
// copy, and what the README shows.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "content/content.hpp"
#include "content_fixture.hpp"

using namespace smolpub::content;
using smolpub::content::testing::all_text;

namespace {

const std::filesystem::path example_root = std::filesystem::path(SMOLPUB_SOURCE_DIR) / "examples" / "capsule";

const category& category_at(const tree& site, const std::string& path)
{
    for (const category& c : site.categories)
        if (c.path == path)
            return c;
    FAIL("no category " << path);
    return site.categories.front();
}

/// Targets of Markdown links ending in ".md" that are relative (no scheme, no leading /).
std::vector<std::string> relative_md_links(const std::string& body)
{
    std::vector<std::string> out;
    for (std::size_t at = body.find("]("); at != std::string::npos; at = body.find("](", at + 2)) {
        const std::size_t end = body.find(')', at);
        if (end == std::string::npos)
            break;
        const std::string target = body.substr(at + 2, end - at - 2);
        if (target.size() > 3 && target.ends_with(".md") && target.find(':') == std::string::npos)
            out.push_back(target);
    }
    return out;
}

} // namespace

TEST_CASE("the example capsule loads with zero problems")
{
    const auto loaded = load_content(example_root);
    REQUIRE_MESSAGE(loaded.has_value(), loaded.error().text());
    CHECK_MESSAGE(loaded->problems.empty(), all_text(loaded->problems));
    const tree& site = loaded->site;

    REQUIRE(site.index);
    CHECK(site.index->meta.title == "Lantern Lane");
    REQUIRE(site.pages.size() == 1);
    CHECK(site.pages[0].slug == "about");

    REQUIRE(site.categories.size() == 3);  // root, notes, kitchen; images/ holds only files
    const category& notes = category_at(site, "notes");
    const category& kitchen = category_at(site, "kitchen");
    CHECK(notes.title == "Field notes");
    CHECK(kitchen.title == "Kitchen");
    CHECK(site.categories[site.categories[0].subcategories.at(0)].path == "notes");
    CHECK(notes.articles.size() == 3);
    CHECK(kitchen.articles.size() == 3);
    CHECK(site.articles.size() == 6);
    CHECK(site.articles[notes.articles.front()].slug == "first-frost");  // newest first

    REQUIRE(site.files.size() == 1);
    CHECK(site.files[0].path == "/images/weir.svg");
    CHECK(site.files[0].mime == "image/svg+xml");
}

TEST_CASE("the example's archived comments are threaded and keep no e-mail")
{
    const auto loaded = load_content(example_root);
    REQUIRE(loaded.has_value());
    const tree& site = loaded->site;
    CHECK(site.comment_count == 4);
    const article* heron = nullptr;
    for (const article& a : site.articles)
        if (a.slug == "heron-at-the-weir")
            heron = &a;
    REQUIRE(heron);
    REQUIRE(heron->comments().size() == 4);
    CHECK(heron->comments()[1].reply_to == "c1");
    CHECK(heron->comments()[3].reply_to == "c2");
    for (const comment& c : heron->comments()) {
        CHECK(c.author.find('@') == std::string::npos);
        CHECK(c.body_markdown.find(".invalid") == std::string::npos);
        CHECK(c.date.has_value());
    }
}

TEST_CASE("every relative .md link in the example points at a loaded article or page")
{
    const auto loaded = load_content(example_root);
    REQUIRE(loaded.has_value());
    const tree& site = loaded->site;
    std::set<std::filesystem::path> sources;
    std::vector<const article*> all;
    for (const article& a : site.articles)
        all.push_back(&a);
    for (const article& p : site.pages)
        all.push_back(&p);
    all.push_back(&*site.index);
    for (const article* a : all)
        sources.insert(std::filesystem::weakly_canonical(a->source));

    std::size_t links = 0;
    for (const article* a : all)
        for (const std::string& target : relative_md_links(a->body_markdown())) {
            CAPTURE(a->source);
            CAPTURE(target);
            CHECK(sources.contains(std::filesystem::weakly_canonical(std::filesystem::path{a->source}.parent_path() / target)));
            ++links;
        }
    CHECK(links >= 5);
}
