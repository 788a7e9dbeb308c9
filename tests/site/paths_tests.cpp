// SPDX-License-Identifier: ISC
// URL, date and line helpers behind every generated page.
#include <doctest/doctest.h>

#include "site/comments.hpp"
#include "site/links.hpp"
#include "site/paths.hpp"

using namespace smolpub::content;
using namespace smolpub::site;

TEST_CASE("paths are percent-encoded for links and decoded once")
{
    CHECK(paths::encode("/my stuff/a thing.gmi") == "/my%20stuff/a%20thing.gmi");
    CHECK(paths::encode("/50%/q?#") == "/50%25/q%3F%23");
    CHECK(paths::encode("/caf\xC3\xA9/") == "/caf%C3%A9/");
    CHECK(paths::decode("/caf%C3%A9/%2") == "/caf\xC3\xA9/%2");
    CHECK(paths::decode("%zz%41") == "%zzA");
    CHECK(paths::decode(paths::encode("/ünï cödé/%x")) == "/ünï cödé/%x");
}

TEST_CASE("normalize resolves dot segments without climbing above the root")
{
    CHECK(paths::normalize("/notes/../recipes/bread.md") == "/recipes/bread.md");
    CHECK(paths::normalize("/notes/./a//b.md") == "/notes/a/b.md");
    CHECK(paths::normalize("/../../etc/passwd") == "/etc/passwd");
    CHECK(paths::normalize("/notes/rust/..") == "/notes/");
    CHECK(paths::normalize("/") == "/");
}

TEST_CASE("URLs of categories, articles, threads and tags")
{
    CHECK(paths::category_url("") == "/");
    CHECK(paths::category_url("notes/rust") == "/notes/rust/");
    CHECK(paths::article_url("notes", "a") == "/notes/a.gmi");
    CHECK(paths::comments_url("/notes/a.gmi") == "/notes/a/comments.gmi");
    CHECK(paths::with_extension("/notes/a.gmi", ".txt") == "/notes/a.txt");
    CHECK(paths::with_extension("/v1.2/a", ".txt") == "/v1.2/a.txt");
    CHECK(paths::tag_url("c/c++") == "/tags/c-c++/");
    CHECK(paths::has_scheme("gemini://x/"));
    CHECK(paths::has_scheme("mailto:a@b"));
    CHECK(!paths::has_scheme("a/b:c"));
    CHECK(!paths::has_scheme("../x.md"));
}

TEST_CASE("dates format as Atom wants them and sort in UTC")
{
    timestamp t{2026, 1, 31, 8, 5, 9, 60, true};
    CHECK(t.ymd() == "2026-01-31");
    CHECK(t.rfc3339() == "2026-01-31T08:05:09+01:00");
    t.offset_minutes = -330;
    CHECK(t.rfc3339() == "2026-01-31T08:05:09-05:30");
    CHECK(timestamp{2026, 1, 31}.rfc3339() == "2026-01-31T00:00:00Z");
    CHECK(paths::sort_key(timestamp{1970, 1, 1}) == 0);
    CHECK(paths::sort_key(timestamp{2000, 3, 1}) == 951868800);
    // 08:00 at +01:00 is 07:00 UTC: earlier than 07:30 UTC.
    CHECK(paths::sort_key(timestamp{2026, 1, 1, 8, 0, 0, 60, true}) <
          paths::sort_key(timestamp{2026, 1, 1, 7, 30, 0, 0, true}));
    CHECK(paths::sort_key(std::optional<timestamp>{}) < paths::sort_key(timestamp{1900, 1, 1}));
}

TEST_CASE("display text stays on one line")
{
    CHECK(paths::one_line("  a\nb\tc\r ") == "a b c");
    CHECK(paths::link_line("/a b/", "Title\n=> evil") == "=> /a%20b/ Title => evil\n");
}

TEST_CASE("relative link targets become absolute, .md and external ones are left to the hook")
{
    const std::string in = "text\n=> pic.png Picture\n=> ../x/y.txt#frag\n=>gemini://h/ ext\n=> /abs ok\n"
                           "=> missing.md kept\n```\n=> inside.png pre\n```\n";
    CHECK(absolute_links(in, "/notes/") ==
          "text\n=> /notes/pic.png Picture\n=> /x/y.txt#frag\n=>gemini://h/ ext\n=> /abs ok\n"
          "=> missing.md kept\n```\n=> inside.png pre\n```\n");
}

TEST_CASE("flattened comment headings cannot become links or fences")
{
    CHECK(flatten_headings("# Title\ntext\n### => x\n## ```\n```\n# kept\n```\n") ==
          "Title\ntext\n => x\n ```\n```\n# kept\n```\n");
}
