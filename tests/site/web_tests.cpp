// SPDX-License-Identifier: ISC
// The web face of a hand-built capsule (site::answer_web): every page kind as HTML5 from
// the Markdown, the web paths and the redirects to them, feeds, sitemap, robots.txt.
#include <doctest/doctest.h>

#include <regex>

#include "tests/site/site_fixture.hpp"
#include "site/page_cache.hpp"
#include "tests/support/files.hpp"
#include "tests/support/text.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

using smolpub::test::count_of;

namespace {

/// The body of a web page that must exist, checked to be HTML.
std::string web_page(const site& s, std::string_view path, const std::optional<std::string>& query = std::nullopt)
{
    const route_result r = s.answer_web(path, query);
    REQUIRE_MESSAGE(r.what == route_result::outcome::found, "no web page at " << path);
    REQUIRE(r.doc);
    CHECK(r.doc->mime == "text/html; charset=utf-8");
    return r.doc->body;
}

/// The sample settings with a web_base_url (https://blog.example.org/), so that links are absolute.
site_settings based_settings()
{
    site_settings settings = sample_settings();
    settings.web_base_url = "https://blog.example.org/";
    return settings;
}

/// The document at web `path`, which must be found.
std::shared_ptr<const document> web_document(const site& s, std::string_view path)
{
    const route_result r = s.answer_web(path, std::nullopt);
    REQUIRE(r.what == route_result::outcome::found);
    return r.doc;
}

std::string web_redirect(const site& s, std::string_view path, const std::optional<std::string>& query = std::nullopt)
{
    const route_result r = s.answer_web(path, query);
    REQUIRE_MESSAGE(r.what == route_result::outcome::redirect, "no redirect at " << path);
    return r.target;
}

/// The frame every page has, and its breadcrumb ending at `current` (aria-current).
void check_frame(std::string_view html, std::string_view current)
{
    CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
    CHECK(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") != std::string::npos);
    CHECK(html.find("<title>") != std::string::npos);
    CHECK(html.find("<a class=\"skip\" href=\"#main\">") != std::string::npos);
    CHECK(count_of(html, "<h1>") == 1);
    CHECK(count_of(html, "<main id=\"main\">") == 1);
    CHECK(html.find("<header>") < html.find("<main"));
    CHECK(html.find("</main>") < html.find("<footer>\n<p>"));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.ends_with("</html>\n"));
    const auto crumbs = html.find("<nav aria-label=\"Breadcrumb\" class=\"crumbs\"><ol>");
    REQUIRE(crumbs != std::string::npos);
    const auto end = html.find("</ol></nav>", crumbs);
    const std::string_view list = html.substr(crumbs, end - crumbs);
    CHECK(count_of(list, "aria-current=\"page\"") == 1);
    CHECK(list.find(std::string{"aria-current=\"page\">"} + std::string{current} + "</a></li>") != std::string::npos);
}

} // namespace

TEST_CASE("web: every page kind is HTML5 with the frame, one h1 and a breadcrumb")
{
    const auto s = sample_site();
    check_frame(web_page(*s, "/"), "Home");
    check_frame(web_page(*s, ""), "Home");
    check_frame(web_page(*s, "/notes/"), "Notes");
    check_frame(web_page(*s, "/notes/rust/"), "Rust");
    check_frame(web_page(*s, "/notes/hello/"), "Hello world");
    check_frame(web_page(*s, "/about/"), "About me");
    check_frame(web_page(*s, "/tags/"), "Tags");
    check_frame(web_page(*s, "/tags/intro/"), "Intro");
    check_frame(web_page(*s, "/archive/"), "Archive");
    check_frame(web_page(*s, "/my stuff/a thing/"), "A thing with spaces");
    check_frame(web_page(*s, "/search", std::string{"q=bread"}), "Search");
    check_frame(web_page(*s, "/search"), "Search");

    const std::string rust = web_page(*s, "/notes/rust/");
    CHECK(index_of(rust, "<a href=\"/\">Home</a>") < index_of(rust, "<a href=\"/notes/\">Notes</a>"));
    CHECK(rust.find("<a href=\"/notes/rust/ownership/\">Ownership</a>") != std::string::npos);
    // A path with spaces is linked encoded.
    CHECK(web_page(*s, "/my stuff/").find("href=\"/my%20stuff/a%20thing/\"") != std::string::npos);
    CHECK(web_page(*s, "/").find("An intro to the capsule.") != std::string::npos);
}

TEST_CASE("web: the article has its meta line, body from the Markdown, tags, prev/next and alternates")
{
    const auto s = sample_site();
    const std::string html = web_page(*s, "/notes/hello/");
    CHECK(html.find("<article>\n<header>\n<h1>Hello world</h1>") != std::string::npos);
    CHECK(html.find("<time datetime=\"2026-01-10\">2026-01-10</time>") != std::string::npos);
    CHECK(html.find("by <span class=\"author\">Alice</span>") != std::string::npos);
    // Inline links stay inline; .md links go to the web pages; relative ones become absolute.
    CHECK(html.find("<p>Welcome! See <a href=\"/recipes/bread/\">my bread</a> and "
                    "<a href=\"/notes/rust/ownership/\">ownership</a>.</p>") != std::string::npos);
    CHECK(html.find("<a href=\"/images/cat.png\">a picture</a>") != std::string::npos);
    CHECK(html.find("<a href=\"/tags/intro/\" rel=\"tag\">Intro</a>") != std::string::npos);
    // Within Notes, newest first: second (2026-02-01) is next, first (2025-11-20) previous.
    CHECK(html.find("<link rel=\"prev\" href=\"/notes/first/\">") != std::string::npos);
    CHECK(html.find("<link rel=\"next\" href=\"/notes/second/\">") != std::string::npos);
    CHECK(html.find("<a href=\"/notes/first/\" rel=\"prev\">Previous: First steps</a>") != std::string::npos);
    CHECK(html.find("<link rel=\"alternate\" type=\"text/gemini\" href=\"gemini://example.org/notes/hello.gmi\">") !=
          std::string::npos);
    CHECK(html.find("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Notes\" href=\"/notes/atom.xml\">") !=
          std::string::npos);
    CHECK(html.find("rel=\"canonical\"") == std::string::npos);  // no web_base_url

    const std::string based = web_page(*sample_site(based_settings()), "/notes/hello/");
    CHECK(based.find("<link rel=\"canonical\" href=\"https://blog.example.org/notes/hello/\">") != std::string::npos);
}

TEST_CASE("web: comments are nested threads with anchors, oldest first, then the closed notice")
{
    const auto s = sample_site();
    const std::string html = web_page(*s, "/notes/hello/");
    const auto body = index_of(html, "Welcome!");
    const auto section = index_of(html, "<section id=\"comments\"");
    const auto dave = index_of(html, "<article class=\"comment\" id=\"comment-c3\">");
    const auto bob = index_of(html, "<article class=\"comment\" id=\"comment-c1\">");
    const auto carol = index_of(html, "<article class=\"comment\" id=\"comment-c2\">");
    const auto closed = index_of(html, "<p class=\"closed\">Comments are closed.</p>");
    CHECK(body < section);
    CHECK(section < dave);
    CHECK(dave < bob);
    CHECK(bob < carol);
    CHECK(carol < closed);
    // Carol's reply is inside Bob's comment: no </article> between Bob's opening and hers.
    CHECK(std::string_view{html}.substr(bob, carol - bob).find("</article>") == std::string_view::npos);
    // Dave's comment is closed before Bob's opens.
    CHECK(std::string_view{html}.substr(dave, bob - dave).find("</article>") != std::string_view::npos);
    CHECK(html.find("<span class=\"author\">Bob</span> · <time datetime=\"2026-01-11\">") != std::string::npos);
    // A commenter's heading stays below the page's h1 and the comment's h3.
    CHECK(html.find("<h4>Shouting heading</h4>") != std::string::npos);

    // Comments off: none shown, no closed notice.
    const std::string off = web_page(*s, "/notes/second/");
    CHECK(off.find("Hidden comment") == std::string::npos);
    CHECK(off.find("id=\"comments\"") == std::string::npos);
}

TEST_CASE("web: raw HTML in bodies and comments is shown, never passed through")
{
    tree content = sample_content();
    content.articles[0].set_body("Hi <script>alert(1)</script> <img src=x onerror=y>\n");
    content.articles[0].set_comments({make_comment("7", "", "<b>Mallory</b>", day(2026, 1, 11),
                                                   "<iframe src=\"//evil\"></iframe>\n\nSee [x](javascript:alert(2)).\n")});
    const auto s = build_site(sample_settings(), content, {}, test_cache());
    const std::string html = web_page(*s, "/notes/hello/");
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<iframe") == std::string::npos);
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(html.find("<p>See <a href=\"\">x</a>.</p>") != std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("<span class=\"author\">&lt;b&gt;Mallory&lt;/b&gt;</span>") != std::string::npos);
    CHECK(html.find("id=\"comment-7\"") != std::string::npos);
}

TEST_CASE("web: Gemini paths, aliases, folders and WordPress addresses answer 301 to the web path")
{
    tree content = sample_content();
    content.articles[3].meta.wordpress_id = 42;
    content.pages[0].meta.wordpress_id = 7;
    const auto s = build_site(sample_settings(), content, {}, test_cache());
    CHECK(web_redirect(*s, "/notes/hello.gmi") == "/notes/hello/");
    CHECK(web_redirect(*s, "/notes/hello/comments.gmi") == "/notes/hello/#comments");
    CHECK(web_redirect(*s, "/notes/hello/comments/") == "/notes/hello/#comments");
    CHECK(s->answer_web("/notes/second/comments/", std::nullopt).what == route_result::outcome::not_found);
    CHECK(web_redirect(*s, "/about.gmi") == "/about/");
    CHECK(web_redirect(*s, "/my stuff/a thing.gmi") == "/my%20stuff/a%20thing/");
    CHECK(web_redirect(*s, "/old/ownership.html") == "/notes/rust/ownership/");
    CHECK(web_redirect(*s, "/notes") == "/notes/");
    CHECK(web_redirect(*s, "/notes/hello") == "/notes/hello/");
    CHECK(web_redirect(*s, "/feed/") == "/atom.xml");
    CHECK(web_redirect(*s, "/", std::string{"p=42"}) == "/recipes/bread/");
    CHECK(web_redirect(*s, "/", std::string{"page_id=7"}) == "/about/");
    CHECK(web_redirect(*s, "/", std::string{"utm=1&p=42"}) == "/recipes/bread/");
    // An unknown or malformed ID is the home page, not an error.
    CHECK(web_page(*s, "/", std::string{"p=43"}).find("<h1>Test capsule</h1>") != std::string::npos);
    CHECK(web_page(*s, "/", std::string{"p=4x2"}).find("<h1>Test capsule</h1>") != std::string::npos);
    CHECK(s->answer_web("/nothing/here/", std::nullopt).what == route_result::outcome::not_found);
    CHECK(s->answer_web("/notes/draft/", std::nullopt).what == route_result::outcome::not_found);
}

TEST_CASE("web: search takes a form's q= or a whole query, and links the web paths")
{
    const auto s = sample_site();
    const std::string results = web_page(*s, "/search", std::string{"q=sourdough+loaf"});
    CHECK(results.find("<h1>Search: sourdough loaf</h1>") != std::string::npos);
    CHECK(results.find("<a href=\"/recipes/bread/\">Bread</a>") != std::string::npos);
    CHECK(results.find("value=\"sourdough loaf\"") != std::string::npos);
    CHECK(web_page(*s, "/search", std::string{"sourdough"}).find("href=\"/recipes/bread/\"") != std::string::npos);
    const std::string form = web_page(*s, "/search");
    CHECK(form.find("<form action=\"/search\" method=\"get\" role=\"search\">") != std::string::npos);
    CHECK(form.find("No results") == std::string::npos);
    CHECK(web_page(*s, "/search", std::string{"q=%3Cb%3E<b>"}).find("<b>") == std::string::npos);
    // The query arrives raw: '+' is a space, %2B a plus, %26 an '&' inside the terms.
    CHECK(web_page(*s, "/search", std::string{"q=a%2Bb+c%26d&x=1"}).find("<h1>Search: a+b c&amp;d</h1>") != std::string::npos);
}

TEST_CASE("web: Atom on both faces carries the full content with absolute links")
{
    const auto s = sample_site(based_settings());
    const auto web = web_document(*s, "/atom.xml");
    CHECK(web->mime == "application/atom+xml");
    const std::string& feed = web->body;
    CHECK(feed.find("<link rel=\"alternate\" href=\"https://blog.example.org/notes/hello/\"/>") != std::string::npos);
    CHECK(feed.find("<content type=\"html\">&lt;p&gt;Welcome! See &lt;a href=&quot;https://blog.example.org/recipes/bread/&quot;") !=
          std::string::npos);
    // The ids are the Gemini URLs on both faces: one entry per article for a reader of both.
    CHECK(feed.find("<id>gemini://example.org/notes/hello.gmi</id>") != std::string::npos);

    const std::string gemini = page(*s, "/atom.xml");
    CHECK(gemini != feed);
    CHECK(gemini.find("<link rel=\"alternate\" href=\"gemini://example.org/notes/hello.gmi\"/>") != std::string::npos);
    // On Gemini the content is the gemtext itself (issue 28), its links absolute.
    CHECK(gemini.find("<content type=\"text/gemini\">") != std::string::npos);
    CHECK(gemini.find("=&gt; gemini://example.org/recipes/bread.gmi") != std::string::npos);
    CHECK(gemini.find("=&gt; gemini://example.org/images/cat.png") != std::string::npos);

    CHECK(web_document(*s, "/notes/atom.xml")->body.find("<link rel=\"alternate\" href=\"https://blog.example.org/notes/\"/>") != std::string::npos);
}

TEST_CASE("web: a feed is rendered again when an entry's body changes")
{
    tree content = sample_content();
    auto cache = std::make_shared<page_cache>(std::size_t{8} << 20);
    const auto first = build_site(sample_settings(), content, {}, cache);
    CHECK(page(*first, "/atom.xml").find("Welcome!") != std::string::npos);
    content.articles[0].set_body("Changed words.\n");
    const auto second = build_site(sample_settings(), content, {}, cache, first);
    CHECK(page(*second, "/atom.xml").find("Changed words.") != std::string::npos);
    CHECK(second->answer_web("/atom.xml", std::nullopt).doc->body.find("Changed words.") != std::string::npos);
}

TEST_CASE("web: pages are cached like the Gemini ones")
{
    const auto s = sample_site();
    const auto a = s->answer_web("/notes/hello/", std::nullopt);
    const auto b = s->answer_web("/notes/hello/", std::nullopt);
    REQUIRE(a.doc);
    CHECK(a.doc == b.doc);
}

TEST_CASE("web: style.css, sitemap.xml and robots.txt, and a capsule's style.css replaces ours")
{
    const site_settings settings = based_settings();
    const auto s = sample_site(settings);
    const auto css = web_document(*s, "/style.css");
    CHECK(css->mime == "text/css; charset=utf-8");
    CHECK(css->body.find("prefers-color-scheme:dark") != std::string::npos);
    CHECK(css->body.find("@media print") != std::string::npos);
    CHECK(css->body.find("@font-face") == std::string::npos);
    CHECK(css->body.size() < 3000);

    const auto map = web_document(*s, "/sitemap.xml");
    CHECK(map->body.find("<loc>https://blog.example.org/notes/hello/</loc><lastmod>2026-01-10</lastmod>") !=
          std::string::npos);
    CHECK(map->body.find("<loc>https://blog.example.org/my%20stuff/a%20thing/</loc>") != std::string::npos);
    CHECK(map->body.find("draft") == std::string::npos);

    const auto robots = web_document(*s, "/robots.txt");
    CHECK(robots->body.find("Disallow: /search\n") != std::string::npos);
    CHECK(robots->body.find("Sitemap: https://blog.example.org/sitemap.xml\n") != std::string::npos);

    smolpub::test::temp_dir dir;
    smolpub::test::write_file(dir.path() / "style.css", "body{color:red}\n");
    tree content = sample_content();
    content.files.push_back({dir.path() / "style.css", "/style.css", "text/css"});
    const auto own = build_site(settings, content, {}, test_cache());
    const auto mine = own->answer_web("/style.css", std::nullopt);
    REQUIRE(mine.what == route_result::outcome::found);
    REQUIRE(mine.doc->file);
    CHECK(served_bytes(*mine.doc) == "body{color:red}\n");
}

TEST_CASE("web: the paths to export, and a redirect page for static hosts")
{
    const auto s = sample_site();
    const auto paths = s->web_paths();
    for (std::string_view p : {"/", "/notes/", "/notes/hello/", "/about/", "/tags/intro/", "/archive/", "/atom.xml",
                               "/notes/atom.xml", "/style.css", "/sitemap.xml", "/robots.txt"})
        CHECK_MESSAGE(std::find(paths.begin(), paths.end(), p) != paths.end(), p);
    for (const auto& p : paths) {
        CHECK_MESSAGE(!p.ends_with(".gmi"), p);
        CHECK_MESSAGE(s->answer_web(p, std::nullopt).what == route_result::outcome::found, p);
    }
    const auto moved = s->web_redirect_paths();
    CHECK(std::find(moved.begin(), moved.end(), "/old/ownership.html") != moved.end());
    CHECK(std::find(moved.begin(), moved.end(), "/notes/hello/") == moved.end());  // a page on the web
    const std::string redirect = s->web_redirect_page("/notes/rust/ownership/");
    CHECK(redirect.find("<meta http-equiv=\"refresh\" content=\"0; url=/notes/rust/ownership/\">") != std::string::npos);
    CHECK(redirect.find("<link rel=\"canonical\" href=\"/notes/rust/ownership/\">") != std::string::npos);
}
