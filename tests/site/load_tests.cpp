// SPDX-License-Identifier: ISC
// load_site end to end: a capsule on disk, loaded by load_content, rendered by build_site.
#include <doctest/doctest.h>

#include "tests/content/content_fixture.hpp"
#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::content::testing;
using namespace smolpub::site::testing;

TEST_CASE("load_site renders a capsule from disk and reports broken files")
{
    temp_capsule capsule;
    capsule.write("index.md", "+++\ntitle = \"Home\"\n+++\nWelcome to the disk capsule.\n");
    capsule.write("about.md", "+++\ntitle = \"About\"\n+++\nHi.\n");
    capsule.write("notes/_category.toml", "title = \"Field notes\"\ndescription = \"Walks\"\n");
    capsule.write("notes/one.md",
                  "+++\ntitle = \"One\"\ndate = 2024-01-01\ntags = [\"walk\"]\n+++\nSee [bread](../recipes/bread.md).\n");
    capsule.write("notes/one.comments.toml",
                  "[[comment]]\nid = \"a\"\nauthor = \"Mira\"\ndate = 2024-01-02\nbody = \"Nice.\"\n\n"
                  "[[comment]]\nid = \"b\"\nreply_to = \"a\"\nauthor = \"Ada\"\ndate = 2024-01-03\nbody = \"Agreed.\"\n");
    capsule.write("notes/two.md", "+++\ntitle = \"Two\"\ndate = 2024-02-01\naliases = [\"/old/two.html\"]\n+++\nSecond.\n");
    capsule.write("notes/hidden.md", "+++\ntitle = \"Hidden\"\ndate = 2024-03-01\ndraft = true\n+++\nNo.\n");
    capsule.write("notes/broken.md", "+++\ntitle = \n+++\nBad front matter.\n");
    capsule.write("recipes/bread.md", "+++\ntitle = \"Bread\"\ndate = 2023-06-01\n+++\nFlour, water, salt.\n");
    capsule.write("images/dot.gif", "GIF89a");

    site_settings settings = sample_settings();
    settings.content_dir = capsule.root();
    const auto loaded = load_site(settings, test_cache());
    REQUIRE_MESSAGE(loaded.has_value(), loaded.error().text());
    const site& s = **loaded;

    CHECK(s.summary().articles == 3);
    CHECK(s.summary().comments == 2);
    CHECK(s.summary().text().starts_with("loaded 3 articles, 2 comments, 2 categories in "));
    CHECK(count_mentioning(s.problems(), "broken.md") >= 1);

    const std::string home = page(s, "/");
    CHECK(home.find("Welcome to the disk capsule.") != std::string::npos);
    CHECK(home.find("=> /notes/two.gmi 2024-02-01 - Two\n") != std::string::npos);
    CHECK(page(s, "/notes/").find("# Field notes") != std::string::npos);
    CHECK(page(s, "/notes/one.gmi").find("=> /recipes/bread.gmi bread\n") != std::string::npos);
    CHECK(page(s, "/notes/one/comments.gmi").find("### ↳ Ada · 2024-01-03") != std::string::npos);
    CHECK(s.route("/notes/hidden.gmi").what == route_result::outcome::not_found);
    CHECK(s.route("/old/two.html").target == "/notes/two.gmi");
    CHECK(served_bytes(*s.route("/images/dot.gif").doc) == "GIF89a");
    CHECK(served_bytes(*s.route_gopher("/images/dot.gif").doc) == "GIF89a");
    CHECK(s.search("flour", 3).front().path == "/recipes/bread.gmi");
}

TEST_CASE("load_site fails only when the content directory cannot be read")
{
    site_settings settings = sample_settings();
    settings.content_dir = "/nonexistent/smolpub/capsule";
    CHECK(!load_site(settings, test_cache()).has_value());
}

TEST_CASE("a page first asked for after its file changed on disk shows the loaded version")
{
    // The model holds each text it loaded (packed), so a cold render never reads the disk:
    // until the next reload, every page of a snapshot is made from that snapshot's files,
    // also when the file was edited, broken or deleted since.
    temp_capsule capsule;
    const auto article = capsule.write("notes/one.md", "+++\ntitle = \"One\"\ndate = 2024-01-01\n+++\nAs loaded.\n");
    const auto comments = capsule.write("notes/one.comments.toml", "[[comment]]\nauthor = \"Mira\"\nbody = \"First word.\"\n");
    capsule.write("about.md", "+++\ntitle = \"About\"\n+++\nAbout, as loaded.\n");
    site_settings settings = sample_settings();
    settings.content_dir = capsule.root();
    const auto loaded = load_site(settings, test_cache());
    REQUIRE(loaded.has_value());
    const site& s = **loaded;

    SUBCASE("edited") {
        capsule.write("notes/one.md", "+++\ntitle = \"One\"\ndate = 2024-01-01\n+++\nEdited on disk.\n");
        capsule.write("notes/one.comments.toml", "[[comment]]\nauthor = \"Mira\"\nbody = \"Second word.\"\n");
        capsule.write("about.md", "+++\ntitle = \"About\"\n+++\nAbout, edited.\n");
    }
    SUBCASE("broken") {
        capsule.write("notes/one.md", "+++\ntitle = \"One\ndate = 2024-01-01\n+++\nHalf an edit.\n");
        capsule.write("notes/one.comments.toml", "[[comment]\n");
    }
    SUBCASE("deleted") {
        std::filesystem::remove(article);
        std::filesystem::remove(comments);
    }
    const std::string text = page(s, "/notes/one.gmi");
    CHECK(text.find("As loaded.") != std::string::npos);
    CHECK(page(s, "/notes/one/comments.gmi").find("First word.") != std::string::npos);
    CHECK(page(s, "/about.gmi").find("About, as loaded.") != std::string::npos);
    const auto gopher = s.route_gopher("/notes/one.txt");
    REQUIRE(gopher.doc);
    CHECK(gopher.doc->body.find("As loaded.") != std::string::npos);
}
