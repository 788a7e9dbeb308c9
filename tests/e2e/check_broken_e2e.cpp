// SPDX-License-Identifier: ISC
// `smolpub check` fails on every kind of file a reload would keep at its last good
// version, so CI catches the breakage before a deploy (issue 14).
#include <doctest/doctest.h>

#include "cli_support.hpp"

using namespace smolpub::e2e;

TEST_CASE("check exits 1 on a broken article or page or index.md or comments file or _category.toml")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path capsule = dir.path() / "capsule";
    write_file(capsule / "index.md", "Welcome \xff home.\n");
    write_file(capsule / "about.md", "+++\ntitle = \"About\n+++\nMe.\n");
    write_file(capsule / "notes" / "_category.toml", "title = \"Notes\"\norder = \"first\"\n");
    write_file(capsule / "notes" / "good.md", "+++\ntitle = \"Good\"\ndate = 2026-01-02\n+++\nFine.\n");
    write_file(capsule / "notes" / "good.comments.toml", "[[comment]]\nauthor = \"A\nbody = \"x\"\n");
    write_file(capsule / "notes" / "bad.md", "+++\ntitle = \"Bad\"\n+++\nNo date.\n");

    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(lines_with(r.err, (capsule / "index.md").string() + ":1:9: ").size() == 1);
    CHECK(lines_with(r.err, (capsule / "about.md").string() + ":2:").size() == 1);
    CHECK(lines_with(r.err, (capsule / "notes" / "_category.toml").string() + ":2:9: ").size() == 1);
    CHECK(lines_with(r.err, (capsule / "notes" / "good.comments.toml").string() + ":2:").size() == 1);
    CHECK(lines_with(r.err, (capsule / "notes" / "bad.md").string() + ":1:1: articles need a 'date'").size() == 1);
    CHECK(lines_with(r.err, "still served").empty());  // check has no previous version to keep
}

TEST_CASE("check says each front-matter mistake of a file in words, with its line and column")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path post = dir.path() / "capsule" / "notes" / "frost.md";
    write_file(post, "+++\ntitle = \"First frost\ndate = 2026-01-02\ndraft = yes\n+++\nWhite.\n");

    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(lines_with(r.err, post.string() + ":2:9: the string that starts here has no closing quote").size() == 1);
    CHECK(lines_with(r.err, post.string() + ":4:9: this value is no quoted string").size() == 1);
    CHECK(lines_with(r.err, "unescaped control characters").empty());
    CHECK(lines_with(r.err, "2 problems").size() == 1);
}
