// SPDX-License-Identifier: ISC
// Comment archives: `<article>.comments.toml` beside an article.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "content/content.hpp"
#include "content/comments.hpp"

using namespace smolpub::content;

namespace {

const std::filesystem::path archive_file = "notes/bread.comments.toml";

/// Every string a comment exposes, to prove private fields never reach the model.
std::string everything_in(const comment& c)
{
    return c.id + "|" + c.reply_to + "|" + c.author + "|" + c.body_markdown;
}

/// The comments of an archive holding `text`, which must parse.
std::vector<comment> comments_of(const std::string& text)
{
    auto parsed = parse_comments(text, archive_file);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.error().text());
    return std::move(*parsed);
}

} // namespace

TEST_CASE("parse_comments reads [[comment]] tables in file order")
{
    const std::string text = "[[comment]]\nid = \"c1\"\nauthor = \"Mira\"\ndate = 2024-03-07T09:15:00Z\n"
                             "body = \"Lovely *crust*.\"\n\n[[comment]]\nid = \"c2\"\nreply_to = \"c1\"\n"
                             "author = \"Ada\"\ndate = \"2024-03-08\"\n"
                             "body = \"\"\"\nThanks!\n\nTwo paragraphs.\"\"\"\n";
    const auto parsed = comments_of(text);
    REQUIRE(parsed.size() == 2);
    const comment& first = parsed[0];
    CHECK(first.id == "c1");
    CHECK(first.reply_to.empty());
    CHECK(first.author == "Mira");
    REQUIRE(first.date);
    CHECK(first.date->rfc3339() == "2024-03-07T09:15:00Z");
    CHECK(first.body_markdown == "Lovely *crust*.");
    const comment& reply = parsed[1];
    CHECK(reply.reply_to == "c1");
    REQUIRE(reply.date);
    CHECK(reply.date->ymd() == "2024-03-08");
    CHECK(reply.body_markdown == "Thanks!\n\nTwo paragraphs.");
}

TEST_CASE("e-mail addresses, IPs and other private keys never reach the model")
{
    const auto parsed = comments_of("[[comment]]\nauthor = \"Mira\"\nemail = \"mira@private.example\"\nip = \"203.0.113.9\"\n"
                                    "user_agent = \"SecretBrowser/1.0\"\nbody = \"Hello\"\n[comment.extra]\nphone = \"555-0100\"\n");
    REQUIRE(parsed.size() == 1);
    const std::string exposed = everything_in(parsed.front());
    CHECK(exposed.find("private.example") == std::string::npos);
    CHECK(exposed.find("203.0.113.9") == std::string::npos);
    CHECK(exposed.find("SecretBrowser") == std::string::npos);
    CHECK(exposed.find("555-0100") == std::string::npos);
    CHECK(parsed.front().author == "Mira");
}

TEST_CASE("comments without ids are numbered by position, and replies may use numbers")
{
    const std::string text = "[[comment]]\nbody = \"one\"\n"
                             "[[comment]]\nbody = \"two\"\nreply_to = 1\n"
                             "[[comment]]\nid = 77\nbody = \"three\"\nreply_to = \"2\"\n";
    const auto parsed = comments_of(text);
    REQUIRE(parsed.size() == 3);
    CHECK(parsed[0].id == "1");
    CHECK(parsed[1].id == "2");
    CHECK(parsed[1].reply_to == "1");
    CHECK(parsed[2].id == "77");
    CHECK(parsed[2].reply_to == "2");
}

TEST_CASE("a reply to an unknown or later comment becomes top level, with a warning")
{
    const std::string text = "[[comment]]\nid = \"a\"\nbody = \"x\"\nreply_to = \"b\"\n"
                             "[[comment]]\nid = \"b\"\nbody = \"y\"\nreply_to = \"a\"\n"
                             "[[comment]]\nid = \"c\"\nbody = \"z\"\nreply_to = \"nobody\"\n";
    const auto archive = read_comment_archive(text, archive_file);
    REQUIRE_MESSAGE(archive.has_value(), archive.error().text());
    REQUIRE(archive->comments.size() == 3);
    // A forward reference could form a cycle a -> b -> a; only earlier parents count.
    CHECK(archive->comments[0].reply_to.empty());
    CHECK(archive->comments[1].reply_to == "a");
    CHECK(archive->comments[2].reply_to.empty());
    REQUIRE(archive->warnings.size() == 2);
    CHECK(archive->warnings[0].line == 4);
    CHECK(archive->warnings[0].message.find("'b'") != std::string::npos);
    CHECK(archive->warnings[1].line == 12);
    CHECK(archive->warnings[1].message.find("'nobody'") != std::string::npos);

    // The public parse_comments gives the same comments, without the warnings.
    const auto plain = parse_comments(text, archive_file);
    REQUIRE(plain.has_value());
    CHECK(plain->size() == 3);
    CHECK((*plain)[2].reply_to.empty());
}

TEST_CASE("a duplicate id drops the later comment with a warning")
{
    const std::string text = "[[comment]]\nid = \"x\"\nbody = \"first\"\n"
                             "[[comment]]\nid = \"x\"\nbody = \"second\"\n";
    const auto archive = read_comment_archive(text, archive_file);
    REQUIRE(archive.has_value());
    REQUIRE(archive->comments.size() == 1);
    CHECK(archive->comments[0].body_markdown == "first");
    REQUIRE(archive->warnings.size() == 1);
    CHECK(archive->warnings[0].message.find("duplicate comment id 'x'") != std::string::npos);
}

TEST_CASE("broken comment archives are reported with line and column")
{
    SUBCASE("TOML syntax")
    {
        const auto parsed = parse_comments("[[comment]]\nauthor = \"A\"\nbody = \"unterminated\n", archive_file);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().file == archive_file);
        CHECK(parsed.error().line == 3);
        CHECK(parsed.error().column > 0);
    }
    SUBCASE("wrong type")
    {
        const auto parsed = parse_comments("[[comment]]\nbody = \"x\"\nauthor = 42\n", archive_file);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().line == 3);
        CHECK(parsed.error().column == 10);
        CHECK(parsed.error().message.find("'author'") != std::string::npos);
    }
    SUBCASE("bad date")
    {
        const auto parsed = parse_comments("[[comment]]\nbody = \"x\"\ndate = \"soon\"\n", archive_file);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().line == 3);
        CHECK(parsed.error().message.find("'date'") != std::string::npos);
    }
    SUBCASE("no body")
    {
        const auto parsed = parse_comments("[[comment]]\nauthor = \"A\"\n", archive_file);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().message.find("'body'") != std::string::npos);
    }
    SUBCASE("comment is not an array of tables")
    {
        const auto parsed = parse_comments("\ncomment = \"hello\"\n", archive_file);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().line == 2);
    }
    SUBCASE("invalid UTF-8")
    {
        const auto parsed = parse_comments("[[comment]]\nbody = \"ok\"\n# \xFF\n", archive_file);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().line == 3);
        CHECK(parsed.error().column == 3);
    }
}

TEST_CASE("an archive without comments is empty, not an error")
{
    const auto parsed = parse_comments("# exported 2024-01-01\n", archive_file);
    REQUIRE(parsed.has_value());
    CHECK(parsed->empty());
}
