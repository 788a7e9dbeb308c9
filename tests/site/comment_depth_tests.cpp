// SPDX-License-Identifier: ISC
// A reply's level shows in its heading however deep the thread goes (#27).
#include "site/comments.hpp"

#include <doctest/doctest.h>

using smolpub::content::comment;
using smolpub::site::comment_heading;

TEST_CASE("a comment heading shows its level past eight arrows")
{
    comment c;
    c.author = "Wren";
    CHECK(comment_heading(c, 0) == "### Wren\n");
    CHECK(comment_heading(c, 2) == "### ↳ ↳ Wren\n");
    CHECK(comment_heading(c, 8) == "### ↳ ↳ ↳ ↳ ↳ ↳ ↳ ↳ Wren\n");
    CHECK(comment_heading(c, 9) == "### ↳ ↳ ↳ ↳ ↳ ↳ ↳ ↳ (9) Wren\n");
    CHECK(comment_heading(c, 12) == "### ↳ ↳ ↳ ↳ ↳ ↳ ↳ ↳ (12) Wren\n");
    CHECK(comment_heading(c, 12) != comment_heading(c, 9));
}

TEST_CASE("mentions are listed as links under Mentioned by, never as comments of the thread")
{
    comment reader;
    reader.author = "Ann";
    reader.body_markdown = "Hello";
    comment ping;
    ping.id = "16";
    ping.author = "Other Blog\n» Herons";
    ping.mention = "https://other.example/herons/";
    ping.date = smolpub::content::timestamp{};
    ping.date->year = 2009;
    ping.date->month = 3;
    ping.date->day = 12;
    comment untitled;
    untitled.mention = "gemini://g.example/";
    CHECK(smolpub::site::mentions_list({reader}).empty());
    CHECK(smolpub::site::mentions_list({reader, ping, untitled}) ==
          "\n## Mentioned by\n\n=> https://other.example/herons/ Other Blog » Herons · 2009-03-12\n"
          "=> gemini://g.example/ gemini://g.example/\n");
}
