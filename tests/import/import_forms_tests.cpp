// SPDX-License-Identifier: ISC
// Forms of a WordPress export that the other tests leave out (#27): scheduled posts, and
// the media shortcodes in each of their forms.
#include <doctest/doctest.h>

#include "import/wordpress_import.hpp"
#include "tests/import/import_fixture.hpp"

using namespace smolpub::import;
using namespace smolpub::import::test;

TEST_CASE("a scheduled (future) post stays a draft and the report names it with its day")
{
    temp_dir tmp;
    std::string xml = read_file(fixtures / "wxr12.xml");
    const auto end = xml.rfind("</channel>");
    REQUIRE(end != std::string::npos);
    xml.insert(end, "\t<item>\n\t\t<title><![CDATA[The walk next week]]></title>\n"
                    "\t\t<link>https://riverside.example/?p=701</link>\n"
                    "\t\t<dc:creator><![CDATA[wren]]></dc:creator>\n"
                    "\t\t<content:encoded><![CDATA[Meet at the weir.]]></content:encoded>\n"
                    "\t\t<wp:post_id>701</wp:post_id>\n"
                    "\t\t<wp:post_date><![CDATA[2030-01-05 09:00:00]]></wp:post_date>\n"
                    "\t\t<wp:post_date_gmt><![CDATA[2030-01-05 08:00:00]]></wp:post_date_gmt>\n"
                    "\t\t<wp:post_name><![CDATA[walk]]></wp:post_name>\n"
                    "\t\t<wp:status><![CDATA[future]]></wp:status>\n"
                    "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n\t</item>\n");
    write_file(tmp.path() / "in" / "wxr12.xml", xml);
    import_options options;
    options.export_file = tmp.path() / "in" / "wxr12.xml";
    options.dir = tmp.path() / "capsule";
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const std::string text = format_report(*report);
    INFO(text);
    CHECK(report->posts == 3);  // the fixture's published ones, no more
    CHECK(report->drafts == 3);
    CHECK(text.find("Not published (") != std::string::npos);
    CHECK(text.find("  post 701 (The walk next week): scheduled for 2030-01-05 09:00:00, kept as a draft\n") !=
          std::string::npos);
    const std::string walk = read_file(options.dir / "content/uncategorized/walk.md");
    CHECK(walk.find("\ndraft = true\n") != std::string::npos);
}

TEST_CASE("an export that binds wp: to WordPress's namespace but whose items have no wp: field is refused")
{
    // A plain RSS feed with the declaration pasted in: importing it would make every item an
    // undated draft and call that a success.
    temp_dir tmp;
    write_file(tmp.path() / "feed.xml",
               "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>"
               "<title>A feed</title><link>https://feed.example/</link>"
               "<item><title>One</title><link>https://feed.example/one</link><description>Text one</description></item>"
               "<item><title>Two</title><link>https://feed.example/two</link><description>Text two</description></item>"
               "</channel></rss>\n");
    import_options options;
    options.export_file = tmp.path() / "feed.xml";
    options.dir = tmp.path() / "out";
    const auto report = import_wordpress(options);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().find("feed.xml:1:1: not a WordPress export: none of its 2 items has a wp: field") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(tmp.path() / "out"));
}
