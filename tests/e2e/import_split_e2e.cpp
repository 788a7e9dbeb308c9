// SPDX-License-Identifier: ISC
// An export WordPress.com split into two files: `smolpub import wordpress A.xml B.xml DIR`
// reads them as one (links between the halves rewritten, an item in both counted once),
// `check` passes, and the server answers posts of both halves and their comments.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "import_support.hpp"
#include "server_harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

/// wxr12.xml's items in two files, the first item in both.
void split_export(const fs::path& a, const fs::path& b)
{
    const std::string xml = smolpub::e2e::read_file(fixture / "wxr12.xml");
    const auto first = xml.find("\t<item>");
    const auto footer = xml.rfind("</channel>");
    REQUIRE(first != std::string::npos);
    REQUIRE(footer != std::string::npos);
    std::vector<std::string> items;
    for (auto at = first; at != std::string::npos && at < footer;) {
        const auto end = xml.find("</item>\n", at);
        REQUIRE(end != std::string::npos);
        items.push_back(xml.substr(at, end + 8 - at));
        at = xml.find("\t<item>", end);
    }
    REQUIRE(items.size() > 6);
    std::string one = xml.substr(0, first), two = one;
    for (std::size_t i = 0; i < items.size(); ++i)
        (i < items.size() / 2 ? one : two) += items[i];
    two += items.front();
    smolpub::e2e::write_text(a, one + xml.substr(footer));
    smolpub::e2e::write_text(b, two + xml.substr(footer));
}

} // namespace

TEST_CASE_FIXTURE(smolpub::e2e::import_scratch, "an export split in two files is imported as one blog, checked and served")
{
    split_export(cwd / "A.xml", cwd / "B.xml");

    const std::string report = import_wordpress({cwd / "A.xml", cwd / "B.xml"});
    INFO("import report: " << report);
    CHECK(report.find("  posts: 3\n") != std::string::npos);  // as from the whole file
    CHECK(report.find("  pages: 2\n") != std::string::npos);
    CHECK(report.find("  comments: 4\n") != std::string::npos);
    CHECK(report.find("1 item is in more than one export file") != std::string::npos);

    smolpub::e2e::listen_and_check(blog, cwd);

    smolpub::e2e::running_server server{blog};
    // The swifts post is in A; the page it links to and its gallery's attachments are in B.
    const auto swifts = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/uncategorized/swifts.gmi");
    REQUIRE(swifts);
    INFO(swifts->body);
    CHECK(swifts->header.starts_with("20 "));
    CHECK(swifts->body.find("=> /about.gmi") != std::string::npos);  // a link across the files
    CHECK(swifts->body.find("wp-content/uploads/2009/03/plan-640x480.png") != std::string::npos);  // the gallery too
    const auto about = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/about.gmi");
    REQUIRE(about);
    CHECK(about->header.starts_with("20 "));
    const auto thread =
        smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/news/local/herons-return/comments.gmi");
    REQUIRE(thread);
    CHECK(thread->body.find("Thanks Ann") != std::string::npos);

    // Usage: one export file at least.
    CHECK(smolpub::e2e::run_smolpub({"import", "wordpress", (cwd / "A.xml").string()}, cwd).code == 2);
    const auto absent =
        smolpub::e2e::run_smolpub({"import", "wordpress", (cwd / "A.xml").string(), (cwd / "C.xml").string(), "out"}, cwd);
    CHECK(absent.code == 1);
    CHECK(absent.err.find("C.xml: no such export file") != std::string::npos);
}
