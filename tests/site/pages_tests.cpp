// SPDX-License-Identifier: ISC
// The Gemini pages of a hand-built capsule: ordering, breadcrumbs, footers, listings.
#include <doctest/doctest.h>

#include <regex>

#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

namespace {

std::vector<std::string> urls_of(const std::vector<gemtext_link>& links)
{
    std::vector<std::string> urls;
    for (const auto& l : links)
        urls.push_back(l.url);
    return urls;
}

/// The gemsub entries of a page: `=> URL YYYY-MM-DD - Title` lines, in order.
std::vector<std::string> gemsub_urls(std::string_view gemtext)
{
    static const std::regex entry{R"(^=>\s*(\S+)\s+\d{4}-\d{2}-\d{2} - .+$)"};
    std::vector<std::string> urls;
    for (const auto& line : lines_of(gemtext)) {
        std::smatch m;
        if (std::regex_match(line, m, entry))
            urls.push_back(m[1]);
    }
    return urls;
}

} // namespace

TEST_CASE("pages are gemtext in the article's or the site's language")
{
    site_settings settings = sample_settings();
    tree c = sample_content();
    c.articles[3].meta.lang = "fr";
    const auto s = build_site(settings, c, {}, test_cache());
    CHECK(s->route("/").doc->mime == "text/gemini; charset=utf-8; lang=en");
    CHECK(s->route("/recipes/bread.gmi").doc->mime == "text/gemini; charset=utf-8; lang=fr");
    CHECK(s->route("").what == route_result::outcome::found);
    CHECK(s->route("").doc == s->route("/").doc);

    settings.lang.clear();
    CHECK(build_site(settings, sample_content(), {}, test_cache())->route("/").doc->mime == "text/gemini; charset=utf-8");
}

TEST_CASE("the home page has the title, the intro, the newest articles and the site's indexes")
{
    const auto s = sample_site();
    const std::string home = page(*s, "/");
    CHECK(home.starts_with("# Test capsule\n"));
    CHECK(home.find("An intro to the capsule.") != std::string::npos);
    // settings.recent = 3, newest first, drafts never listed.
    CHECK(gemsub_urls(home) == std::vector<std::string>{"/notes/second.gmi", "/notes/hello.gmi", "/notes/rust/ownership.gmi"});
    CHECK(home.find("=> /notes/second.gmi 2026-02-01 - Second post\n") != std::string::npos);
    const auto urls = urls_of(links_of(home));
    for (const char* expected : {"/notes/", "/recipes/", "/my%20stuff/", "/archive/", "/tags/", "/atom.xml", "/search", "/about.gmi"})
        CHECK_MESSAGE(std::find(urls.begin(), urls.end(), expected) != urls.end(), expected);
    CHECK(std::find(urls.begin(), urls.end(), "/notes/rust/") == urls.end());  // only top-level categories
}

TEST_CASE("a category page is a gemsub feed of its own articles, newest first")
{
    const auto s = sample_site();
    const std::string notes = page(*s, "/notes/");
    const auto lines = lines_of(notes);
    REQUIRE(lines.size() > 3);
    CHECK(lines[0] == "=> / Home");
    CHECK(index_of(notes, "\n# Notes\n") < index_of(notes, "Things I noted down."));
    CHECK(notes.find("=> /notes/rust/ Rust\n") != std::string::npos);
    CHECK(gemsub_urls(notes) == std::vector<std::string>{"/notes/second.gmi", "/notes/hello.gmi", "/notes/first.gmi"});
    CHECK(notes.find("draft") == std::string::npos);
    CHECK(notes.find("=> /notes/atom.xml ") != std::string::npos);

    const std::string rust = page(*s, "/notes/rust/");
    CHECK(rust.starts_with("=> / Home\n=> /notes/ Notes\n\n# Rust\n"));
    CHECK(gemsub_urls(rust) == std::vector<std::string>{"/notes/rust/ownership.gmi"});
}

TEST_CASE("an article has its breadcrumb, title, meta line, body and footer")
{
    const auto s = sample_site();
    const std::string own = page(*s, "/notes/rust/ownership.gmi");
    CHECK(own.starts_with("=> / Home\n=> /notes/ Notes\n=> /notes/rust/ Rust\n\n# Ownership\n2025-12-01 · by Site Author\n"));
    CHECK(own.find("Borrowing rules explained.") != std::string::npos);
    CHECK(own.find("=> /notes/rust/ Up: Rust\n=> / Home\n") != std::string::npos);

    const std::string hello = page(*s, "/notes/hello.gmi");
    CHECK(hello.find("2026-01-10 · by Alice · tags: Intro, meta\n") != std::string::npos);
    CHECK(hello.find("=> /tags/intro/ ") != std::string::npos);
}

TEST_CASE("previous and next stay within the category and follow the dates")
{
    const auto s = sample_site();
    // notes, newest first: second (2026-02-01), hello (2026-01-10), first (2025-11-20).
    const std::string hello = page(*s, "/notes/hello.gmi");
    CHECK(hello.find("=> /notes/first.gmi Previous: First steps\n") != std::string::npos);
    CHECK(hello.find("=> /notes/second.gmi Next: Second post\n") != std::string::npos);
    const std::string second = page(*s, "/notes/second.gmi");
    CHECK(second.find("Next:") == std::string::npos);
    CHECK(second.find("=> /notes/hello.gmi Previous: Hello world\n") != std::string::npos);
    const std::string first = page(*s, "/notes/first.gmi");
    CHECK(first.find("Previous:") == std::string::npos);
    // The draft (2026-03-01) is nobody's neighbour.
    CHECK(second.find("draft") == std::string::npos);
}

TEST_CASE("drafts are not published anywhere")
{
    const auto s = sample_site();
    CHECK(s->route("/notes/draft.gmi").what == route_result::outcome::not_found);
    for (const char* p : {"/", "/notes/", "/archive/", "/atom.xml", "/notes/atom.xml"})
        CHECK_MESSAGE(page(*s, p).find("draft") == std::string::npos, p);
    CHECK(s->search("secret", 10).empty());
    CHECK(s->summary().articles == 6);
}

TEST_CASE("comment footers follow the article's comment policy")
{
    const auto s = sample_site();
    const std::string hello = page(*s, "/notes/hello.gmi");
    CHECK(hello.find("=> /notes/hello/comments.gmi Comments (3)\n") != std::string::npos);
    CHECK(hello.find("Comments are closed.") != std::string::npos);

    const std::string second = page(*s, "/notes/second.gmi");  // comments = off
    CHECK(second.find("Comments") == std::string::npos);
    CHECK(s->route("/notes/second/comments.gmi").what == route_result::outcome::not_found);

    const std::string first = page(*s, "/notes/first.gmi");  // closed, none archived
    CHECK(first.find("comments.gmi") == std::string::npos);
    CHECK(first.find("Comments are closed.") != std::string::npos);
    CHECK(s->summary().comments == 3);
}

TEST_CASE("site.comments none drops the closed notice, and an article's own comments wins")
{
    site_settings settings = sample_settings();
    settings.comments = comment_policy::none;
    tree c = sample_content();
    c.articles[6].meta.comments = comment_policy::closed;  // /notes/first.gmi says so itself
    const auto s = build_site(settings, c, {}, test_cache());
    const std::string hello = page(*s, "/notes/hello.gmi");
    CHECK(hello.find("=> /notes/hello/comments.gmi Comments (3)\n") != std::string::npos);  // still shown
    CHECK(hello.find("Comments are closed.") == std::string::npos);
    CHECK(page(*s, "/notes/hello/comments.gmi").find("Comments are closed.") == std::string::npos);
    CHECK(page(*s, "/notes/first.gmi").find("Comments are closed.") != std::string::npos);
    // The front matter's "none" wins over a site that says closed.
    tree d = sample_content();
    d.articles[0].meta.comments = comment_policy::none;
    const auto closed_site = build_site(sample_settings(), d, {}, test_cache());
    CHECK(page(*closed_site, "/notes/hello.gmi").find("Comments are closed.") == std::string::npos);
    CHECK(page(*closed_site, "/notes/first.gmi").find("Comments are closed.") != std::string::npos);
}

TEST_CASE("comments are threaded: oldest first, replies under their parent, headings flattened")
{
    const auto s = sample_site();
    const std::string thread = page(*s, "/notes/hello/comments.gmi");
    CHECK(thread.starts_with("=> / Home\n=> /notes/ Notes\n=> /notes/hello.gmi Hello world\n\n# Comments on Hello world\n"));
    const auto dave = index_of(thread, "### Dave · 2026-01-10\n");
    const auto bob = index_of(thread, "### Bob · 2026-01-11\n");
    const auto carol = index_of(thread, "### ↳ Carol · 2026-01-12\n");
    CHECK(dave < bob);
    CHECK(bob < carol);
    CHECK(index_of(thread, "First top-level comment.") < carol);
    // The commenter's "# Shouting heading" must not open a section of the page.
    CHECK(thread.find("\nShouting heading\n") != std::string::npos);
    for (const auto& line : lines_of(thread))
        CHECK_MESSAGE(!(line.starts_with("# ") && line != "# Comments on Hello world"), line);
    CHECK(thread.find("Comments are closed.\n") != std::string::npos);
    CHECK(thread.find("=> /notes/hello.gmi Back to Hello world\n") != std::string::npos);
    CHECK(s->route("/notes/hello/comments.gmi").doc->mime == "text/gemini; charset=utf-8; lang=en");
}

TEST_CASE("replies to unknown ids and reply cycles are still shown")
{
    tree c = sample_content();
    c.articles[0].set_comments({make_comment("a", "b", "Ann", day(2026, 1, 1), "cycle one"),
                                make_comment("b", "a", "Ben", day(2026, 1, 2), "cycle two"),
                                make_comment("o", "gone", "Olga", day(2026, 1, 3), "orphan")});
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    const std::string thread = page(*s, "/notes/hello/comments.gmi");
    CHECK(thread.find("cycle one") != std::string::npos);
    CHECK(thread.find("cycle two") != std::string::npos);
    CHECK(thread.find("### Olga · 2026-01-03\n") != std::string::npos);
}

TEST_CASE("tags list their articles with counts, case-insensitively grouped")
{
    const auto s = sample_site();
    const std::string tags = page(*s, "/tags/");
    CHECK(tags.find("=> /tags/intro/ Intro (2)\n") != std::string::npos);
    CHECK(tags.find("=> /tags/meta/ meta (1)\n") != std::string::npos);
    const std::string intro = page(*s, "/tags/intro/");
    CHECK(gemsub_urls(intro) == std::vector<std::string>{"/notes/hello.gmi", "/recipes/bread.gmi"});
    CHECK(intro.find("\n# Tagged Intro\n") != std::string::npos);
}

TEST_CASE("the archive groups articles by year, newest first")
{
    const std::string archive = page(*sample_site(), "/archive/");
    const auto y26 = index_of(archive, "\n## 2026\n");
    const auto y25 = index_of(archive, "\n## 2025\n");
    const auto y24 = index_of(archive, "\n## 2024\n");
    CHECK(y26 < y25);
    CHECK(y25 < y24);
    CHECK(y26 < index_of(archive, "/notes/hello.gmi") );
    CHECK(index_of(archive, "/notes/hello.gmi") < y25);
    CHECK(y25 < index_of(archive, "/recipes/bread.gmi"));
    CHECK(gemsub_urls(archive).size() == 6);
}

TEST_CASE("relative .md links point at the served pages, unknown ones stay as written")
{
    const auto s = sample_site();
    const auto urls = urls_of(links_of(page(*s, "/notes/hello.gmi")));
    const auto has = [&](std::string_view u) { return std::find(urls.begin(), urls.end(), u) != urls.end(); };
    CHECK(has("/recipes/bread.gmi"));
    CHECK(has("/notes/rust/ownership.gmi"));
    CHECK(has("missing.md"));
    CHECK(has("/images/cat.png"));  // relative links become absolute: comments live a level deeper
    const auto back = urls_of(links_of(page(*s, "/notes/rust/ownership.gmi")));
    CHECK(std::find(back.begin(), back.end(), "/notes/hello.gmi") != back.end());
}

TEST_CASE("absolute .md links are rewritten too")
{
    tree c = sample_content();
    c.articles[3].set_body("See [hello](/notes/hello.md#top) and [about](/about.md).\n");
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    const auto urls = urls_of(links_of(page(*s, "/recipes/bread.gmi")));
    CHECK(std::find(urls.begin(), urls.end(), "/notes/hello.gmi") != urls.end());
    CHECK(std::find(urls.begin(), urls.end(), "/about.gmi") != urls.end());
}

TEST_CASE("paths with spaces are percent-encoded in links and routed decoded")
{
    const auto s = sample_site();
    const std::string cat = page(*s, "/my stuff/");
    CHECK(cat.find("=> /my%20stuff/a%20thing.gmi 2024-05-05 - A thing with spaces\n") != std::string::npos);
    CHECK(page(*s, "/my stuff/a thing.gmi").find("# A thing with spaces") != std::string::npos);
    const route_result r = s->route("/my stuff");
    CHECK(r.what == route_result::outcome::redirect);
    CHECK(r.target == "/my%20stuff/");
}

TEST_CASE("redirects: aliases, folders without their slash, article folders")
{
    const auto s = sample_site();
    const auto redirect = [&](std::string_view from) {
        const route_result r = s->route(from);
        CHECK_MESSAGE(r.what == route_result::outcome::redirect, from);
        return r.target;
    };
    CHECK(redirect("/old/ownership.html") == "/notes/rust/ownership.gmi");
    CHECK(redirect("/notes") == "/notes/");
    CHECK(redirect("/notes/rust") == "/notes/rust/");
    CHECK(redirect("/notes/hello/") == "/notes/hello.gmi");
    CHECK(redirect("/notes/hello") == "/notes/hello/");
    CHECK(redirect("/tags") == "/tags/");
    CHECK(redirect("/old/") == "/");
    CHECK(s->route("/nope.gmi").what == route_result::outcome::not_found);
    CHECK(s->route("/notes/nope.gmi").what == route_result::outcome::not_found);
}

TEST_CASE("an alias that names an existing page is reported, not followed")
{
    tree c = sample_content();
    c.articles[3].meta.aliases = {"/notes/hello.gmi"};
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    CHECK(s->route("/notes/hello.gmi").what == route_result::outcome::found);
    REQUIRE(!s->problems().empty());
    CHECK(s->problems().back().message.find("/notes/hello.gmi") != std::string::npos);
}

TEST_CASE("the summary counts what was published")
{
    const auto s = sample_site();
    const load_summary& sum = s->summary();
    CHECK(sum.articles == 6);
    CHECK(sum.pages == 1);
    CHECK(sum.categories == 4);
    CHECK(sum.text().starts_with("loaded 6 articles, 3 comments, 4 categories in "));
    CHECK(sum.text().ends_with(" ms"));
}
