// SPDX-License-Identifier: ISC
// Mentions (an old blog's pingbacks and trackbacks) in a comment archive (#27).
#include <doctest/doctest.h>

#include <string>

#include "content/comments.hpp"
#include "content/packed_comments.hpp"

using namespace smolpub::content;

TEST_CASE("a comment archive reads mentions: a URL and a title, no body needed, a bad URL skipped and said")
{
    const std::string text = "[[comment]]\nid = \"1\"\nbody = \"Hello\"\n\n"
                             "[[comment]]\nid = \"16\"\nauthor = \"Other Blog\"\ndate = 2009-03-12T09:00:00Z\n"
                             "mention = \"https://other.example/herons/\"\n\n"
                             "[[comment]]\nid = \"17\"\nmention = \"not a url\"\n\n"
                             "[[comment]]\nid = \"18\"\nmention = \"https://x.example/a b\"\n\n"
                             "[[comment]]\nid = \"19\"\nauthor = \"No body, no mention\"\n";
    const auto broken = read_comment_archive(text, "a.comments.toml");
    REQUIRE_FALSE(broken.has_value());  // the last one: a comment needs a body
    CHECK(broken.error().text().find("comment has no 'body'") != std::string::npos);

    const auto archive = read_comment_archive(text.substr(0, text.find("[[comment]]\nid = \"19\"")), "a.comments.toml");
    REQUIRE_MESSAGE(archive.has_value(), archive.error().text());
    REQUIRE(archive->comments.size() == 2);
    CHECK(archive->comments[0].mention.empty());
    CHECK(archive->comments[1].mention == "https://other.example/herons/");
    CHECK(archive->comments[1].author == "Other Blog");
    CHECK(archive->comments[1].body_markdown.empty());
    REQUIRE(archive->warnings.size() == 2);
    CHECK(archive->warnings[0].text().find("mention must be one http://, https:// or gemini:// URL") != std::string::npos);

    // Packed and unpacked as the model holds it.
    const auto back = unpack_comments(*pack_comments(archive->comments));
    REQUIRE(back.size() == 2);
    CHECK(back[1].mention == "https://other.example/herons/");
    CHECK(back[0].body_markdown == "Hello");
}
