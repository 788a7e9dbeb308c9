// SPDX-License-Identifier: ISC
// The importer's promises about DIR and about privacy, checked on real imports.
#include "import/wordpress_import.hpp"

#include <doctest/doctest.h>

#include "content/content.hpp"
#include "tests/import/import_fixture.hpp"

using namespace smolpub::import;
using namespace smolpub::import::test;

TEST_CASE("import refuses a non-empty DIR without --force and writes nothing")
{
    temp_dir tmp;
    write_file(tmp.path() / "notes.txt", "mine");
    import_options options;
    options.export_file = fixtures / "wxr10.xml";
    options.dir = tmp.path();
    const auto report = import_wordpress(options);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().find("not empty") != std::string::npos);
    CHECK(read_tree(tmp.path()).size() == 1);
}

TEST_CASE("import --force writes only missing files, never overwrites, and lists what it left")
{
    temp_dir tmp;
    write_file(tmp.path() / "smolpub.toml", "# my own config\n");
    write_file(tmp.path() / "content/diary/first-entry.md", "my own edit\n");
    import_options options;
    options.export_file = fixtures / "wxr10.xml";
    options.dir = tmp.path();
    options.force = true;
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    CHECK(read_file(tmp.path() / "smolpub.toml") == "# my own config\n");
    CHECK(read_file(tmp.path() / "content/diary/first-entry.md") == "my own edit\n");
    CHECK(fs::exists(tmp.path() / "content/diary/first-entry.comments.toml"));
    CHECK(report->existing == std::vector<std::string>{"content/diary/first-entry.md", "smolpub.toml"});
    CHECK_FALSE(import_complete(*report));
    CHECK(format_report(*report).find("Not written, already there:\n  content/diary/first-entry.md\n") !=
          std::string::npos);
}

TEST_CASE("import never writes a commenter's e-mail or IP address")
{
    temp_dir tmp;
    import_options options;
    options.export_file = fixtures / "wxr12.xml";
    options.dir = tmp.path() / "capsule";
    options.uploads = fixtures / "uploads";
    options.keep_pingbacks = true;
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const auto files = read_tree(options.dir);
    REQUIRE(files.size() > 5);
    for (const auto& [path, bytes] : files) {
        CAPTURE(path);
        for (const char* secret : {"@mail.example", "@spam.example", "wren@", "tom@", "192.0.2.", "198.51.100.", "203.0.113."})
            CHECK(bytes.find(secret) == std::string::npos);
    }
    CHECK(format_report(*report).find("@") == std::string::npos);
}

TEST_CASE("a malformed export fails with file:line:col and writes nothing")
{
    temp_dir tmp;
    write_file(tmp.path() / "bad.xml", "<rss><channel>\n<item><title>x</titel></item>\n</channel></rss>\n");
    import_options options;
    options.export_file = tmp.path() / "bad.xml";
    options.dir = tmp.path() / "out";
    const auto report = import_wordpress(options);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().find("bad.xml:2:") != std::string::npos);
}

TEST_CASE("an export declaring wp: as https://wordpress.org/export/ imports as the http one does")
{
    temp_dir tmp;
    std::string xml = read_file(fixtures / "wxr12.xml");
    const std::string http = "http://wordpress.org/export/";
    REQUIRE(xml.find(http) != std::string::npos);
    for (auto at = xml.find(http); at != std::string::npos; at = xml.find(http, at))
        xml.replace(at, http.size(), "https://wordpress.org/export/");
    REQUIRE(xml.find(http) == std::string::npos);
    // The same file name: the written smolpub.toml names the export it came from.
    std::filesystem::create_directories(tmp.path() / "secure");
    write_file(tmp.path() / "secure" / "wxr12.xml", xml);

    import_options plain;
    plain.export_file = fixtures / "wxr12.xml";
    plain.dir = tmp.path() / "http";
    import_options secure = plain;
    secure.export_file = tmp.path() / "secure" / "wxr12.xml";
    secure.dir = tmp.path() / "https";
    REQUIRE(import_wordpress(plain).has_value());
    REQUIRE(import_wordpress(secure).has_value());
    const auto expected = read_tree(plain.dir);
    REQUIRE(expected.size() > 3);
    CHECK(read_tree(secure.dir) == expected);
}

TEST_CASE("every imported post and page names its WordPress id, and the capsule loads with it")
{
    temp_dir tmp;
    import_options options;
    options.export_file = fixtures / "wxr12.xml";
    options.dir = tmp.path() / "capsule";
    REQUIRE(import_wordpress(options).has_value());
    const std::string about = read_file(options.dir / "content/about.md");
    CHECK(about.find("\nwordpress_id = 201\n") != std::string::npos);  // an integer, not a string
    const std::string post = read_file(options.dir / "content/news/local/herons-return.md");
    CHECK(post.find("\nwordpress_id = 101\n") != std::string::npos);
    // Today's loader takes the key it does not know yet: nothing broken, every page there.
    const auto loaded = smolpub::content::load_content(options.dir / "content");
    REQUIRE(loaded.has_value());
    for (const auto& problem : loaded->problems)
        CHECK_MESSAGE(problem.message.find("wordpress_id") == std::string::npos, problem.message);
    CHECK(loaded->site.pages.size() >= 2);
    CHECK(!loaded->site.articles.empty());
}
