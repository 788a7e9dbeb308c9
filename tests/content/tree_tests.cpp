// SPDX-License-Identifier: ISC
// load_content(): the folder walk, on capsules written to a temp directory.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "content/content.hpp"
#include "content/mime.hpp"
#include "content_fixture.hpp"

using namespace smolpub::content;
using smolpub::content::testing::all_text;
using smolpub::content::testing::count_mentioning;
using smolpub::content::testing::temp_capsule;

namespace {

std::string article_md(const std::string& title, const std::string& date,
                       const std::string& extra = "")
{
    return "+++\ntitle = \"" + title + "\"\ndate = " + date + "\n" + extra + "+++\nText of " +
           title + ".\n";
}

loaded_content load(const temp_capsule& capsule)
{
    auto loaded = load_content(capsule.root());
    REQUIRE_MESSAGE(loaded.has_value(), loaded.error().text());
    return std::move(*loaded);
}

const category* find_category(const tree& site, const std::string& path)
{
    for (const category& c : site.categories)
        if (c.path == path)
            return &c;
    return nullptr;
}

const static_file* find_file(const tree& site, const std::string& path)
{
    for (const static_file& f : site.files)
        if (f.path == path)
            return &f;
    return nullptr;
}

std::vector<std::string> slugs_of(const tree& site, const category& c)
{
    std::vector<std::string> out;
    for (std::size_t i : c.articles)
        out.push_back(site.articles[i].slug);
    return out;
}

} // namespace

TEST_CASE("a capsule tree loads into categories, articles, pages and files")
{
    temp_capsule capsule;
    capsule.write("index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
    capsule.write("about.md", "+++\ntitle = \"About me\"\n+++\nHi.\n");
    capsule.write("colophon.md", "Plain page without front matter.\n");
    capsule.write("notes/_category.toml", "title = \"Field notes\"\ndescription = \"Walks\"\norder = 2\n");
    capsule.write("notes/old.md", article_md("Old", "2023-05-01"));
    capsule.write("notes/new.md", article_md("New", "2024-05-01T08:00:00+02:00"));
    capsule.write("notes/same-day-b.md", article_md("Beta", "2024-01-01"));
    capsule.write("notes/same-day-a.md", article_md("Alpha", "2024-01-01"));
    capsule.write("notes/birds/heron.md", article_md("Heron", "2022-02-02"));
    capsule.write("recipes/_category.toml", "title = \"Recipes\"\norder = 1\n");
    capsule.write("recipes/soup.md", article_md("Soup", "2021-11-11"));
    capsule.write("recipes/soup.jpg", "jpeg bytes");
    capsule.write("images/cat.png", "png bytes");
    capsule.write("files/paper.pdf", "%PDF");
    capsule.write("hello.gmi", "# hand written\n");

    const loaded_content loaded = load(capsule);
    CHECK_MESSAGE(loaded.problems.empty(), all_text(loaded.problems));
    const tree& site = loaded.site;
    CHECK(site.root == capsule.root());

    REQUIRE(site.index);
    CHECK(site.index->meta.title == "Home");
    CHECK(site.index->body_markdown() == "Welcome.\n");

    REQUIRE(site.pages.size() == 2);
    CHECK(site.pages[0].slug == "about");
    CHECK(site.pages[0].meta.title == "About me");
    CHECK(site.pages[0].category == 0);
    CHECK(site.pages[1].slug == "colophon");
    CHECK(site.pages[1].meta.title == "colophon");
    CHECK(site.pages[1].body_markdown() == "Plain page without front matter.\n");

    // Folders with only static files (images/, files/) are not categories.
    REQUIRE(site.categories.size() == 4);
    CHECK(site.categories[0].path.empty());
    CHECK(site.categories[0].articles.empty());
    const category* notes = find_category(site, "notes");
    const category* birds = find_category(site, "notes/birds");
    const category* recipes = find_category(site, "recipes");
    REQUIRE(notes);
    REQUIRE(birds);
    REQUIRE(recipes);
    CHECK(notes->title == "Field notes");
    CHECK(notes->description == "Walks");
    CHECK(notes->order == 2);
    CHECK(birds->title == "birds");  // no _category.toml: the folder name
    CHECK(recipes->order == 1);

    // Sub-categories by order: recipes (1) before notes (2).
    REQUIRE(site.categories[0].subcategories.size() == 2);
    CHECK(site.categories[site.categories[0].subcategories[0]].path == "recipes");
    CHECK(site.categories[site.categories[0].subcategories[1]].path == "notes");
    REQUIRE(notes->subcategories.size() == 1);
    CHECK(site.categories[notes->subcategories[0]].path == "notes/birds");

    // Newest first; same date: by title.
    CHECK(slugs_of(site, *notes) == std::vector<std::string>{"new", "same-day-a", "same-day-b", "old"});
    CHECK(slugs_of(site, *birds) == std::vector<std::string>{"heron"});
    CHECK(site.articles.size() == 6);
    for (const category& c : site.categories)
        for (std::size_t i : c.articles)
            CHECK(&site.categories[site.articles[i].category] == &c);

    const std::pair<const char*, const char*> files[] = {
        {"/recipes/soup.jpg", "image/jpeg"},
        {"/images/cat.png", "image/png"},
        {"/files/paper.pdf", "application/pdf"},
        {"/hello.gmi", "text/gemini; charset=utf-8"},
    };
    CHECK(site.files.size() == std::size(files));
    for (const auto& [path, mime] : files) {
        CAPTURE(path);
        const static_file* f = find_file(site, path);
        REQUIRE(f);
        CHECK(f->mime == mime);
        CHECK(std::filesystem::exists(f->source));
    }
}

TEST_CASE("dotfiles, dot folders, drafts and _category.toml are never published")
{
    temp_capsule capsule;
    capsule.write(".git/config", "[core]\n");
    capsule.write(".hidden.md", article_md("Hidden", "2024-01-01"));
    capsule.write("notes/.swap.md", "garbage");
    capsule.write("notes/.drafts/secret.md", article_md("Secret", "2024-01-01"));
    capsule.write("notes/_category.toml", "title = \"Notes\"\n");
    capsule.write("notes/draft.md", article_md("Draft", "2024-01-01", "draft = true\n"));
    capsule.write("notes/draft.comments.toml", "[[comment]]\nbody = \"x\"\n");
    capsule.write("notes/kept.md", article_md("Kept", "2024-01-01"));
    capsule.write("draft-page.md", "+++\ntitle = \"P\"\ndraft = true\n+++\n");

    const loaded_content loaded = load(capsule);
    const tree& site = loaded.site;
    REQUIRE(site.articles.size() == 1);
    CHECK(site.articles[0].slug == "kept");
    CHECK(site.pages.empty());
    CHECK(site.files.empty());
    CHECK(site.comment_count == 0);
    // The only problem: comments archived for a draft.
    REQUIRE_MESSAGE(loaded.problems.size() == 1, all_text(loaded.problems));
    CHECK(loaded.problems[0].file.filename() == "draft.comments.toml");
    CHECK(loaded.problems[0].message.find("draft") != std::string::npos);
}

TEST_CASE("comment archives attach to their article and are counted")
{
    temp_capsule capsule;
    capsule.write("notes/a.md", article_md("A", "2024-01-01"));
    capsule.write("notes/a.comments.toml",
                  "[[comment]]\nid = \"1\"\nauthor = \"X\"\nemail = \"x@mail.example\"\nbody = \"hi\"\n"
                  "[[comment]]\nid = \"2\"\nreply_to = \"1\"\nbody = \"re\"\n");
    capsule.write("notes/quiet.md", article_md("Quiet", "2024-01-02", "comments = \"off\"\n"));
    capsule.write("notes/quiet.comments.toml", "[[comment]]\nbody = \"hidden\"\n");
    capsule.write("notes/ghost.comments.toml", "[[comment]]\nbody = \"orphan\"\n");
    capsule.write("notes/broken.md", article_md("Broken", "\"not a date\""));
    capsule.write("notes/broken.comments.toml", "[[comment]]\nbody = \"x\"\n");
    capsule.write("notes/bad-archive.md", article_md("Bad archive", "2024-01-03"));
    capsule.write("notes/bad-archive.comments.toml", "[[comment]]\nbody = 'x'\nauthor = [\n");
    capsule.write("about.md", "+++\ntitle = \"About\"\n+++\n");
    capsule.write("about.comments.toml", "[[comment]]\nbody = \"page comment\"\n");

    const loaded_content loaded = load(capsule);
    const tree& site = loaded.site;
    REQUIRE(site.articles.size() == 3);
    const auto by_slug = [&](const std::string& slug) {
        const auto it = std::find_if(site.articles.begin(), site.articles.end(),
                                     [&](const article& a) { return a.slug == slug; });
        REQUIRE(it != site.articles.end());
        return *it;
    };
    const article a = by_slug("a");
    REQUIRE(a.comments().size() == 2);
    CHECK(a.comments()[1].reply_to == "1");
    CHECK(by_slug("quiet").comments().empty());        // comments = "off"
    CHECK(by_slug("bad-archive").comments().empty());  // archive broken: reported
    REQUIRE(site.pages.size() == 1);
    CHECK(site.pages[0].comments().size() == 1);
    CHECK(site.comment_count == 3);

    const std::string text = all_text(loaded.problems);
    CHECK_MESSAGE(loaded.problems.size() == 3, text);
    CHECK(count_mentioning(loaded.problems, "ghost.comments.toml: comments for missing article 'ghost.md'") == 1);
    CHECK(count_mentioning(loaded.problems, "broken.md:3:8: 'date' is not a date") == 1);
    CHECK(count_mentioning(loaded.problems, "bad-archive.comments.toml:3:") == 1);
}

TEST_CASE("broken files are skipped with file:line:col, the rest loads")
{
    temp_capsule capsule;
    capsule.write("notes/good.md", article_md("Good", "2024-01-01"));
    capsule.write("notes/no-front-matter.md", "# Just text\n");
    capsule.write("notes/no-date.md", "+++\ntitle = \"Undated\"\n+++\n");
    capsule.write("notes/bad-type.md", "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = \"one\"\n+++\n");
    capsule.write("notes/latin1.md", article_md("Latin", "2024-01-01") + "na\xEFve\n");
    capsule.write("notes/bad-toml.md", "+++\ntitle = \"T\"\ndate = 2024-01-01\nnope\n+++\n");

    const loaded_content loaded = load(capsule);
    REQUIRE(loaded.site.articles.size() == 1);
    CHECK(loaded.site.articles[0].slug == "good");
    const std::string text = all_text(loaded.problems);
    CHECK_MESSAGE(loaded.problems.size() == 5, text);
    const std::string notes = (capsule.root() / "notes").string() + "/";
    CHECK(count_mentioning(loaded.problems, notes + "no-front-matter.md:1:1: missing +++ front matter") == 1);
    CHECK(count_mentioning(loaded.problems, notes + "no-date.md:1:1: articles need a 'date'") == 1);
    CHECK(count_mentioning(loaded.problems, notes + "bad-type.md:4:8: 'tags' must be an array of strings") == 1);
    CHECK(count_mentioning(loaded.problems, notes + "latin1.md:6:3: invalid UTF-8") == 1);
    CHECK(count_mentioning(loaded.problems, notes + "bad-toml.md:4:") == 1);
}

TEST_CASE("two articles with one slug in a category: the second is skipped, both named")
{
    temp_capsule capsule;
    capsule.write("notes/alpha.md", article_md("Alpha", "2024-01-01", "slug = \"same\"\n"));
    capsule.write("notes/beta.md", article_md("Beta", "2024-01-02", "slug = \"same\"\n"));
    capsule.write("notes/same.md", article_md("Gamma", "2024-01-03"));
    // The same slug in another category is fine.
    capsule.write("other/same.md", article_md("Elsewhere", "2024-01-04"));

    const loaded_content loaded = load(capsule);
    const category* notes = find_category(loaded.site, "notes");
    REQUIRE(notes);
    REQUIRE(notes->articles.size() == 1);
    CHECK(std::filesystem::path{loaded.site.articles[notes->articles[0]].source}.filename() == "alpha.md");
    CHECK(loaded.site.articles.size() == 2);
    REQUIRE_MESSAGE(loaded.problems.size() == 2, all_text(loaded.problems));
    for (const diagnostic& d : loaded.problems) {
        CHECK(d.message.find("duplicate slug 'same'") != std::string::npos);
        CHECK(d.message.find("alpha.md") != std::string::npos);
    }
    CHECK(loaded.problems[0].file.filename() == "beta.md");
    CHECK(loaded.problems[1].file.filename() == "same.md");
}

TEST_CASE("slug overrides the file stem and relative aliases resolve under the category")
{
    temp_capsule capsule;
    capsule.write("notes/2024-01-01-long-file-name.md",
                  article_md("Short", "2024-01-01",
                             "slug = \"short\"\naliases = [\"/blog/short/\", \"old-short\"]\n"));
    capsule.write("old-about.md", "+++\ntitle = \"About\"\naliases = [\"about-me\"]\n+++\n");
    const loaded_content loaded = load(capsule);
    CHECK_MESSAGE(loaded.problems.empty(), all_text(loaded.problems));
    REQUIRE(loaded.site.articles.size() == 1);
    const article& a = loaded.site.articles[0];
    CHECK(a.slug == "short");
    CHECK(a.meta.aliases == std::vector<std::string>{"/blog/short/", "/notes/old-short"});
    REQUIRE(loaded.site.pages.size() == 1);
    CHECK(loaded.site.pages[0].meta.aliases == std::vector<std::string>{"/about-me"});
}

TEST_CASE("symlinks may not lead outside the content root")
{
    temp_capsule capsule;
    namespace fs = std::filesystem;
    temp_capsule::write_at(capsule.outside() / "secret.txt", "private key material");
    temp_capsule::write_at(capsule.outside() / "dir/leak.md", article_md("Leak", "2024-01-01"));
    capsule.write("notes/real.md", article_md("Real", "2024-01-01"));
    capsule.write("pics/photo.png", "png");
    fs::create_symlink(capsule.outside() / "secret.txt", capsule.root() / "secret.txt");
    fs::create_symlink(capsule.outside() / "dir", capsule.root() / "notes" / "leaky");
    fs::create_symlink("../../outside/secret.txt", capsule.root() / "notes" / "relative.txt");
    fs::create_symlink(capsule.root() / "pics" / "photo.png", capsule.root() / "photo.png");
    fs::create_symlink(capsule.root() / "notes", capsule.root() / "loop");
    fs::create_symlink(capsule.root() / "nowhere", capsule.root() / "dangling.png");

    const loaded_content loaded = load(capsule);
    const tree& site = loaded.site;
    CHECK(site.articles.size() == 1);
    // A symlink to a file inside the root is served; nothing from outside is.
    CHECK(find_file(site, "/photo.png"));
    CHECK(find_file(site, "/pics/photo.png"));
    CHECK(site.files.size() == 2);
    CHECK_FALSE(find_category(site, "notes/leaky"));
    CHECK_FALSE(find_category(site, "loop"));

    const std::string text = all_text(loaded.problems);
    CHECK_MESSAGE(loaded.problems.size() == 5, text);
    CHECK(count_mentioning(loaded.problems, "secret.txt: symlink leads outside") == 1);
    CHECK(count_mentioning(loaded.problems, "leaky: symlink leads outside") == 1);
    CHECK(count_mentioning(loaded.problems, "relative.txt: symlink leads outside") == 1);
    CHECK(count_mentioning(loaded.problems, "loop: symlinked folder not followed") == 1);
    CHECK(count_mentioning(loaded.problems, "dangling.png: broken symlink") == 1);
}

TEST_CASE("a bad _category.toml is reported and the folder name is used")
{
    temp_capsule capsule;
    capsule.write("notes/_category.toml", "title = \"Notes\"\norder = \"first\"\n");
    capsule.write("notes/a.md", article_md("A", "2024-01-01"));
    const loaded_content loaded = load(capsule);
    const category* notes = find_category(loaded.site, "notes");
    REQUIRE(notes);
    CHECK(notes->title == "notes");
    CHECK(notes->order == 0);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].text().find("_category.toml:2:9: 'order' must be an integer") !=
          std::string::npos);
}

TEST_CASE("a described folder without articles is still a category")
{
    temp_capsule capsule;
    capsule.write("soon/_category.toml", "title = \"Coming soon\"\n");
    const loaded_content loaded = load(capsule);
    const category* soon = find_category(loaded.site, "soon");
    REQUIRE(soon);
    CHECK(soon->title == "Coming soon");
    CHECK(soon->articles.empty());
}

TEST_CASE("Zola layouts: _index.md describes a section and can be the home page")
{
    temp_capsule capsule;
    capsule.write("_index.md", "+++\nsort_by = \"date\"\n+++\nZola home.\n");
    capsule.write("blog/_index.md", "+++\ntitle = \"Blog\"\ndescription = \"Posts\"\n"
                                    "sort_by = \"date\"\npaginate_by = 5\n+++\n");
    capsule.write("blog/first.md", "+++\ntitle = \"First\"\ndate = 2020-01-01\n"
                                   "[taxonomies]\ntags = [\"intro\"]\n[extra]\nx = 1\n+++\nHello.\n");
    const loaded_content loaded = load(capsule);
    CHECK_MESSAGE(loaded.problems.empty(), all_text(loaded.problems));
    REQUIRE(loaded.site.index);
    CHECK(loaded.site.index->body_markdown() == "Zola home.\n");
    const category* blog = find_category(loaded.site, "blog");
    REQUIRE(blog);
    CHECK(blog->title == "Blog");
    CHECK(blog->description == "Posts");
    REQUIRE(loaded.site.articles.size() == 1);
    CHECK(loaded.site.articles[0].meta.tags == std::vector<std::string>{"intro"});
}

TEST_CASE("only an unreadable root fails the load")
{
    temp_capsule capsule;
    const auto missing = load_content(capsule.root() / "does-not-exist");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().file == capsule.root() / "does-not-exist");

    const auto file = capsule.write("plain.txt", "x");
    CHECK_FALSE(load_content(file).has_value());

    const auto empty = load_content(capsule.root() / "");
    REQUIRE(empty.has_value());
    CHECK(empty->site.categories.size() == 1);
}

TEST_CASE("mime_for maps extensions, case-insensitively")
{
    CHECK(mime_for("a/b/page.gmi") == "text/gemini; charset=utf-8");
    CHECK(mime_for("feed/atom.xml") == "application/atom+xml");
    CHECK(mime_for("data.xml") == "application/xml");
    CHECK(mime_for("notes.txt") == "text/plain; charset=utf-8");
    CHECK(mime_for("CAT.PNG") == "image/png");
    CHECK(mime_for("x.jpg") == "image/jpeg");
    CHECK(mime_for("x.jpeg") == "image/jpeg");
    CHECK(mime_for("x.gif") == "image/gif");
    CHECK(mime_for("x.webp") == "image/webp");
    CHECK(mime_for("x.svg") == "image/svg+xml");
    CHECK(mime_for("x.pdf") == "application/pdf");
    CHECK(mime_for("x.mp3") == "audio/mpeg");
    CHECK(mime_for("x.ogg") == "audio/ogg");
    CHECK(mime_for("x.zip") == "application/zip");
    CHECK(mime_for("x.unknownext") == "application/octet-stream");
    CHECK(mime_for("Makefile") == "application/octet-stream");
    CHECK(mime_for(".png") == "application/octet-stream");
}

TEST_CASE("comment archives follow the article's file name, not its slug")
{
    temp_capsule capsule;
    capsule.write("notes/2024-05-01-walk.md", article_md("Walk", "2024-05-01", "slug = \"walk\"\n"));
    capsule.write("notes/2024-05-01-walk.comments.toml", "[[comment]]\nbody = \"nice\"\n");
    capsule.write("notes/walk.comments.toml", "[[comment]]\nbody = \"lost\"\n");
    const loaded_content loaded = load(capsule);
    REQUIRE(loaded.site.articles.size() == 1);
    REQUIRE(loaded.site.articles[0].comments().size() == 1);
    CHECK(loaded.site.articles[0].comments()[0].body_markdown == "nice");
    REQUIRE_MESSAGE(loaded.problems.size() == 1, all_text(loaded.problems));
    CHECK(loaded.problems[0].message.find("missing article 'walk.md'") != std::string::npos);
}

TEST_CASE("an unreadable folder or file is reported and the rest loads")
{
    namespace fs = std::filesystem;
    temp_capsule capsule;
    capsule.write("notes/ok.md", article_md("Ok", "2024-01-01"));
    capsule.write("locked/inside.md", article_md("Inside", "2024-01-01"));
    const fs::path secret = capsule.write("notes/secret.md", article_md("Secret", "2024-01-01"));
    // Root reads everything: load as nobody in a child, so the permission bits count. The
    // folders above the capsule must let nobody through.
    for (fs::path dir = capsule.root(); dir != dir.parent_path() && dir != fs::temp_directory_path();
         dir = dir.parent_path())
        fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(capsule.root() / "notes", fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(capsule.root() / "notes" / "ok.md", fs::perms::owner_all | fs::perms::others_read);
    fs::permissions(capsule.root() / "locked", fs::perms::none);
    fs::permissions(secret, fs::perms::none);

    const int verdict = smolpub::content::testing::exit_code_as_nobody([&] {
        auto loaded = load_content(capsule.root());
        if (!loaded)
            return 4;
        if (loaded->site.articles.size() != 1 || loaded->site.articles[0].slug != "ok")
            return 5;
        if (count_mentioning(loaded->problems, "locked: cannot read folder") != 1)
            return 6;
        if (count_mentioning(loaded->problems, "secret.md: cannot read") != 1)
            return 7;
        return 0;
    });
    fs::permissions(capsule.root() / "locked", fs::perms::owner_all);  // let cleanup remove it
    CHECK(verdict == 0);
}
