// SPDX-License-Identifier: ISC
// Atom feeds (parsed back) and the search index behind /search.
#include <doctest/doctest.h>

#include <regex>

#include "site/page_cache.hpp"
#include "site/search.hpp"
#include "text/utf8.hpp"
#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

namespace {

/// Every match of group 1 of `pattern` in `xml`, in order.
std::vector<std::string> all_of(const std::string& xml, const std::string& pattern)
{
    std::vector<std::string> found;
    const std::regex re{pattern};
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), re); it != std::sregex_iterator(); ++it)
        found.push_back((*it)[1]);
    return found;
}

std::vector<std::string> paths_of(const std::vector<search_hit>& hits)
{
    std::vector<std::string> out;
    for (const auto& h : hits)
        out.push_back(h.path);
    return out;
}

} // namespace

TEST_CASE("the site feed lists the newest entries with absolute gemini:// ids and links")
{
    const auto s = sample_site();
    const route_result r = s->route("/atom.xml");
    REQUIRE(r.what == route_result::outcome::found);
    CHECK(r.doc->mime == "application/atom+xml");
    const std::string& xml = r.doc->body;
    CHECK(xml.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">") != std::string::npos);

    const auto ids = all_of(xml, "<id>([^<]*)</id>");
    REQUIRE(ids.size() == 5);  // the feed and settings.feed_entries = 4 entries
    CHECK(ids[0] == "gemini://example.org/");
    CHECK(ids[1] == "gemini://example.org/notes/second.gmi");
    CHECK(ids[2] == "gemini://example.org/notes/hello.gmi");
    for (const auto& href : all_of(xml, "href=\"([^\"]*)\""))
        CHECK_MESSAGE(href.starts_with("gemini://example.org/"), href);
    CHECK(xml.find("href=\"gemini://example.org/atom.xml\"") != std::string::npos);
    const std::regex rfc3339{R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))"};
    const auto dates = all_of(xml, "<(?:updated|published)>([^<]*)</");
    CHECK(dates.size() == 9);
    for (const auto& d : dates)
        CHECK_MESSAGE(std::regex_match(d, rfc3339), d);
    CHECK(all_of(xml, "<updated>([^<]*)</updated>").front() == "2026-02-01T00:00:00Z");
    // Every entry id is a page that exists.
    for (std::size_t k = 1; k < ids.size(); ++k)
        CHECK(s->route(decoded(ids[k].substr(std::string{"gemini://example.org"}.size()))).what ==
              route_result::outcome::found);
}

TEST_CASE("feed entries carry the whole article as gemtext, links absolute, and a summary")
{
    tree c = sample_content();
    c.articles[1].meta.description = "What the second post is about.";
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    const std::string xml = page(*s, "/atom.xml");
    const auto contents = all_of(xml, "<content type=\"text/gemini\">([^<]*)</content>");
    REQUIRE(contents.size() == 4);
    // Newest first: second, hello, ownership, first.
    CHECK(contents[0] == "More words here.\n");
    CHECK(contents[1].find("Welcome! See") != std::string::npos);
    // The link to another article reaches it from a feed reader too.
    // (The text is XML-escaped here: the regex reads the raw feed.)
    CHECK(contents[1].find("=&gt; gemini://example.org/recipes/bread.gmi my bread") != std::string::npos);
    CHECK(contents[1].find("=&gt; /") == std::string::npos);
    const auto summaries = all_of(xml, "<summary>([^<]*)</summary>");
    REQUIRE(summaries.size() == 4);
    CHECK(summaries[0] == "What the second post is about.");  // the front matter's description
    CHECK(summaries[1].starts_with("Welcome! See my bread"));    // else the first paragraph
    CHECK(summaries[2] == "Borrowing rules explained.");
}

TEST_CASE("a feed answered from the cache changes when one of its entries' bodies does")
{
    auto cache = std::make_shared<page_cache>(std::size_t{1} << 20);
    tree c = sample_content();
    const auto before = build_site(sample_settings(), c, {}, cache);
    CHECK(page(*before, "/atom.xml").find("More words here.") != std::string::npos);
    c.articles[1].set_body("Fresh words.\n");
    const auto after = build_site(sample_settings(), c, {}, cache, before);
    const std::string xml = page(*after, "/atom.xml");
    CHECK(xml.find("Fresh words.") != std::string::npos);
    CHECK(xml.find("More words here.") == std::string::npos);
}

TEST_CASE("category feeds cover their category, a non-default port appears in every URL")
{
    site_settings settings = sample_settings();
    settings.gemini_port = 1966;
    const auto s = sample_site(settings);
    const std::string xml = page(*s, "/notes/atom.xml");
    const auto ids = all_of(xml, "<id>([^<]*)</id>");
    CHECK(ids == std::vector<std::string>{"gemini://example.org:1966/notes/", "gemini://example.org:1966/notes/second.gmi",
                                          "gemini://example.org:1966/notes/hello.gmi", "gemini://example.org:1966/notes/first.gmi"});
    CHECK(xml.find("href=\"gemini://example.org:1966/notes/atom.xml\"") != std::string::npos);
    CHECK(page(*s, "/my stuff/atom.xml").find("gemini://example.org:1966/my%20stuff/a%20thing.gmi") != std::string::npos);
}

TEST_CASE("search ranks title hits first, then the newest")
{
    const auto s = sample_site();
    CHECK(paths_of(s->search("bread", 10)) ==
          std::vector<std::string>{"/recipes/bread.gmi", "/notes/hello.gmi", "/notes/first.gmi", "/about.gmi"});
    CHECK(paths_of(s->search("bread", 2)).size() == 2);
    const auto hits = s->search("SOURDOUGH", 10);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].title == "Bread");
    CHECK(hits[0].date == "2025-06-15");
    CHECK(hits[0].excerpt.find("sourdough") != std::string::npos);
    CHECK(paths_of(s->search("knead   Dough", 10)) == std::vector<std::string>{"/recipes/bread.gmi"});
    CHECK(s->search("knead nothing", 10).empty());
    CHECK(s->search("   ", 10).empty());
}

TEST_CASE("search folds Latin-1, Greek and Cyrillic capitals")
{
    tree c = sample_content();
    c.articles[5].meta.title = "Привет, ΚΌΣΜΕ";
    c.articles[5].set_body("Город МОСКВА and CAFÉ ÉCLAIR.\n");
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    CHECK(paths_of(s->search("москва", 5)) == std::vector<std::string>{"/my stuff/a thing.gmi"});
    CHECK(paths_of(s->search("привет", 5)) == std::vector<std::string>{"/my stuff/a thing.gmi"});
    CHECK(paths_of(s->search("café éclair", 5)) == std::vector<std::string>{"/my stuff/a thing.gmi"});
    CHECK(fold_case("ΑΒΓ ΠΡΣΩ Ѐ Я ÀÞ ×") == "αβγ πρσω ѐ я àþ ×");
    CHECK(fold_case("ΚΌΣΜΕ") .size() == std::string{"ΚΌΣΜΕ"}.size());
}

TEST_CASE("the index keeps each folded word once and still finds parts of words and the first match")
{
    std::string body = "# Notes\n\n";
    for (int i = 0; i < 30; ++i)
        body += "Filler words repeated. ";
    body += "\n\nThe Sourdough STARTER lives here.\n\nA starter again at the end.\n";
    search_index index;
    const auto kept = index.make_entry("/a.gmi", "Title", "2026-01-01", 1, body, true);
    const auto dropped = index.make_entry("/b.gmi", "Other", "2026-01-02", 2, body, false);
    // Each distinct folded word once (by number), numbered in the order of first use.
    CHECK(index.entry_words(*kept) == "notes filler words repeated. the sourdough starter lives here. a again at end.");
    CHECK(dropped->word_ids == kept->word_ids);
    CHECK(kept->word_ids.size() == 13);  // one byte per word while the numbers are small
    CHECK(index.vocabulary()->size() == 13);
    CHECK(dropped->text.empty());
    CHECK_FALSE(kept->text.empty());

    index.add(kept);
    index.add(dropped);
    const std::string text{kept->text};
    const search_text_source source = [&](const search_entry& e) { return e.path == "/b.gmi" ? text : std::string{}; };
    // A part of a word matches, as it did in the whole folded text; a phrase across
    // words does not match as one word.
    CHECK(index.find("ourdou", 10, source).size() == 2);
    CHECK(index.find("sourdough starter", 10, source).size() == 2);
    CHECK(index.find("sourdoughstarter", 10, source).empty());
    CHECK(index.find("title", 10, source).size() == 1);
    // The excerpt is around the earliest of the words in the text, found again at query time,
    // the same for an entry that kept its text and one whose text comes from the source.
    const auto hits = index.find("starter filler", 10, source);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].path == "/b.gmi");
    CHECK(hits[0].excerpt == hits[1].excerpt);
    CHECK(hits[0].excerpt == excerpt_around(text, text.find("Filler"), 6));
    const auto late = index.find("STARTER", 10, source);
    REQUIRE(late.size() == 2);
    CHECK(late[1].excerpt == excerpt_around(text, text.find("STARTER"), 7));
    CHECK(late[1].excerpt.find("STARTER") != std::string::npos);
    // Without a source, a dropped text has no excerpt (as before).
    const auto bare = index.find("starter", 10);
    REQUIRE(bare.size() == 2);
    CHECK(bare[0].excerpt.empty());
    CHECK_FALSE(bare[1].excerpt.empty());
}

TEST_CASE("excerpts surround the match and never cut a UTF-8 sequence")
{
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "日本語 é ";
    text += "needle ";
    for (int i = 0; i < 40; ++i)
        text += "ünïcödé 𝄞 ";
    for (std::size_t pos = 0; pos < text.size(); pos += 7) {
        const std::string e = excerpt_around(text, pos, 3, 50);
        CHECK_MESSAGE(smolpub::text::is_valid_utf8(e), pos);
    }
    const std::string e = excerpt_around(text, text.find("needle"), 6);
    CHECK(e.find("needle") != std::string::npos);
    CHECK(e.starts_with("…"));
    CHECK(e.ends_with("…"));
    CHECK(e.size() < 200);
}

TEST_CASE("the search pages list hits with excerpts, or say there are none")
{
    const auto s = sample_site();
    const document g = s->search_page_gemini("sourdough");
    CHECK(g.mime.starts_with("text/gemini"));
    CHECK(g.body.starts_with("=> / Home\n\n# Search: sourdough\n"));
    CHECK(g.body.find("=> /recipes/bread.gmi 2025-06-15 - Bread\n> A simple sourdough loaf.") != std::string::npos);
    CHECK(s->search_page_gemini("zzzz").body.find("No results.") != std::string::npos);
    // A query cannot inject gemtext lines.
    CHECK(s->search_page_gemini("x\n=> gemini://evil/ y").body.find("\n=> gemini://evil/") == std::string::npos);

    const document m = s->search_page_gopher("sourdough");
    auto lines = lines_of(m.body, "\r\n");
    REQUIRE(!lines.empty());
    CHECK(lines.back() != ".");  // items only: the final "." is gopher/response's
    for (const auto& line : lines)
        CHECK_MESSAGE(std::count(line.begin(), line.end(), '\t') == 3, line);
    CHECK(m.body.find("1" "2025-06-15 - Bread\t/recipes/bread.gmi\tgopher.example.org\t7070\r\n") != std::string::npos);
    CHECK(m.body.ends_with("\r\n"));
}

TEST_CASE("word numbers past one byte still find their words, and a shared vocabulary keeps entries valid")
{
    search_index first;
    std::string many;
    for (int i = 0; i < 300; ++i)
        many += "w" + std::to_string(i) + " ";
    const auto big = first.make_entry("/big.gmi", "Big", "2026-01-01", 1, many + "\n");
    const auto late = first.make_entry("/late.gmi", "Late", "2026-01-02", 2, "w299 and zebra\n");
    CHECK(first.vocabulary()->size() == 302);
    CHECK(late->word_ids.size() > 3);  // "and" and "zebra" are numbered past 127
    first.add(big);
    first.add(late);
    CHECK(first.find("w299", 10).size() == 2);
    CHECK(first.find("zebr", 10).size() == 1);
    CHECK(first.find("w150", 10).size() == 1);
    CHECK(first.entry_words(*late) == "w299 and zebra");

    // A reload's index numbers new words after the old ones and keeps the old entries.
    search_index second(first.vocabulary());
    second.add(late);
    second.add(second.make_entry("/new.gmi", "New", "2026-01-03", 3, "zebra crossing\n"));
    CHECK(first.vocabulary()->size() == 303);
    CHECK(second.find("zebra", 10).size() == 2);
    CHECK(second.find("crossing", 10).size() == 1);
    CHECK(first.find("crossing", 10).empty());  // the snapshot before does not see new entries
}
