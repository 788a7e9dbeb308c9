// SPDX-License-Identifier: ISC
// `smolpub import wordpress` end to end: the real binary imports a WXR fixture, `check`
// passes on the result, and the served capsule answers the blog's old permalinks with 31
// redirects to the new paths and shows the imported comment thread.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_support.hpp"
#include "import_support.hpp"
#include "server_harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

} // namespace

TEST_CASE_FIXTURE(smolpub::e2e::import_scratch, "an imported WordPress blog passes check, redirects old permalinks and shows its comments")
{
    const std::string report = import_wordpress({fixture / "wxr12.xml"});
    INFO("import report: " << report);
    CHECK(report.find("  posts: 3\n") != std::string::npos);
    CHECK(report.find("  drafts (kept, never published): 2\n") != std::string::npos);
    CHECK(report.find("  comments: 4\n") != std::string::npos);
    CHECK(report.find("post 101 (The heron\u2019s return \u2013 at last): unknown shortcode [ad] removed") !=
          std::string::npos);

    smolpub::e2e::listen_and_check(blog, cwd);

    smolpub::e2e::running_server server{blog};
    const auto old_post = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/2009/03/10/herons-return/");
    REQUIRE(old_post);
    CHECK(old_post->header == "31 /news/local/herons-return.gmi");
    const auto old_page = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/about/team/");
    REQUIRE(old_page);
    CHECK(old_page->header == "31 /about-team.gmi");

    const auto post = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/news/local/herons-return.gmi");
    REQUIRE(post);
    CHECK(post->header.starts_with("20 "));
    CHECK(post->body.find("=> /news/local/herons-return/comments.gmi") != std::string::npos);
    CHECK(post->body.find("```python") != std::string::npos);           // the <pre> stayed code
    CHECK(post->body.find("=> /uncategorized/swifts.gmi") != std::string::npos);  // own link rewritten

    const auto comments =
        smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/news/local/herons-return/comments.gmi");
    REQUIRE(comments);
    CHECK(comments->header.starts_with("20 "));
    INFO("comments page:\n" << comments->body);
    const auto ann = comments->body.find("Ann O\u2019Neill");
    const auto reply = comments->body.find("Thanks Ann");
    CHECK(ann != std::string::npos);
    CHECK(reply != std::string::npos);
    CHECK(ann < reply);
    CHECK(comments->body.find("Buy now") == std::string::npos);        // spam
    CHECK(comments->body.find("the heron is back") == std::string::npos);  // pingback
    CHECK(comments->body.find("@mail.example") == std::string::npos);
}

TEST_CASE("smolpub import wordpress exit codes: 2 bad usage, 1 not empty or incomplete")
{
    smolpub::e2e::scratch_dir work;
    const fs::path cwd = work.path();
    CHECK(smolpub::e2e::run_smolpub({"import", "wordpress", (fixture / "wxr10.xml").string()}, cwd).code == 2);
    CHECK(smolpub::e2e::run_smolpub({"import", "blogger", (fixture / "wxr10.xml").string(), "out"}, cwd).code == 2);
    CHECK(smolpub::e2e::run_smolpub({"import", "wordpress", (fixture / "wxr10.xml").string(), "out", "--bogus"}, cwd)
              .code == 2);

    // WXR 1.0, with permalinks that smolpub already answers itself: still a clean check.
    REQUIRE(smolpub::e2e::run_smolpub({"import", "wordpress", (fixture / "wxr10.xml").string(), "old"}, cwd).code == 0);
    const auto checked = smolpub::e2e::run_smolpub({"check", "--config", (cwd / "old/smolpub.toml").string()}, cwd);
    INFO("check: " << checked.err);
    CHECK(checked.code == 0);

    smolpub::e2e::write_text(cwd / "full" / "mine.txt", "mine");
    const auto refused = smolpub::e2e::run_smolpub({"import", "wordpress", (fixture / "wxr10.xml").string(), "full"}, cwd);
    CHECK(refused.code == 1);
    CHECK(refused.err.find("not empty") != std::string::npos);

    // An upload the post names but the uploads folder lacks: imported, but not completely.
    const auto partial = smolpub::e2e::run_smolpub({"import", "wordpress", (fixture / "wxr12.xml").string(), "partial",
                                                    "--uploads", (fixture / "uploads").string()},
                                                   cwd);
    CHECK(partial.code == 1);
    CHECK(partial.out.find("post 101 (The heron\u2019s return \u2013 at last): upload 2009/03/missing.png not found") !=
          std::string::npos);
    CHECK(fs::exists(cwd / "partial/content/uploads/2009/03/heron.jpg"));
    CHECK_FALSE(fs::exists(cwd / "partial/content/uploads/2009/03/heron-300x225.jpg"));
}
