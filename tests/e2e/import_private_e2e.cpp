// SPDX-License-Identifier: ISC
// Nothing private is published: a password-protected post and a private post of a WordPress
// export are imported as drafts, named in the report, and neither their bodies nor their
// comments reach any page that `smolpub build` exports (every Gemini and Gopher page and the
// feeds) or that the live server answers. `--publish-protected` is the operator's way back.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli_support.hpp"
#include "import_support.hpp"
#include "server_harness.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

std::string withheld_item(std::string_view id, std::string_view slug, std::string_view status,
                          std::string_view password, std::string_view secret)
{
    std::string item = R"(	<item>
		<title><![CDATA[Secret SLUG]]></title>
		<link>https://riverside.example/2009/05/01/SLUG/</link>
		<dc:creator><![CDATA[wren]]></dc:creator>
		<content:encoded><![CDATA[SECRET body of the post.]]></content:encoded>
		<wp:post_id>ID</wp:post_id>
		<wp:post_date><![CDATA[2009-05-01 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2009-05-01 09:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[SLUG]]></wp:post_name>
		<wp:status><![CDATA[STATUS]]></wp:status>
		<wp:post_password><![CDATA[PASSWORD]]></wp:post_password>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:comment>
			<wp:comment_id>9ID</wp:comment_id>
			<wp:comment_author><![CDATA[Insider]]></wp:comment_author>
			<wp:comment_date><![CDATA[2009-05-01 15:00:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2009-05-01 14:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[SECRET comment, for those with the password.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>
)";
    const auto put = [&](std::string_view key, std::string_view value) {
        for (auto at = item.find(key); at != std::string::npos; at = item.find(key, at + value.size()))
            item.replace(at, key.size(), value);
    };
    put("SECRET", secret);
    put("SLUG", slug);
    put("ID", id);
    put("STATUS", status);
    put("PASSWORD", password);
    return item;
}

/// wxr12.xml with a password-protected published post and a private post, each with an
/// approved comment; their texts hold `locked-words` and `private-words`.
fs::path export_with_withheld_posts(const fs::path& dir)
{
    std::string xml = smolpub::e2e::read_file(fixture / "wxr12.xml");
    const auto end = xml.rfind("</channel>");
    REQUIRE(end != std::string::npos);
    xml.insert(end, withheld_item("501", "locked", "publish", "hunter2", "locked-words") +
                        withheld_item("502", "hidden", "private", "", "private-words"));
    const fs::path file = dir / "wxr12.xml";
    smolpub::e2e::write_text(file, xml);
    return file;
}

/// A scratch folder with that export in it, a working folder and where the blog goes.
struct withheld_fixture {
    smolpub::e2e::scratch_dir work;
    fs::path cwd = work.path() / "cwd";
    fs::path blog = work.path() / "blog";
    fs::path xml;

    withheld_fixture()
    {
        fs::create_directories(cwd);
        fs::create_directories(work.path() / "export");
        xml = export_with_withheld_posts(work.path() / "export");
    }
};

std::string everything_under(const fs::path& root)
{
    std::string all;
    for (const auto& [name, bytes] : smolpub::e2e::read_tree(root))
        all += name + "\n" + bytes + "\n";
    return all;
}

} // namespace

TEST_CASE("password-protected and private posts are imported as drafts, and nothing of them is published")
{
    const withheld_fixture files;
    const fs::path& cwd = files.cwd;
    const fs::path& xml = files.xml;
    const fs::path& blog = files.blog;

    const auto imported =
        smolpub::e2e::run_smolpub({"import", "wordpress", xml.string(), blog.string(), "--hostname", "localhost"}, cwd);
    INFO("import stdout: " << imported.out << "\nstderr: " << imported.err);
    REQUIRE(imported.code == 0);
    CHECK(imported.out.find("post 501 (Secret locked): password-protected, kept as a draft") != std::string::npos);
    CHECK(imported.out.find("post 502 (Secret hidden): private, kept as a draft") != std::string::npos);
    CHECK(imported.out.find("  posts: 3\n") != std::string::npos);  // the fixture's own, no more
    CHECK(imported.out.find("hunter2") == std::string::npos);
    const std::string locked = smolpub::e2e::read_file(blog / "content/uncategorized/locked.md");
    CHECK(locked.find("draft = true") != std::string::npos);
    CHECK(everything_under(blog).find("hunter2") == std::string::npos);  // the password is never written
    // Their comments are kept, outside content/, where nothing serves them.
    for (const char* aside : {"draft-comments/uncategorized/locked.comments.toml", "draft-comments/uncategorized/hidden.comments.toml"}) {
        CAPTURE(aside);
        REQUIRE(fs::exists(blog / aside));
        CHECK(smolpub::e2e::read_file(blog / aside).find("author = \"Insider\"") != std::string::npos);
    }
    CHECK(smolpub::e2e::read_file(blog / "draft-comments/uncategorized/locked.comments.toml").find("locked-words comment") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(blog / "content/uncategorized/locked.comments.toml"));
    CHECK(imported.out.find("its 1 approved comments are in draft-comments/uncategorized/locked.comments.toml") !=
          std::string::npos);

    smolpub::e2e::listen_and_check(blog, cwd);

    const fs::path out = files.work.path() / "out";
    const auto built = smolpub::e2e::run_smolpub({"build", out.string(), "--config", (blog / "smolpub.toml").string()}, cwd);
    INFO("build stdout: " << built.out << "\nstderr: " << built.err);
    REQUIRE(built.code == 0);
    const std::string exported = everything_under(out);
    REQUIRE(exported.find("The heron") != std::string::npos);  // the export really holds the blog
    CHECK(exported.find("locked-words") == std::string::npos);
    CHECK(exported.find("private-words") == std::string::npos);
    CHECK(exported.find("Secret locked") == std::string::npos);
    CHECK(exported.find("Insider") == std::string::npos);

    smolpub::e2e::running_server server{blog};
    for (const char* url : {"gemini://localhost/uncategorized/locked.gmi", "gemini://localhost/uncategorized/locked/comments.gmi",
                            "gemini://localhost/2009/05/01/locked/", "gemini://localhost/search?locked-words"}) {
        const auto answer = smolpub::e2e::gemini_fetch(server.gemini_port(), url);
        REQUIRE(answer);
        INFO(url << " -> " << answer->header << "\n" << answer->body);
        // (the search page repeats its query, so look for the rest of the texts)
        CHECK(answer->body.find("body of the post") == std::string::npos);
        CHECK(answer->body.find("for those with the password") == std::string::npos);
        CHECK(answer->header.find("locked") == std::string::npos);  // no redirect to the draft either
    }
}

TEST_CASE("with --publish-protected the operator publishes a password-protected post, while a private one stays a draft")
{
    const withheld_fixture files;
    const fs::path& cwd = files.cwd;
    const fs::path& xml = files.xml;
    const fs::path& blog = files.blog;

    const auto imported = smolpub::e2e::run_smolpub(
        {"import", "wordpress", xml.string(), blog.string(), "--hostname", "localhost", "--publish-protected"}, cwd);
    INFO("import stdout: " << imported.out << "\nstderr: " << imported.err);
    REQUIRE(imported.code == 0);
    CHECK(imported.out.find("  posts: 4\n") != std::string::npos);
    CHECK(imported.out.find("post 501") == std::string::npos);
    CHECK(imported.out.find("post 502 (Secret hidden): private, kept as a draft") != std::string::npos);
    const std::string locked = smolpub::e2e::read_file(blog / "content/uncategorized/locked.md");
    CHECK(locked.find("draft = true") == std::string::npos);
    CHECK(locked.find("locked-words") != std::string::npos);
}

TEST_CASE("an export whose wp namespace is missing or unknown fails with exit 1 and imports nothing as drafts")
{
    smolpub::e2e::scratch_dir work;
    const fs::path cwd = work.path();
    std::string xml = smolpub::e2e::read_file(fixture / "wxr12.xml");
    const std::string declared = "xmlns:wp=\"http://wordpress.org/export/1.2/\"";
    REQUIRE(xml.find(declared) != std::string::npos);
    xml.replace(xml.find(declared), declared.size(), "xmlns:wp=\"http://example.org/not-wordpress/\"");
    smolpub::e2e::write_text(cwd / "odd.xml", xml);

    const auto imported = smolpub::e2e::run_smolpub({"import", "wordpress", (cwd / "odd.xml").string(), "blog"}, cwd);
    INFO("stdout: " << imported.out << "\nstderr: " << imported.err);
    CHECK(imported.code == 1);
    CHECK(imported.err.find("odd.xml:1:1: not a WordPress export") != std::string::npos);
    CHECK_FALSE(fs::exists(cwd / "blog" / "content"));

    // No wp namespace declared at all (a hand-edited file): the same refusal, saying so.
    std::string bare = smolpub::e2e::read_file(fixture / "wxr12.xml");
    bare.replace(bare.find(declared), declared.size(), "");
    smolpub::e2e::write_text(cwd / "bare.xml", bare);
    const auto undeclared = smolpub::e2e::run_smolpub({"import", "wordpress", (cwd / "bare.xml").string(), "blog2"}, cwd);
    INFO("stdout: " << undeclared.out << "\nstderr: " << undeclared.err);
    CHECK(undeclared.code == 1);
    CHECK(undeclared.err.find("bare.xml:1:1: not a WordPress export: it declares no namespace for the wp: prefix") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(cwd / "blog2" / "content"));
}

TEST_CASE("the report warns once when every post became a draft, or when no post has a date")
{
    smolpub::e2e::scratch_dir work;
    const fs::path cwd = work.path();
    const std::string original = smolpub::e2e::read_file(fixture / "wxr12.xml");
    std::string all_private = original, undated;
    const std::string publish = "<wp:status><![CDATA[publish]]></wp:status>";
    for (auto at = all_private.find(publish); at != std::string::npos; at = all_private.find(publish, at))
        all_private.replace(at, publish.size(), "<wp:status><![CDATA[private]]></wp:status>");
    std::size_t from = 0;
    while (from < original.size()) {  // every line but the <wp:post_date...> ones
        const auto end = original.find('\n', from);
        const auto line = original.substr(from, end == std::string::npos ? std::string::npos : end - from + 1);
        if (line.find("<wp:post_date") == std::string::npos && line.find("<pubDate>") == std::string::npos)
            undated += line;
        from = end == std::string::npos ? original.size() : end + 1;
    }
    smolpub::e2e::write_text(cwd / "private/wxr12.xml", all_private);
    smolpub::e2e::write_text(cwd / "undated/wxr12.xml", undated);

    const auto as_private = smolpub::e2e::run_smolpub({"import", "wordpress", (cwd / "private/wxr12.xml").string(), "a"}, cwd);
    INFO("all private: " << as_private.out << as_private.err);
    CHECK(as_private.out.find("every post and page became a draft") != std::string::npos);
    const auto as_undated = smolpub::e2e::run_smolpub({"import", "wordpress", (cwd / "undated/wxr12.xml").string(), "b"}, cwd);
    INFO("undated: " << as_undated.out << as_undated.err);
    CHECK(as_undated.out.find("posts has a date in the export") != std::string::npos);
    const auto normal = smolpub::e2e::run_smolpub({"import", "wordpress", (fixture / "wxr12.xml").string(), "c"}, cwd);
    CHECK(normal.out.find("became a draft:") == std::string::npos);
    CHECK(normal.out.find("has a date in the export") == std::string::npos);
}
