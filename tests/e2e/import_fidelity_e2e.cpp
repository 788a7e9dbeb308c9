// SPDX-License-Identifier: ISC
// What a real export holds beyond plain posts (#27), end to end: an export made here with
// footnotes, dynamic blocks, a cover image, a pingback and a thread ten replies deep is
// imported by the real binary, passes `check`, and is served over Gemini, Gopher and the web.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli_support.hpp"
#include "import_support.hpp"
#include "server_harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

using smolpub::e2e::replaced;

/// Comments 50..59 on a post, each answering the one before.
std::string deep_thread()
{
    std::string out;
    for (int i = 0; i < 10; ++i)
        out += "\t\t<wp:comment><wp:comment_id>" + std::to_string(50 + i) + "</wp:comment_id><wp:comment_author><![CDATA[Level " +
               std::to_string(i) + "]]></wp:comment_author><wp:comment_date_gmt><![CDATA[2009-04-01 10:0" + std::to_string(i) +
               ":00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[Reply at level " + std::to_string(i) +
               "]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]>"
               "</wp:comment_type><wp:comment_parent>" + (i == 0 ? std::string{"0"} : std::to_string(49 + i)) +
               "</wp:comment_parent></wp:comment>\n";
    return out;
}

} // namespace

TEST_CASE_FIXTURE(smolpub::e2e::import_scratch, "footnotes, dynamic blocks, a cover, mentions and a deep thread are imported, checked and served")
{
    std::string xml = smolpub::e2e::read_file(fixture / "wxr12.xml");
    xml = replaced(xml, "<!-- /wp:paragraph -->\n\n<!-- wp:gallery -->",
                   "<!-- /wp:paragraph -->\n<p>Forty<sup data-fn=\"n1\" class=\"fn\"><a href=\"#n1\" id=\"n1-link\">1</a></sup> swifts.</p>\n"
                   "<!-- wp:paragraph --><p>Archives:</p><!-- /wp:paragraph --><!-- wp:archives /-->\n"
                   "<p>Recent comments:</p><!-- wp:latest-comments /-->\n"
                   "<div class=\"wp-block-cover\" style=\"background-image:url(https://riverside.example/wp-content/uploads/2009/03/sky.jpg)\">"
                   "<p>Over the weir</p></div>\n<!-- wp:footnotes /-->\n<!-- wp:gallery -->");
    xml = replaced(xml, "<wp:post_id>102</wp:post_id>",
                   "<wp:post_id>102</wp:post_id>\n<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value>"
                   "<![CDATA[[{\"content\":\"Counted from the <em>bridge<\\/em>.\",\"id\":\"n1\"}]]]></wp:meta_value></wp:postmeta>\n" +
                       deep_thread());
    smolpub::e2e::write_text(cwd / "blog.xml", xml);

    const std::string report = import_wordpress({cwd / "blog.xml"});
    INFO("import report: " << report);
    CHECK(report.find("  comments: 14\n") != std::string::npos);
    CHECK(report.find("  mentions (pingbacks and trackbacks, listed as links): 1\n") != std::string::npos);

    smolpub::e2e::write_text(blog / "smolpub.toml", smolpub::e2e::read_file(blog / "smolpub.toml") +
                                                        "[gemini]\nlisten = [\"127.0.0.1:0\"]\n[gopher]\nlisten = [\"127.0.0.1:0\"]\n"
                                                        "[http]\nlisten = [\"127.0.0.1:0\"]\n");
    const auto checked = smolpub::e2e::run_smolpub({"check", "--config", (blog / "smolpub.toml").string()}, cwd);
    INFO("check stdout: " << checked.out << "\nstderr: " << checked.err);
    REQUIRE(checked.code == 0);

    smolpub::e2e::running_server server{blog};
    const auto swifts = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/uncategorized/swifts.gmi");
    REQUIRE(swifts);
    INFO("swifts:\n" << swifts->body);
    CHECK(swifts->header.starts_with("20 "));
    CHECK(swifts->body.find("Forty[1] swifts.") != std::string::npos);
    CHECK(swifts->body.find("## Notes\n") != std::string::npos);
    CHECK(swifts->body.find("1. Counted from the ") != std::string::npos);
    CHECK(swifts->body.find("Archives:\n") != std::string::npos);
    CHECK(swifts->body.find("=> /archive/ Archive\n") != std::string::npos);
    CHECK(swifts->body.find("Recent comments:") == std::string::npos);  // nothing here stands for that block
    CHECK(swifts->body.find("=> https://riverside.example/wp-content/uploads/2009/03/sky.jpg") != std::string::npos);
    const auto archive = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/archive/");
    REQUIRE(archive);
    CHECK(archive->header.starts_with("20 "));  // where the block's link goes

    const auto thread = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/uncategorized/swifts/comments.gmi");
    REQUIRE(thread);
    INFO("thread:\n" << thread->body);
    CHECK(thread->body.find("### ↳ ↳ ↳ ↳ ↳ ↳ ↳ ↳ Level 8 ·") != std::string::npos);
    CHECK(thread->body.find("### ↳ ↳ ↳ ↳ ↳ ↳ ↳ ↳ (9) Level 9 ·") != std::string::npos);

    const auto herons =
        smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/news/local/herons-return/comments.gmi");
    REQUIRE(herons);
    INFO("herons:\n" << herons->body);
    CHECK(herons->body.find("\n## Mentioned by\n\n=> https://other.example/herons/ Other Blog \u00bb Herons \u00b7 2009-03-12\n") !=
          std::string::npos);
    CHECK(herons->body.find("the heron is back") == std::string::npos);  // the pingback's excerpt
    CHECK(herons->body.find("203.0.113") == std::string::npos);
    CHECK(herons->body.find("Thanks Ann") != std::string::npos);

    const auto menu = smolpub::e2e::gopher_fetch(server.gopher_port(), "/news/local/herons-return/comments.txt\r\n");
    REQUIRE(menu);
    CHECK(menu->find("Mentioned by") != std::string::npos);

    const auto page = smolpub::e2e::gopher_fetch(
        server.http_port(), "GET /news/local/herons-return/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    REQUIRE(page);
    INFO("web page:\n" << *page);
    CHECK(page->starts_with("HTTP/1.1 200"));
    CHECK(page->find("<h3>Mentioned by</h3>\n<ul>\n<li><a href=\"https://other.example/herons/\">Other Blog \u00bb Herons</a>") !=
          std::string::npos);
    CHECK(page->find("Thanks Ann") != std::string::npos);
}
