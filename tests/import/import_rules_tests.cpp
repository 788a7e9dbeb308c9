// SPDX-License-Identifier: ISC
// The importer's promises about DIR and about privacy, checked on real imports.
#include "import/wordpress_import.hpp"

#include <doctest/doctest.h>

#include "content/content.hpp"
#include "import/entities.hpp"
#include "import/wxr_reader.hpp"
#include "tests/import/import_fixture.hpp"

using namespace smolpub::import;
using namespace smolpub::import::test;

TEST_CASE("import refuses a non-empty DIR without --force and writes nothing")
{
    temp_dir tmp;
    write_file(tmp.path() / "notes.txt", "mine");
    import_options options;
    options.export_file = fixtures / "wxr10.xml";
    options.dir = tmp.path();
    const auto report = import_wordpress(options);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().find("not empty") != std::string::npos);
    CHECK(read_tree(tmp.path()).size() == 1);
}

TEST_CASE("import --force writes only missing files, never overwrites, and lists what it left")
{
    temp_dir tmp;
    write_file(tmp.path() / "smolpub.toml", "# my own config\n");
    write_file(tmp.path() / "content/diary/first-entry.md", "my own edit\n");
    import_options options;
    options.export_file = fixtures / "wxr10.xml";
    options.dir = tmp.path();
    options.force = true;
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    CHECK(read_file(tmp.path() / "smolpub.toml") == "# my own config\n");
    CHECK(read_file(tmp.path() / "content/diary/first-entry.md") == "my own edit\n");
    CHECK(fs::exists(tmp.path() / "content/diary/first-entry.comments.toml"));
    CHECK(report->existing == std::vector<std::string>{"content/diary/first-entry.md", "smolpub.toml"});
    CHECK_FALSE(import_complete(*report));
    CHECK(format_report(*report).find("Not written, already there:\n  content/diary/first-entry.md\n") !=
          std::string::npos);
}

TEST_CASE_FIXTURE(capsule_import, "import never writes a commenter's e-mail or IP address")
{
    options.uploads = fixtures / "uploads";
    options.keep_pingbacks = true;
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const auto files = read_tree(options.dir);
    REQUIRE(files.size() > 5);
    for (const auto& [path, bytes] : files) {
        CAPTURE(path);
        for (const char* secret : {"@mail.example", "@spam.example", "wren@", "tom@", "192.0.2.", "198.51.100.", "203.0.113."})
            CHECK(bytes.find(secret) == std::string::npos);
    }
    CHECK(format_report(*report).find("@") == std::string::npos);
}

TEST_CASE("a malformed export fails with file:line:col and writes nothing")
{
    temp_dir tmp;
    const std::string refusal = import_refused(tmp, "bad.xml", "<rss><channel>\n<item><title>x</titel></item>\n</channel></rss>\n");
    CHECK(refusal.find("bad.xml:2:") != std::string::npos);
}

TEST_CASE("an export declaring wp: as https://wordpress.org/export/ imports as the http one does")
{
    temp_dir tmp;
    std::string xml = read_file(fixtures / "wxr12.xml");
    const std::string http = "http://wordpress.org/export/";
    REQUIRE(xml.find(http) != std::string::npos);
    for (auto at = xml.find(http); at != std::string::npos; at = xml.find(http, at))
        xml.replace(at, http.size(), "https://wordpress.org/export/");
    REQUIRE(xml.find(http) == std::string::npos);
    // The same file name: the written smolpub.toml names the export it came from.
    std::filesystem::create_directories(tmp.path() / "secure");
    write_file(tmp.path() / "secure" / "wxr12.xml", xml);

    import_options plain;
    plain.export_file = fixtures / "wxr12.xml";
    plain.dir = tmp.path() / "http";
    import_options secure = plain;
    secure.export_file = tmp.path() / "secure" / "wxr12.xml";
    secure.dir = tmp.path() / "https";
    REQUIRE(import_wordpress(plain).has_value());
    REQUIRE(import_wordpress(secure).has_value());
    const auto expected = read_tree(plain.dir);
    REQUIRE(expected.size() > 3);
    CHECK(read_tree(secure.dir) == expected);
}

TEST_CASE_FIXTURE(capsule_import, "every imported post and page names its WordPress id, and the capsule loads with it")
{
    const std::string about = imported("content/about.md");
    CHECK(about.find("\nwordpress_id = 201\n") != std::string::npos);  // an integer, not a string
    const std::string post = read_file(options.dir / "content/news/local/herons-return.md");
    CHECK(post.find("\nwordpress_id = 101\n") != std::string::npos);
    // Today's loader takes the key it does not know yet: nothing broken, every page there.
    const auto loaded = smolpub::content::load_content(options.dir / "content");
    REQUIRE(loaded.has_value());
    for (const auto& problem : loaded->problems)
        CHECK_MESSAGE(problem.message.find("wordpress_id") == std::string::npos, problem.message);
    CHECK(loaded->site.pages.size() >= 2);
    CHECK(!loaded->site.articles.empty());
}

namespace {

/// wxr12.xml with its `xmlns:wp="..."` declaration replaced by `declaration` (may be empty).
std::string with_wp_declaration(const std::string& declaration)
{
    std::string xml = read_file(fixtures / "wxr12.xml");
    const std::string original = "xmlns:wp=\"http://wordpress.org/export/1.2/\"";
    const auto at = xml.find(original);
    REQUIRE(at != std::string::npos);
    xml.replace(at, original.size(), declaration);
    return xml;
}

} // namespace

TEST_CASE("WXR is recognised by the namespace the export binds to wp: http or https, 1.0 to 1.2, with or without the slash")
{
    CHECK(is_wxr_namespace("http://wordpress.org/export/1.0/"));
    CHECK(is_wxr_namespace("https://wordpress.org/export/1.1"));
    CHECK_FALSE(is_wxr_namespace("http://wordpress.org/export/1.3/"));
    CHECK_FALSE(is_wxr_namespace("http://wordpress.org/export/"));
    CHECK_FALSE(is_wxr_namespace("ftp://wordpress.org/export/1.2/"));
    CHECK_FALSE(is_wxr_namespace("http://example.org/export/1.2/"));

    temp_dir tmp;
    import_options plain;
    plain.export_file = fixtures / "wxr12.xml";
    plain.dir = tmp.path() / "reference";
    REQUIRE(import_wordpress(plain).has_value());
    const auto expected = read_tree(plain.dir);
    REQUIRE(expected.size() > 3);
    int n = 0;
    for (const char* scheme : {"http", "https"})
        for (const char* version : {"1.0", "1.1", "1.2"})
            for (const char* slash : {"/", ""}) {
                const std::string uri = std::string{scheme} + "://wordpress.org/export/" + version + slash;
                CAPTURE(uri);
                // Declared on <channel> rather than <rss>, as some exporters do, for half of them.
                std::string xml = with_wp_declaration(n % 2 ? "" : "xmlns:wp=\"" + uri + "\"");
                if (n % 2)
                    xml.replace(xml.find("<channel>"), 9, "<channel xmlns:wp=\"" + uri + "\">");
                const fs::path dir = tmp.path() / ("v" + std::to_string(n++));
                write_file(dir / "wxr12.xml", xml);  // the same name: smolpub.toml names it
                import_options variant = plain;
                variant.export_file = dir / "wxr12.xml";
                variant.dir = dir / "capsule";
                const auto report = import_wordpress(variant);
                REQUIRE_MESSAGE(report.has_value(), (report ? std::string{} : report.error()));
                CHECK(read_tree(variant.dir) == expected);
            }
}

TEST_CASE("an export without a wp namespace, or with one that is not WordPress's, is refused with a clear message")
{
    temp_dir tmp;
    const std::pair<const char*, const char*> cases[] = {
        {"", "declares no namespace for the wp: prefix"},
        {"xmlns:wp=\"http://wordpress.org/export/1.3/\"", "bound to \"http://wordpress.org/export/1.3/\""},
        {"xmlns:wp=\"http://example.org/not-wordpress/\"", "bound to \"http://example.org/not-wordpress/\""},
    };
    for (const auto& [declaration, message] : cases) {
        CAPTURE(declaration);
        const std::string refusal = import_refused(tmp, "odd.xml", with_wp_declaration(declaration));
        CHECK(refusal.find("odd.xml:1:1: not a WordPress export") != std::string::npos);
        CHECK(refusal.find(message) != std::string::npos);
        CHECK_FALSE(fs::exists(tmp.path() / "out"));
    }
}

TEST_CASE("a title's HTML becomes text: tags dropped, entities decoded, a lone < kept")
{
    bool dropped = true;
    CHECK(plain_title("Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>", &dropped) == "Markup: Title With Markup");
    CHECK(dropped);
    CHECK(plain_title("The heron&#8217;s return &ndash; at last", &dropped) == "The heron\u2019s return \u2013 at last");
    CHECK_FALSE(dropped);  // entities alone are no change worth reporting
    CHECK(plain_title("1 < 2 &amp;&amp; 3 > 2", &dropped) == "1 < 2 && 3 > 2");
    CHECK_FALSE(dropped);
    CHECK(plain_title("Line<br/>break <span class=\"x\">and</span>  space ", &dropped) == "Line break and space");
    CHECK(dropped);
    // An encoded tag is the author's text, shown as written: decoded after the tags are gone.
    CHECK(plain_title("Use &lt;em&gt; for stress") == "Use <em> for stress");
    CHECK(plain_title("<b></b>").empty());
    CHECK(plain_title("unclosed <b") == "unclosed <b");
}

TEST_CASE_FIXTURE(capsule_import, "an imported title with HTML is written as text, and the report names it")
{
    edit({{"<title><![CDATA[Swifts over the weir]]></title>",
          "<title><![CDATA[Swifts <em>over</em> the <b>we<sup>ir</sup></b>]]></title>"}});
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const std::string post = read_file(options.dir / "content/uncategorized/swifts.md");
    CHECK(post.starts_with("+++\ntitle = \"Swifts over the weir\"\n"));
    REQUIRE(report->retitled.size() == 1);
    CHECK(format_report(*report).find("Titles made plain text") != std::string::npos);
    CHECK(format_report(*report).find("  post 102: \"Swifts <em>over</em> the <b>we<sup>ir</sup></b>\" became \"Swifts over the weir\"\n") !=
          std::string::npos);
}

TEST_CASE_FIXTURE(capsule_import, "a post's structure: headings one level down, <!--more--> the summary, <!--nextpage--> a rule")
{
    edit({{"<!-- /wp:paragraph -->\n\n<!-- wp:gallery -->",
          "<!-- /wp:paragraph -->\n<!-- wp:more --><!--more Read on--><!-- /wp:more -->\n"
          "<h1>Top</h1><h2>Second</h2><h6>Deepest</h6>\n"
          "<p>Page one ends.</p><!-- wp:nextpage --><!--nextpage--><!-- /wp:nextpage --><p>Page two.</p>\n"
          "<!-- wp:gallery -->"}});
    const std::string post = imported("content/uncategorized/swifts.md");
    INFO(post);
    CHECK(post.find("\ndescription = \"First swifts of the year. See about us and the heron.\"\n") != std::string::npos);
    CHECK(post.find("\n## Top\n") != std::string::npos);
    CHECK(post.find("\n### Second\n") != std::string::npos);
    CHECK(post.find("\n###### Deepest\n") != std::string::npos);
    CHECK(post.find("\n# ") == std::string::npos);
    CHECK(post.find("Page one ends.\n\n---\n\nPage two.") != std::string::npos);
    CHECK(post.find("more") == std::string::npos);  // the marker itself leaves nothing

    // The loader reads the summary as the article's description (listings and feeds).
    const auto loaded = smolpub::content::load_content(options.dir / "content");
    REQUIRE(loaded.has_value());
    bool found = false;
    for (const auto& a : loaded->site.articles)
        if (a.slug == "swifts") {
            found = true;
            CHECK(a.meta.description == "First swifts of the year. See about us and the heron.");
        }
    CHECK(found);
}

TEST_CASE("bad input is named in the report and the rest of the import goes on")
{
    temp_dir tmp;
    std::string xml = read_file(fixtures / "wxr12.xml");
    std::string deep;
    for (int i = 0; i < 300; ++i)
        deep += "<div>";
    deep += "deep words";
    // The swifts post: nested past libxml2's limit, then a comment never closed.
    const std::string first = "<!-- /wp:paragraph -->\n\n<!-- wp:gallery -->";
    REQUIRE(xml.find(first) != std::string::npos);
    xml.replace(xml.find(first), first.size(), "<!-- /wp:paragraph -->\n" + deep + "\n<!-- wp:gallery -->");
    const std::string code = "<!-- /wp:code -->]]></content:encoded>\n\t\t<wp:post_id>102</wp:post_id>";
    REQUIRE(xml.find(code) != std::string::npos);
    xml.replace(xml.find(code), code.size(),
                "<!-- /wp:code --><p>Then <!-- oops, never closed <p>words after</p>]]></content:encoded>\n"
                "\t\t<wp:post_id>102</wp:post_id>");
    // A reply to a comment the export does not hold.
    const std::string parent = "<wp:comment_id>12</wp:comment_id>";
    REQUIRE(xml.find(parent) != std::string::npos);
    const auto reply_parent = xml.find("<wp:comment_parent>", xml.find(parent));
    const auto reply_end = xml.find("</wp:comment_parent>", reply_parent);
    xml.replace(reply_parent, reply_end - reply_parent, "<wp:comment_parent>999");
    write_file(tmp.path() / "in" / "wxr12.xml", xml);

    import_options options;
    options.export_file = tmp.path() / "in" / "wxr12.xml";
    options.dir = tmp.path() / "capsule";
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const std::string text = format_report(*report);
    INFO(text);
    CHECK(text.find("post 102 (Swifts over the weir): HTML nested deeper than 120 elements") != std::string::npos);
    CHECK(text.find("post 102 (Swifts over the weir): an HTML comment (<!--) is never closed") != std::string::npos);
    CHECK(text.find(": comment 12 answers comment 999, which is not in the export; shown at the top level") !=
          std::string::npos);
    CHECK(text.find("item 403 (Blue mug): unknown post type 'product', not imported") != std::string::npos);
    const std::string swifts = read_file(options.dir / "content/uncategorized/swifts.md");
    CHECK(swifts.find("deep words") != std::string::npos);
    CHECK(swifts.find("words after") != std::string::npos);
    CHECK(swifts.find("make install") != std::string::npos);
    // The rest is all there.
    CHECK(report->posts == 3);
    CHECK(report->comments == 4);
}

TEST_CASE_FIXTURE(capsule_import, "--uploads: the old host, *.files.wordpress.com and sized variants become local files, the rest is listed for wget")
{
    const std::string missing = "<img src=\"https://riverside.example/wp-content/uploads/2009/03/missing.png\" alt=\"Missing\" />";
    edit({{missing,
          missing + "\n<img src=\"https://riverside.files.wordpress.com/2009/03/heron-150x150.jpg\" alt=\"Dotcom\" />"
          "\n<img src=\"//riverside.files.wordpress.com/2010/01/gone-580x300.jpg\" alt=\"Gone\" />"
          "\n<img src=\"http://www.riverside.example/wp-content/uploads/2009/03/missing.png\" alt=\"Again\" />"}});
    options.uploads = fixtures / "uploads";
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const std::string post = read_file(options.dir / "content/news/local/herons-return.md");
    INFO(post);
    CHECK(post.find("![Dotcom](/uploads/2009/03/heron.jpg)") != std::string::npos);  // the original, not the 150x150
    CHECK(post.find("![Gone](//riverside.files.wordpress.com/2010/01/gone-580x300.jpg)") != std::string::npos);
    // One URL a line, each once (the same file under www. is another URL: wget wants what the post says).
    CHECK(read_file(options.dir / "uploads-missing.txt") ==
          "https://riverside.example/wp-content/uploads/2009/03/missing.png\n"
          "https://riverside.files.wordpress.com/2010/01/gone-580x300.jpg\n"
          "http://www.riverside.example/wp-content/uploads/2009/03/missing.png\n");
    CHECK(format_report(*report).find("3 linked uploads are not in the uploads folder: their URLs are in uploads-missing.txt") !=
          std::string::npos);
    CHECK_FALSE(import_complete(*report));

    // Without --uploads nothing is looked for, and no list is written.
    import_options plain = options;
    plain.uploads.clear();
    plain.dir = tmp.path() / "plain";
    REQUIRE(import_wordpress(plain).has_value());
    CHECK_FALSE(fs::exists(plain.dir / "uploads-missing.txt"));
}

TEST_CASE("an export split in two files imports as the whole one, and an item in both counts once")
{
    temp_dir tmp;
    const std::string xml = read_file(fixtures / "wxr12.xml");
    std::vector<std::string> items;
    const auto first = xml.find("\t<item>");
    const auto footer = xml.rfind("</channel>");
    REQUIRE(first != std::string::npos);
    for (auto at = first; at < footer;) {
        const auto end = xml.find("</item>\n", at);
        REQUIRE(end != std::string::npos);
        items.push_back(xml.substr(at, end + 8 - at));
        at = xml.find("\t<item>", end);
        if (at == std::string::npos)
            break;
    }
    REQUIRE(items.size() > 6);
    const std::string head = xml.substr(0, first), tail = xml.substr(footer);
    std::string a = head, b = head;
    for (std::size_t i = 0; i < items.size(); ++i)
        (i < items.size() / 2 ? a : b) += items[i];
    b += items.front();  // WordPress.com repeats some items in every file
    write_file(tmp.path() / "in" / "A.xml", a + tail);
    write_file(tmp.path() / "in" / "B.xml", b + tail);

    import_options with_uploads;
    with_uploads.uploads = fixtures / "uploads";
    const auto [whole, split, one, two] = import_whole_and_split(tmp, with_uploads);

    auto expected = read_tree(whole.dir);
    auto actual = read_tree(split.dir);
    REQUIRE(expected.contains("smolpub.toml"));
    CHECK(actual["smolpub.toml"].starts_with("# Written by `smolpub import wordpress` from \"A.xml\" and 1 more.\n"));
    expected.erase("smolpub.toml");
    actual.erase("smolpub.toml");
    CHECK(actual == expected);
    CHECK(two->posts == one->posts);
    CHECK(two->comments == one->comments);
    CHECK(two->duplicates == 1);
    CHECK(format_report(*two).find("1 item is in more than one export file: the first copy was imported") != std::string::npos);
}

TEST_CASE_FIXTURE(capsule_import, "a post's own excerpt is its description, before the text ahead of <!--more-->")
{
    edit({{"<excerpt:encoded><![CDATA[]]></excerpt:encoded>",
          "<excerpt:encoded><![CDATA[The heron is <em>back</em> &amp; fishing.]]></excerpt:encoded>"}});
    const std::string post = imported("content/news/local/herons-return.md");
    CHECK(post.find("\ndescription = \"The heron is back & fishing.\"\n") != std::string::npos);
}

TEST_CASE_FIXTURE(capsule_import, "a gallery is image blocks, each with its attachment's caption, not a list")
{
    const std::string plan = "<title><![CDATA[Plan of the weir]]></title>";
    edit({{plan,
          plan + "\n\t\t<excerpt:encoded><![CDATA[The weir, &amp; its <em>plan</em>]]></excerpt:encoded>"}});
    const std::string post = imported("content/uncategorized/swifts.md");
    INFO(post);
    CHECK(post.find("\n![heron](https://riverside.example/wp-content/uploads/2009/03/heron.jpg)\n\n") != std::string::npos);
    CHECK(post.find("\n![Plan of the weir](https://riverside.example/wp-content/uploads/2009/03/plan-640x480.png)\n\nThe weir, & its plan\n") !=
          std::string::npos);
    CHECK(post.find("- ![") == std::string::npos);
}

TEST_CASE_FIXTURE(capsule_import, "the featured image is the first image of the post, brought home with --uploads")
{
    const std::string meta = "<wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>";
    edit({{meta,
          "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
          "<wp:meta_value><![CDATA[302]]></wp:meta_value></wp:postmeta>\n\t\t" + meta}});
    options.uploads = fixtures / "uploads";
    const std::string post = imported("content/news/local/herons-return.md");
    INFO(post);
    const auto body = post.find("+++\n\n", 4);
    REQUIRE(body != std::string::npos);
    CHECK(post.substr(body + 5).starts_with("![Plan of the weir](/uploads/2009/03/plan-640x480.png)\n\n"));
}
