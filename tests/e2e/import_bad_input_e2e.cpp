// SPDX-License-Identifier: ISC
// Bad input in a WordPress export does not stop the import: a post nested deeper than
// libxml2's default limit of 256 elements, and one with an HTML comment never closed, are
// imported with their text, named in the report, pass `check` and are served.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli_support.hpp"
#include "import_support.hpp"
#include "server_harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

std::string post_item(std::string_view id, std::string_view slug, const std::string& html)
{
    return "\t<item>\n\t\t<title><![CDATA[Post " + std::string{slug} + "]]></title>\n"
           "\t\t<link>https://riverside.example/2009/06/01/" + std::string{slug} + "/</link>\n"
           "\t\t<dc:creator><![CDATA[wren]]></dc:creator>\n"
           "\t\t<content:encoded><![CDATA[" + html + "]]></content:encoded>\n"
           "\t\t<wp:post_id>" + std::string{id} + "</wp:post_id>\n"
           "\t\t<wp:post_date_gmt><![CDATA[2009-06-01 09:00:00]]></wp:post_date_gmt>\n"
           "\t\t<wp:post_name><![CDATA[" + std::string{slug} + "]]></wp:post_name>\n"
           "\t\t<wp:status><![CDATA[publish]]></wp:status>\n"
           "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n\t</item>\n";
}

} // namespace

TEST_CASE_FIXTURE(smolpub::e2e::import_scratch, "posts with HTML nested past libxml2's limit or a comment never closed are imported, reported and served")
{
    std::string deep;
    for (int i = 0; i < 400; ++i)
        deep += "<div>";
    deep += "<p>nested-words at the bottom</p>";
    for (int i = 0; i < 400; ++i)
        deep += "</div>";
    deep += "<p>after-words below the nest</p>";
    std::string xml = smolpub::e2e::read_file(fixture / "wxr12.xml");
    xml.insert(xml.rfind("</channel>"),
               post_item("601", "deep", deep) +
                   post_item("602", "open", "<p>Before.</p><!-- an editor's note never closed <p>hidden-words after it</p>"));
    smolpub::e2e::write_text(cwd / "wxr12.xml", xml);

    const std::string report = import_wordpress({cwd / "wxr12.xml"});
    INFO("import report: " << report);
    CHECK(report.find("  posts: 5\n") != std::string::npos);  // the fixture's 3 and these two
    CHECK(report.find("post 601 (Post deep): HTML nested deeper than 120 elements") != std::string::npos);
    CHECK(report.find("post 602 (Post open): an HTML comment (<!--) is never closed") != std::string::npos);

    smolpub::e2e::listen_and_check(blog, cwd);

    smolpub::e2e::running_server server{blog};
    const auto deep_page = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/uncategorized/deep.gmi");
    REQUIRE(deep_page);
    CHECK(deep_page->header.starts_with("20 "));
    CHECK(deep_page->body.find("nested-words at the bottom") != std::string::npos);
    CHECK(deep_page->body.find("after-words below the nest") != std::string::npos);
    const auto open_page = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/uncategorized/open.gmi");
    REQUIRE(open_page);
    CHECK(open_page->body.find("hidden-words after it") != std::string::npos);
}
