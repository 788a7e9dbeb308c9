// SPDX-License-Identifier: ISC
// What a real export holds beyond plain posts (#27): footnotes, dynamic blocks, cover
// images, block galleries, pingbacks, split exports' comments, XML nested deep.
#include "import/html_markdown.hpp"
#include "import/json_values.hpp"
#include "import/wordpress_import.hpp"
#include "import/wxr_reader.hpp"
#include "render/gemtext.hpp"
#include "text/utf8.hpp"

#include <doctest/doctest.h>

#include "content/content.hpp"
#include "tests/import/import_fixture.hpp"

using namespace smolpub::import;
using namespace smolpub::import::test;

TEST_CASE("json_values: the strings of an object and of an array of objects, nothing from malformed JSON")
{
    const auto o = json_object_strings(R"({"feedURL":"https:\/\/x.example\/feed","n":3,"deep":{"a":[1,{"b":"c"}]},"u":"caf\u00e9 \ud83d\ude00"})");
    CHECK(json_field(o, "feedURL") == "https://x.example/feed");
    CHECK(json_field(o, "u") == "caf\u00e9 \U0001F600");
    // A lone surrogate or NUL is no character: U+FFFD, so the text stays UTF-8.
    const auto odd = json_object_strings(R"({"s":"a\ud800b","z":"\u0000"})");
    CHECK(json_field(odd, "s") == "a\uFFFDb");
    CHECK(json_field(odd, "z") == "\uFFFD");
    CHECK_FALSE(json_field(o, "n").has_value());
    CHECK_FALSE(json_field(o, "b").has_value());
    const auto notes = json_array_of_objects(R"([{"content":"One <em>note</em>","id":"a1"},{"id":"b2","content":"Two"}])");
    REQUIRE(notes.size() == 2);
    CHECK(json_field(notes[1], "content") == "Two");
    for (const char* bad : {"", "[", "{\"a\":", "[{\"a\":\"b\"}", "{\"a\":\"\\x\"}", "[1]", "{\"a\":\"b\"} x"})
        CHECK(json_object_strings(bad).empty() == true);
    CHECK(json_array_of_objects("[{\"a\":\"b\"},]").empty());
    std::string deep(100000, '[');
    CHECK(json_array_of_objects(deep).empty());
    CHECK(json_object_strings("{\"a\":" + deep).empty());
}

TEST_CASE("footnotes of the block editor become [n] markers and a Notes list where the block stands")
{
    markdown_options options;
    options.heading_shift = 1;
    options.footnotes = {{"f-b", "Second <em>note</em>, with <a href=\"https://x.example/\">a link</a>."}, {"f-a", "First note."}};
    const std::string html =
        "<!-- wp:paragraph --><p>A paragraph<sup data-fn=\"f-a\" class=\"fn\"><a href=\"#f-a\" id=\"f-a-link\">1</a></sup> and "
        "another<sup data-fn=\"f-b\" class=\"fn\"><a href=\"#f-b\" id=\"f-b-link\">2</a></sup>.</p><!-- /wp:paragraph -->\n"
        "<!-- wp:footnotes /-->\n<!-- wp:paragraph --><p>After.</p><!-- /wp:paragraph -->";
    const std::string md = html_to_markdown(html, options);
    INFO(md);
    CHECK(md == "A paragraph\\[1\\] and another\\[2\\].\n\n## Notes\n\n1. First note.\n"
                "2. Second *note*, with [a link](https://x.example/).\n\nAfter.\n");
    // Without the block, the notes end the post.
    const std::string end = html_to_markdown("<p>Text<sup data-fn=\"f-a\"><a href=\"#f-a\">1</a></sup></p>", options);
    CHECK(end == "Text\\[1\\]\n\n## Notes\n\n1. First note.\n2. Second *note*, with [a link](https://x.example/).\n");
    const std::string gemtext = smolpub::render::markdown_to_gemtext(end, {});
    INFO(gemtext);
    CHECK(gemtext.find("Text[1]") != std::string::npos);
    CHECK(gemtext.find("## Notes") != std::string::npos);
}

TEST_CASE("a footnote with bytes that are not UTF-8 still makes UTF-8 Markdown")
{
    // Found by fuzz_wordpress_html: libxml2 passed 0x91 0x8C through from a note whose
    // tag was broken by 0xFF bytes.
    markdown_options options;
    options.footnotes = {{"f1", "F\x91\x8Cty <st\xFF\xFFrong>swifts</strong>"}};
    const std::string md = html_to_markdown("<p>Text<sup data-fn=\"f1\"><a href=\"#f1\">1</a></sup> \xFF</p>", options);
    INFO(md);
    CHECK(smolpub::text::is_valid_utf8(md));
    CHECK(md.find("F\uFFFD\uFFFDty") != std::string::npos);
}

TEST_CASE("classic footnotes (a footnotes div, its back links) become the same Notes list")
{
    const std::string html =
        "<p>Claim<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\">1</a></sup>, counter-claim"
        "<sup id=\"fnref:2\"><a href=\"#fn:2\">2</a></sup>. <a href=\"#top\">Up</a></p>"
        "<div class=\"footnotes\"><hr /><ol><li id=\"fn:1\"><p>The source.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\">&#8617;</a></p></li>"
        "<li id=\"fn:2\">Another.<a href=\"#fnref:2\">&#8617;</a></li></ol></div>";
    const std::string md = html_to_markdown(html);
    INFO(md);
    CHECK(md == "Claim\\[1\\], counter-claim\\[2\\]. Up\n\n## Notes\n\n1. The source.\n2. Another.\n");
}

TEST_CASE("dynamic blocks become the capsule's own pages, the post's fields or nothing, never a dangling label")
{
    markdown_options options;
    options.post_title = "Widgets";
    options.post_date = "2009-03-10";
    const std::string html =
        "<!-- wp:archives /-->"
        "<!-- wp:paragraph --><p>Archives:</p><!-- /wp:paragraph --><!-- wp:archives {\"displayAsDropdown\":true} /-->"
        "<p>Tags:</p><!-- wp:tag-cloud /--><p>Search:</p><!-- wp:search {\"label\":\"Find\",\"buttonText\":\"Go\"} /-->"
        "<p>News:</p><!-- wp:rss {\"feedURL\":\"https://wordpress.org/news/feed/\"} /--><!-- wp:rss /-->"
        "<p>Latest:</p><!-- wp:latest-posts /--><!-- wp:categories /--><!-- wp:calendar /-->"
        "<p>Latest comments:</p><!-- wp:latest-comments /-->"
        "<p>Menu:</p><!-- wp:navigation --><!-- wp:navigation-link {\"label\":\"About\",\"url\":\"https://blog.example/about/\"} /-->"
        "<!-- /wp:navigation --><p>Title:</p><!-- wp:post-title /--><!-- wp:post-date /--><!-- wp:post-author /-->"
        "<p>Keep me: this is prose</p><!-- wp:loginout /--><p>End.</p>";
    const std::string md = html_to_markdown(html, options);
    INFO(md);
    CHECK(md == "[Archive](/archive/)\n\nArchives:\n\n[Archive](/archive/)\n\nTags:\n\n[Tags](/tags/)\n\nSearch:\n\n[Find](/search)\n\n"
                "News:\n\n[Feed: https://wordpress.org/news/feed/](https://wordpress.org/news/feed/)\n\n[Atom feed](/atom.xml)\n\n"
                "Latest:\n\n[Latest posts](/archive/)\n\n[Categories](/)\n\n[Archive](/archive/)\n\n"
                "Menu:\n\n[About](https://blog.example/about/)\n\nTitle:\n\nWidgets\n\n2009-03-10\n\n"
                "Keep me: this is prose\n\nEnd.\n");
    CHECK(md.find("Latest comments:") == std::string::npos);
    // Block markers that are not dynamic leave nothing, and take no label with them.
    CHECK(html_to_markdown("<p>Note:</p><!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->") == "Note:\n\nx\n");
}

TEST_CASE("a cover image set in CSS and a block gallery's figures are images, captions kept, not list items")
{
    const std::string cover = html_to_markdown(
        "<div class=\"wp-block-cover\" style=\"background-image:url(&quot;https://x.example/sky.jpg&quot;);min-height:300px\">"
        "<div class=\"wp-block-cover__inner-container\"><p>Over the weir</p></div></div>"
        "<div style=\"background: #fff url('/img/b.png') no-repeat\">B</div><div style=\"background:url(data:image/png;base64,AAAA)\">C</div>");
    CHECK(cover == "![](https://x.example/sky.jpg)\n\nOver the weir\n\n![](/img/b.png)\n\nB\n\nC\n");
    const std::string gallery = html_to_markdown(
        "<ul><li>before</li></ul><figure class=\"wp-block-gallery columns-2\"><ul class=\"blocks-gallery-grid\">"
        "<li class=\"blocks-gallery-item\"><figure><img src=\"a.jpg\" alt=\"A\"/><figcaption class=\"blocks-gallery-item__caption\">Cap A</figcaption></figure></li>"
        "<li class=\"blocks-gallery-item\"><figure><img src=\"b.jpg\" alt=\"B\"/></figure></li></ul>"
        "<figcaption class=\"blocks-gallery-caption\">The whole gallery</figcaption></figure>");
    CHECK(gallery == "- before\n\n![A](a.jpg)\n\nCap A\n\n![B](b.jpg)\n\nThe whole gallery\n");
}

TEST_CASE_FIXTURE(capsule_import, "an import turns the footnotes meta and dynamic blocks of a post into notes and links")
{
    edit({{"<!-- /wp:paragraph -->\n\n<!-- wp:gallery -->",
          "<!-- /wp:paragraph -->\n<p>Counted<sup data-fn=\"7e1\" class=\"fn\"><a href=\"#7e1\" id=\"7e1-link\">1</a></sup>.</p>\n"
          "<p>Archives:</p><!-- wp:archives /-->\n<!-- wp:footnotes /-->\n<!-- wp:gallery -->"},
         {"<wp:post_id>102</wp:post_id>",
          "<wp:post_id>102</wp:post_id>\n<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value>"
          "<![CDATA[[{\"content\":\"Forty <strong>swifts<\\/strong>\",\"id\":\"7e1\"}]]]></wp:meta_value></wp:postmeta>"}});
    const std::string swifts = imported("content/uncategorized/swifts.md");
    INFO(swifts);
    CHECK(swifts.find("Counted\\[1\\].\n\nArchives:\n\n[Archive](/archive/)\n\n## Notes\n\n1. Forty **swifts**\n") !=
          std::string::npos);
}

TEST_CASE_FIXTURE(capsule_import, "an approved pingback is a mention: the linking page and its title, nothing else of it")
{
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const std::string archive = read_file(options.dir / "content/news/local/herons-return.comments.toml");
    INFO(archive);
    CHECK(archive.find("[[comment]]\nid = \"16\"\nauthor = \"Other Blog \u00bb Herons\"\ndate = 2009-03-12T09:00:00Z\n"
                       "mention = \"https://other.example/herons/\"\n") != std::string::npos);
    CHECK(archive.find("the heron is back") == std::string::npos);  // its excerpt of the other page
    CHECK(archive.find("203.0.113") == std::string::npos);
    CHECK(report->mentions == 1);
    CHECK(format_report(*report).find("  mentions (pingbacks and trackbacks, listed as links): 1\n") != std::string::npos);
    // The loader reads it as a mention, beside the comments.
    const auto loaded = smolpub::content::load_content(options.dir / "content");
    REQUIRE(loaded.has_value());
    bool found = false;
    for (const auto& a : loaded->site.articles)
        for (const auto& c : a.comments())
            if (c.id == "16") {
                found = true;
                CHECK(c.mention == "https://other.example/herons/");
                CHECK(c.body_markdown.empty());
            }
    CHECK(found);
    for (const auto& problem : loaded->problems)
        CHECK_MESSAGE(problem.message.find("comment") == std::string::npos, problem.message);
}

TEST_CASE("a post in two files of a split export keeps the comments of both copies, each once")
{
    temp_dir tmp;
    const std::string xml = read_file(fixtures / "wxr12.xml");
    const auto first = xml.find("\t<item>");
    const auto second = xml.find("\t<item>", first + 1);
    const auto footer = xml.rfind("</channel>");
    REQUIRE(second != std::string::npos);
    const std::string head = xml.substr(0, first), herons = xml.substr(first, second - first), tail = xml.substr(footer);
    // A: the herons post with comments 11-13; B: every item, the herons post with 13-17.
    const auto c14 = herons.find("\t\t<wp:comment>\n\t\t\t<wp:comment_id>14<");
    const auto c11 = herons.find("\t\t<wp:comment>\n\t\t\t<wp:comment_id>11<");
    const auto c13 = herons.find("\t\t<wp:comment>\n\t\t\t<wp:comment_id>13<");
    const auto end = herons.find("\t</item>");
    REQUIRE(c14 != std::string::npos);
    REQUIRE(c11 != std::string::npos);
    REQUIRE(c13 != std::string::npos);
    const std::string a_copy = herons.substr(0, c14) + herons.substr(end);
    const std::string b_copy = herons.substr(0, c11) + herons.substr(c13);
    write_file(tmp.path() / "in" / "A.xml", head + a_copy + tail);
    write_file(tmp.path() / "in" / "B.xml", head + b_copy + xml.substr(second, footer - second) + tail);

    const auto [whole, split, one, two] = import_whole_and_split(tmp);
    const std::string archive = "content/news/local/herons-return.comments.toml";
    CHECK(read_file(split.dir / archive) == read_file(whole.dir / archive));
    CHECK(two->comments == one->comments);
    CHECK(two->mentions == one->mentions);
    CHECK(two->spam == one->spam);
    CHECK(format_report(*two).find("appears twice") == std::string::npos);
}

TEST_CASE("ill-formed UTF-8 that libxml2 lets through a CDATA section comes out as U+FFFD")
{
    // Found by fuzz_wxr: an overlong 0xC1 0xBE inside <content:encoded>'s CDATA.
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\n<item><title>One</title>"
        "<wp:post_id>1</wp:post_id><content:encoded><![CDATA[<p>\xC7\x8F\xC1\xBE after</p>]]></content:encoded></item>\n"
        "</channel></rss>\n";
    std::vector<std::string> bodies;
    const auto read = read_wxr_bytes(xml, "odd.xml", [&](const wxr_channel&, wxr_item&& item) { bodies.push_back(item.content); });
    REQUIRE_MESSAGE(read.has_value(), read.error());
    REQUIRE(bodies.size() == 1);
    CHECK(smolpub::text::is_valid_utf8(bodies[0]));
    CHECK(bodies[0] == "<p>\xC7\x8F\uFFFD\uFFFD after</p>");
}

TEST_CASE("XML nested past libxml2's 256 levels is read, past the reader's bound, the item is named")
{
    const auto export_with = [](int levels) {
        std::string nest;
        for (int i = 0; i < levels; ++i)
            nest += "<x:d>";
        nest += "deep";
        for (int i = 0; i < levels; ++i)
            nest += "</x:d>";
        return "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:x=\"urn:x\"><channel>\n"
               "<item><title>One</title><wp:post_id>1</wp:post_id></item>\n"
               "<item><title>Deep</title><wp:post_id>2</wp:post_id>\n<x:meta>" +
               nest + "</x:meta></item>\n<item><title>After</title><wp:post_id>3</wp:post_id></item>\n</channel></rss>\n";
    };
    std::vector<std::string> titles;
    const auto sink = [&](const wxr_channel&, wxr_item&& item) { titles.push_back(item.title); };
    const auto read = read_wxr_bytes(export_with(300), "deep.xml", sink);
    REQUIRE_MESSAGE(read.has_value(), read.error());
    CHECK(titles == std::vector<std::string>{"One", "Deep", "After"});

    titles.clear();
    const auto refused = read_wxr_bytes(export_with(12000), "deeper.xml", sink);
    REQUIRE_FALSE(refused.has_value());
    INFO(refused.error());
    CHECK(refused.error().starts_with("deeper.xml:5:"));  // where the nesting went too deep
    CHECK(refused.error().find("nested deeper than 10000 levels") != std::string::npos);
    CHECK(refused.error().find("in the <item> that starts at line 4") != std::string::npos);
}
