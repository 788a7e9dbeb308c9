// SPDX-License-Identifier: ISC
// Front matter: the `+++` TOML block at the top of every article and page.
#include <doctest/doctest.h>

#include <string>

#include "content/content.hpp"
#include "content/markdown_file.hpp"

using namespace smolpub::content;

namespace {

const std::filesystem::path post_file = "notes/post.md";

/// A file whose front matter is `toml`, with a one-line body.
std::string with_front_matter(const std::string& toml)
{
    return "+++\n" + toml + "+++\nBody.\n";
}

/// The front matter of a file whose front matter is `toml`, which must parse.
front_matter meta_of(const std::string& toml)
{
    const auto parsed = parse_markdown_file(with_front_matter(toml), post_file);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.error().text());
    return parsed->meta;
}

diagnostic error_of(const std::string& text)
{
    const auto parsed = parse_markdown_file(text, post_file);
    REQUIRE_FALSE(parsed.has_value());
    return parsed.error();
}

} // namespace

TEST_CASE("parse_markdown_file reads every known front matter field")
{
    const std::string text = "+++\ntitle = \"Winter bread\"\ndate = 2024-03-05\n"
                             "updated = 2024-03-06T10:20:30+02:00\nauthor = \"Ada\"\n"
                             "description = \"A slow loaf\"\ntags = [\"baking\", \"winter\"]\ndraft = false\n"
                             "slug = \"bread\"\naliases = [\"/old/bread/\", \"/2024/bread.html\"]\nlang = \"fr\"\n"
                             "comments = \"off\"\n+++\nFirst line.\n\nSecond paragraph.\n";
    const auto parsed = parse_markdown_file(text, post_file);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.error().text());
    const front_matter& meta = parsed->meta;
    CHECK(meta.title == "Winter bread");
    REQUIRE(meta.date);
    CHECK(meta.date->ymd() == "2024-03-05");
    CHECK_FALSE(meta.date->has_time);
    REQUIRE(meta.updated);
    CHECK(meta.updated->rfc3339() == "2024-03-06T10:20:30+02:00");
    CHECK(meta.author == "Ada");
    CHECK(meta.description == "A slow loaf");
    CHECK(meta.tags == std::vector<std::string>{"baking", "winter"});
    CHECK_FALSE(meta.draft);
    CHECK(meta.slug == "bread");
    CHECK(meta.aliases == std::vector<std::string>{"/old/bread/", "/2024/bread.html"});
    CHECK(meta.lang == "fr");
    CHECK(meta.comments == comment_policy::off);
    CHECK(parsed->body == "First line.\n\nSecond paragraph.\n");
    CHECK(parsed->body_line == 14);
}

TEST_CASE("absent optional fields take their documented defaults")
{
    const auto parsed = parse_markdown_file(with_front_matter("title = \"Only a title\"\n"), post_file);
    REQUIRE(parsed.has_value());
    const front_matter& meta = parsed->meta;
    CHECK_FALSE(meta.date);
    CHECK_FALSE(meta.updated);
    CHECK(meta.author.empty());
    CHECK(meta.tags.empty());
    CHECK_FALSE(meta.draft);
    CHECK(meta.slug.empty());
    CHECK(meta.aliases.empty());
    CHECK(meta.lang.empty());
    CHECK(meta.comments == comment_policy::as_site);
    CHECK(meta.wordpress_id == 0);
    CHECK(parsed->body == "Body.\n");
    CHECK(parsed->body_line == 4);
}

TEST_CASE("a known key with the wrong type names the key and its file line and column")
{
    // The bad key sits on the 3rd line of the TOML, which is the 4th line of the file
    // (the opening +++ is line 1). Its value starts at the column given.
    struct bad_key {
        std::string line;
        std::string key;
        int column;
    };
    const bad_key cases[] = {
        {"date = true", "date", 8},
        {"updated = [1]", "updated", 11},
        {"author = 1", "author", 10},
        {"description = false", "description", 15},
        {"tags = \"one\"", "tags", 8},
        {"draft = \"yes\"", "draft", 9},
        {"slug = 3", "slug", 8},
        {"aliases = \"/old/\"", "aliases", 11},
        {"lang = 1.5", "lang", 8},
        {"comments = 3", "comments", 12},
        {"comments = \"open\"", "comments", 12},
        {"taxonomies = 1", "taxonomies", 14},
        {"wordpress_id = \"12\"", "wordpress_id", 16},
        {"wordpress_id = 0", "wordpress_id", 16},
    };
    for (const bad_key& c : cases) {
        CAPTURE(c.line);
        const diagnostic d =
            error_of(with_front_matter("title = \"x\"\n# a comment line\n" + c.line + "\n"));
        CHECK(d.file == post_file);
        CHECK(d.line == 4);
        CHECK(d.column == c.column);
        CHECK(d.message.find("'" + c.key + "'") != std::string::npos);
        CHECK(d.text().rfind("notes/post.md:4:" + std::to_string(c.column) + ": ", 0) == 0);
    }
}

TEST_CASE("a wrongly typed title is reported at its own line")
{
    const diagnostic d = error_of(with_front_matter("\ntitle = 5\n"));
    CHECK(d.line == 3);
    CHECK(d.column == 9);
    CHECK(d.message.find("'title'") != std::string::npos);
    CHECK(d.message.find("string") != std::string::npos);
}

TEST_CASE("array elements of the wrong type point at the element")
{
    const diagnostic tags = error_of(with_front_matter("title = \"x\"\ntags = [\"ok\", 7]\n"));
    CHECK(tags.line == 3);
    CHECK(tags.column == 15);
    CHECK(tags.message.find("'tags'") != std::string::npos);

    const diagnostic zola =
        error_of(with_front_matter("title = \"x\"\n[taxonomies]\ntags = \"solo\"\n"));
    CHECK(zola.line == 4);
    CHECK(zola.message.find("'tags'") != std::string::npos);
}

TEST_CASE("TOML syntax errors carry the file's line, not the block's")
{
    const diagnostic d = error_of(with_front_matter("title = \"x\"\n\ndate = = 1\n"));
    CHECK(d.line == 4);
    CHECK(d.column > 0);
    CHECK_FALSE(d.message.empty());
}

TEST_CASE("a UTF-8 byte order mark and CRLF line endings are tolerated")
{
    const std::string text = "\xEF\xBB\xBF+++\r\ntitle = \"Caf\xC3\xA9\"\r\ndate = 2024-01-01\r\n+++\r\n"
                             "Line one\r\nLine two\r\n";
    const auto parsed = parse_markdown_file(text, post_file);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.error().text());
    CHECK(parsed->meta.title == "Caf\xC3\xA9");
    CHECK(parsed->body == "Line one\nLine two\n");
    CHECK(parsed->body_line == 5);

    // Errors still count lines correctly in a CRLF file.
    const diagnostic d = error_of("+++\r\ntitle = \"x\"\r\ndraft = 1\r\n+++\r\n");
    CHECK(d.line == 3);
    CHECK(d.message.find("'draft'") != std::string::npos);
}

TEST_CASE("Zola's [taxonomies] tags are read and merged with plain tags")
{
    CHECK(meta_of("title = \"x\"\ntags = [\"a\", \"b\"]\n"
                  "[taxonomies]\ntags = [\"b\", \"c\"]\ncategories = [\"ignored\"]\n"
                  "[extra]\ncover = \"x.png\"\n")
              .tags == std::vector<std::string>{"a", "b", "c"});
    CHECK(meta_of("title = \"x\"\n[taxonomies]\ntags = [\"z\"]\n").tags == std::vector<std::string>{"z"});
}

TEST_CASE("unknown keys from Hugo and Zola are ignored")
{
    CHECK(meta_of("title = \"x\"\nweight = 3\ntemplate = \"page.html\"\n"
                  "categories = [\"misc\"]\nlastmod = 2020-01-01\n"
                  "[extra]\ncomments_url = 5\n[params]\nmath = true\n")
              .title == "x");
}

TEST_CASE("dates may be TOML dates, date-times or YYYY-MM-DD strings")
{
    const auto date_of = [](const std::string& value) {
        const auto parsed =
            parse_markdown_file(with_front_matter("title = \"x\"\ndate = " + value + "\n"), post_file);
        REQUIRE_MESSAGE(parsed.has_value(), parsed.error().text());
        REQUIRE(parsed->meta.date);
        return *parsed->meta.date;
    };
    SUBCASE("local date")
    {
        const timestamp t = date_of("2024-02-29");
        CHECK(t.ymd() == "2024-02-29");
        CHECK_FALSE(t.has_time);
        CHECK(t.rfc3339() == "2024-02-29T00:00:00Z");
    }
    SUBCASE("offset date-time")
    {
        const timestamp t = date_of("2024-01-02T03:04:05-05:30");
        CHECK(t.has_time);
        CHECK(t.hour == 3);
        CHECK(t.minute == 4);
        CHECK(t.second == 5);
        CHECK(t.offset_minutes == -330);
        CHECK(t.rfc3339() == "2024-01-02T03:04:05-05:30");
    }
    SUBCASE("UTC date-time")
    {
        CHECK(date_of("2024-01-02T03:04:05Z").rfc3339() == "2024-01-02T03:04:05Z");
    }
    SUBCASE("local date-time")
    {
        const timestamp t = date_of("2024-01-02 23:59:00");
        CHECK(t.has_time);
        CHECK(t.offset_minutes == 0);
        CHECK(t.rfc3339() == "2024-01-02T23:59:00Z");
    }
    SUBCASE("string")
    {
        const timestamp t = date_of("\"2023-12-31\"");
        CHECK(t.ymd() == "2023-12-31");
        CHECK_FALSE(t.has_time);
    }
    SUBCASE("string with a time and offset")
    {
        CHECK(date_of("\"2023-12-31T08:00:00+01:00\"").rfc3339() == "2023-12-31T08:00:00+01:00");
    }
}

TEST_CASE("a date that is not a date is an error naming the key")
{
    for (const std::string value : {"\"2024-13-01\"", "\"2023-02-29\"", "\"yesterday\"",
                                    "\"2024-1-5\"", "\"2024-01-01T25:00\"", "10:30:00", "20240101"}) {
        CAPTURE(value);
        const diagnostic d = error_of(with_front_matter("title = \"x\"\n\nupdated = " + value + "\n"));
        CHECK(d.line == 4);
        CHECK(d.column == 11);
        CHECK(d.message.find("'updated'") != std::string::npos);
    }
}

TEST_CASE("draft and slug are read as written")
{
    CHECK(meta_of("title = \"x\"\ndraft = true\n").draft);
    CHECK(meta_of("title = \"x\"\nslug = \"caf\xC3\xA9-2\"\n").slug == "caf\xC3\xA9-2");
}

TEST_CASE("a slug must be one safe path segment")
{
    // TOML literal strings ('...'), so the backslash reaches the slug check.
    for (const std::string bad : {"a/b", "..", ".hidden", "", "back\\slash", "q?x", "tab\there"}) {
        CAPTURE(bad);
        const diagnostic d = error_of(with_front_matter("title = \"x\"\nslug = '" + bad + "'\n"));
        CHECK(d.line == 3);
        CHECK(d.message.find("'slug'") != std::string::npos);
    }
}

TEST_CASE("Hugo habits: author lists and boolean comments")
{
    const front_matter meta = meta_of("title = \"x\"\nauthor = [\"Ada\", \"Grace\"]\ncomments = false\n");
    CHECK(meta.author == "Ada, Grace");
    CHECK(meta.comments == comment_policy::off);
}

TEST_CASE("files without usable front matter are rejected at line 1")
{
    SUBCASE("no front matter")
    {
        const diagnostic d = error_of("# Just Markdown\n");
        CHECK(d.line == 1);
        CHECK(d.message == "missing +++ front matter");
    }
    SUBCASE("never closed")
    {
        const diagnostic d = error_of("+++\ntitle = \"x\"\nBody\n");
        CHECK(d.line == 1);
        CHECK(d.message.find("never closed") != std::string::npos);
    }
    SUBCASE("no title")
    {
        const diagnostic d = error_of(with_front_matter("date = 2024-01-01\n"));
        CHECK(d.message.find("'title'") != std::string::npos);
    }
    SUBCASE("YAML front matter is named, not published as text")
    {
        const auto page = parse_markdown("---\ntitle: Hugo page\n---\nBody\n", post_file,
                                         markdown_rules{.needs_front_matter = false, .needs_title = true});
        REQUIRE_FALSE(page.has_value());
        CHECK(page.error().line == 1);
        CHECK(page.error().message.find("YAML") != std::string::npos);
        // A lone thematic break at the top of a plain page is still just Markdown.
        const auto plain = parse_markdown("---\nNot front matter.\n", post_file,
                                          markdown_rules{.needs_front_matter = false, .needs_title = true});
        REQUIRE(plain.has_value());
        CHECK(plain->body == "---\nNot front matter.\n");
    }
    SUBCASE("fence not on the first line")
    {
        CHECK(error_of("\n+++\ntitle = \"x\"\n+++\n").message == "missing +++ front matter");
    }
}

TEST_CASE("an empty body and a fence with trailing blanks are fine")
{
    const auto parsed = parse_markdown_file("+++  \ntitle = \"x\"\n+++\t", post_file);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.error().text());
    CHECK(parsed->body.empty());
    CHECK(parsed->meta.title == "x");
}

TEST_CASE("invalid UTF-8 is reported at the first bad byte")
{
    // Line 5, after "caf" + a valid two-byte é: column 5 is the stray continuation byte.
    const std::string text = "+++\ntitle = \"x\"\n+++\nfine line\ncaf\xC3\xA9\x80 oops\n";
    const diagnostic d = error_of(text);
    CHECK(d.line == 5);
    CHECK(d.column == 5);
    CHECK(d.message.find("UTF-8") != std::string::npos);

    SUBCASE("long ASCII runs are counted exactly")
    {
        const std::string long_lines = "+++\ntitle = \"x\"\n+++\n" + std::string(37, 'a') + "\n\n" +
                                       std::string(21, 'b') + "\xFF";
        const diagnostic late = error_of(long_lines);
        CHECK(late.line == 6);
        CHECK(late.column == 22);
    }
    SUBCASE("overlong encodings and surrogates are invalid too")
    {
        CHECK(error_of("+++\ntitle = \"\xC0\xAF\"\n+++\n").line == 2);
        CHECK(error_of("+++\ntitle = \"\xED\xA0\x80\"\n+++\n").line == 2);
        CHECK(error_of("+++\ntitle = \"x\"\n+++\n\xF4\x90\x80\x80").line == 4);
        CHECK(error_of("+++\ntitle = \"x\"\n+++\ncut \xE2\x82").column == 5);
    }
}

TEST_CASE("front-matter syntax errors are said in words, at the quote that opens the string")
{
    const diagnostic d = error_of(with_front_matter("title = \"First frost\ndate = 2024-11-03\n"));
    CHECK(d.line == 2);
    CHECK(d.column == 9);  // the opening quote, not the end of the line
    CHECK(d.message.find("has no closing quote") != std::string::npos);
    CHECK(d.message.find("unescaped control characters") == std::string::npos);

    CHECK(error_of(with_front_matter("draft = yes\n")).message.find("put text in quotes") != std::string::npos);
    CHECK(error_of(with_front_matter("title = \"a\"\ntitle = \"b\"\n")).message ==
          "'title' is given a second time: keep one");
    CHECK(error_of(with_front_matter("title = \"a\" b\n")).message.find("one line holds one key = value") !=
          std::string::npos);
    CHECK(error_of(with_front_matter("date = 2024-13-01\n")).message.find("not a valid date") != std::string::npos);
    CHECK(error_of(with_front_matter("title = \n")).message == "the key has no value after its '='");
}

TEST_CASE("every broken line of a front matter is reported, each with its own line")
{
    const diagnostic d = error_of(with_front_matter("title = \"Unclosed\ndraft = yes\ntags = [\"a\",\n"));
    CHECK(d.line == 2);
    REQUIRE(d.also.size() == 2);
    CHECK(d.also[0].line == 3);
    CHECK(d.also[0].message.find("put text in quotes") != std::string::npos);
    CHECK(d.also[1].line == 4);
    CHECK(d.also[1].message.find("not closed with ']'") != std::string::npos);
    // A front matter with one problem has nothing more.
    CHECK(error_of(with_front_matter("draft = yes\n")).also.empty());
}

TEST_CASE("wordpress_id is the post's integer ID, kept for the web's ?p=ID redirects")
{
    CHECK(meta_of("title = \"x\"\nwordpress_id = 1234\n").wordpress_id == 1234);
}
