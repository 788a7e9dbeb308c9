// SPDX-License-Identifier: ISC
// Pages keep their comments: a WordPress page's approved comments, imported next to the page
// (`content/about.comments.toml`), are counted by `check`, served over Gemini at
// /about/comments.gmi and over Gopher at /about/comments.txt, linked from the page, and in
// what `smolpub build` exports, exactly as an article's. A comment archive that belongs to
// nothing shown (no page, or the home page, which has no thread) is a problem for `check`.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli_support.hpp"
#include "import_support.hpp"
#include "server_harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

/// wxr12.xml imported into `blog`, listening on an ephemeral loopback port.
struct imported_blog : smolpub::e2e::import_scratch {
    imported_blog()
    {
        import_wordpress({fixture / "wxr12.xml"});
        REQUIRE(fs::exists(blog / "content/about.comments.toml"));
        smolpub::e2e::write_text(blog / "smolpub.toml", smolpub::e2e::read_file(blog / "smolpub.toml") +
                                                            "[gemini]\nlisten = [\"127.0.0.1:0\"]\n"
                                                            "[gopher]\nlisten = [\"127.0.0.1:0\"]\n");
    }
};

} // namespace

TEST_CASE_FIXTURE(imported_blog, "an imported page's comments are counted by check and served over Gemini, Gopher and in the export")
{
    const auto checked = smolpub::e2e::run_smolpub({"check", "--config", (blog / "smolpub.toml").string()}, cwd);
    INFO("check stdout: " << checked.out << "\nstderr: " << checked.err);
    REQUIRE(checked.code == 0);
    // The import writes 4 comments, three on the heron post, one on the About page, and the
    // heron post's pingback as a mention, which is counted with them (as WordPress counts it).
    CHECK(checked.out.find("5 comments") != std::string::npos);

    smolpub::e2e::running_server server{blog};
    const auto page = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/about.gmi");
    REQUIRE(page);
    CHECK(page->header.starts_with("20 "));
    CHECK(page->body.find("=> /about/comments.gmi Comments (1)\n") != std::string::npos);

    const auto thread = smolpub::e2e::gemini_fetch(server.gemini_port(), "gemini://localhost/about/comments.gmi");
    REQUIRE(thread);
    INFO("thread: " << thread->header << "\n" << thread->body);
    CHECK(thread->header.starts_with("20 text/gemini"));
    CHECK(thread->body.find("# Comments on About us") != std::string::npos);
    CHECK(thread->body.find("Visitor") != std::string::npos);
    CHECK(thread->body.find("Nice page") != std::string::npos);
    CHECK(thread->body.find("=> /about.gmi Back to About us") != std::string::npos);

    const auto text = smolpub::e2e::gopher_fetch(server.gopher_port(), "/about/comments.txt\r\n");
    REQUIRE(text);
    INFO("gopher text: " << *text);
    CHECK(text->find("Nice page") != std::string::npos);
    CHECK(text->find("Home > About us") != std::string::npos);
    const auto menu = smolpub::e2e::gopher_fetch(server.gopher_port(), "/about.gmi\r\n");
    REQUIRE(menu);
    INFO("gopher menu: " << *menu);
    CHECK(menu->find("0Comments (1)\t/about/comments.txt\t") != std::string::npos);

    const fs::path out = work.path() / "out";
    const auto built = smolpub::e2e::run_smolpub({"build", out.string(), "--config", (blog / "smolpub.toml").string()}, cwd);
    INFO("build stdout: " << built.out << "\nstderr: " << built.err);
    REQUIRE(built.code == 0);
    const auto exported = smolpub::e2e::read_tree(out);
    bool found = false;
    for (const auto& [name, bytes] : exported)
        found = found || (name.find("about/comments") != std::string::npos && bytes.find("Nice page") != std::string::npos);
    CHECK_MESSAGE(found, "no exported file about/comments* holds the page's comment");
}

TEST_CASE_FIXTURE(imported_blog, "check reports a comment archive that belongs to no page it serves")
{
    const std::string archive = smolpub::e2e::read_file(blog / "content/about.comments.toml");
    smolpub::e2e::write_text(blog / "content/gone.comments.toml", archive);    // no gone.md
    smolpub::e2e::write_text(blog / "content/index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    smolpub::e2e::write_text(blog / "content/index.comments.toml", archive);  // the home page shows none

    const auto checked = smolpub::e2e::run_smolpub({"check", "--config", (blog / "smolpub.toml").string()}, cwd);
    INFO("check stdout: " << checked.out << "\nstderr: " << checked.err);
    CHECK(checked.code == 1);
    CHECK(checked.err.find("gone.comments.toml") != std::string::npos);
    CHECK(checked.err.find("index.comments.toml") != std::string::npos);
    CHECK(checked.err.find("the home page") != std::string::npos);
}
