// SPDX-License-Identifier: ISC
// Reloads: a load given the previous load's model keeps broken files at their last good
// version, reuses unchanged files without reading them, and drops deleted ones.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/content.hpp"
#include "content/editor_files.hpp"
#include "content/file_identity.hpp"
#include "content_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::content::testing;
namespace fs = std::filesystem;

namespace {

std::string post(std::string_view title, std::string_view body)
{
    return "+++\ntitle = \"" + std::string{title} + "\"\ndate = 2026-01-02\naliases = [\"/old/" + std::string{title} +
           "\"]\n+++\n" + std::string{body} + "\n";
}

const std::string broken_post = "+++\ntitle = \"Unclosed\ndate = 2026-01-02\n+++\nHalf an edit.\n";

/// Moves the file's mtime an hour back: an identity that is no longer "racy".
void age(const fs::path& file)
{
    fs::last_write_time(file, fs::last_write_time(file) - std::chrono::hours{1});
}

loaded_content load(const fs::path& root, const tree* previous = nullptr)
{
    auto loaded = load_content(root, previous);
    REQUIRE(loaded);
    return std::move(*loaded);
}

const article* find_article(const tree& c, std::string_view slug)
{
    for (const article& a : c.articles)
        if (a.slug == slug)
            return &a;
    return nullptr;
}

} // namespace

TEST_CASE("a reload keeps a broken article at its last good version and says so")
{
    temp_capsule capsule;
    const fs::path file = capsule.write("notes/heron.md", post("heron", "First version."));
    capsule.write("notes/swift.md", post("swift", "Another one."));
    const loaded_content first = load(capsule.root());
    REQUIRE(find_article(first.site, "heron"));

    capsule.write("notes/heron.md", broken_post);
    const loaded_content second = load(capsule.root(), &first.site);
    const article* kept = find_article(second.site, "heron");
    REQUIRE(kept);
    CHECK(kept->body_markdown() == "First version.\n");
    CHECK(kept->kept_last_good);
    // The last good text is the one the previous load holds (the disk has only the
    // broken one now), shared rather than copied.
    CHECK(kept->body_text == find_article(first.site, "heron")->body_text);
    CHECK(kept->meta.aliases == std::vector<std::string>{"/old/heron"});
    REQUIRE(second.site.kept_last_good.size() == 1);
    CHECK(second.site.kept_last_good[0] == file);
    INFO(all_text(second.problems));
    CHECK(count_mentioning(second.problems, file.string() + ":2:") == 1);
    CHECK(count_mentioning(second.problems, "the previous version is still served") == 1);
    // It is still listed in its category, newest first with the others.
    CHECK(second.site.categories.at(1).articles.size() == 2);

    SUBCASE("still broken at the next reload: still the last good version") {
        const loaded_content third = load(capsule.root(), &second.site);
        REQUIRE(find_article(third.site, "heron"));
        CHECK(find_article(third.site, "heron")->body_markdown() == "First version.\n");
        CHECK(count_mentioning(third.problems, "the previous version is still served") == 1);
    }
    SUBCASE("fixed: the new version replaces it") {
        capsule.write("notes/heron.md", post("heron", "Second version."));
        const loaded_content third = load(capsule.root(), &second.site);
        REQUIRE(find_article(third.site, "heron"));
        CHECK(find_article(third.site, "heron")->body_markdown() == "Second version.\n");
        CHECK_FALSE(find_article(third.site, "heron")->kept_last_good);
        CHECK(third.site.kept_last_good.empty());
        CHECK(third.problems.empty());
    }
    SUBCASE("a missing date counts as broken too") {
        capsule.write("notes/heron.md", "+++\ntitle = \"heron\"\n+++\nNo date.\n");
        const loaded_content third = load(capsule.root(), &second.site);
        REQUIRE(find_article(third.site, "heron"));
        CHECK(find_article(third.site, "heron")->body_markdown() == "First version.\n");
    }
    SUBCASE("deleted: gone, with its aliases") {
        fs::remove(file);
        const loaded_content third = load(capsule.root(), &second.site);
        CHECK_FALSE(find_article(third.site, "heron"));
        CHECK(third.site.articles.size() == 1);
        CHECK(third.problems.empty());
    }
    SUBCASE("made a draft: unpublished on purpose") {
        capsule.write("notes/heron.md", "+++\ntitle = \"heron\"\ndate = 2026-01-02\ndraft = true\n+++\nLater.\n");
        const loaded_content third = load(capsule.root(), &second.site);
        CHECK_FALSE(find_article(third.site, "heron"));
    }
}

TEST_CASE("on a first load a broken file is skipped and reported with nothing to keep")
{
    temp_capsule capsule;
    capsule.write("notes/heron.md", broken_post);
    capsule.write("notes/swift.md", post("swift", "Fine."));
    const loaded_content first = load(capsule.root());
    CHECK_FALSE(find_article(first.site, "heron"));
    CHECK(first.site.kept_last_good.empty());
    CHECK(count_mentioning(first.problems, "heron.md:2:") == 1);
    CHECK(count_mentioning(first.problems, "still served") == 0);
}

TEST_CASE("pages and the home intro and comments and _category.toml keep their last good version")
{
    temp_capsule capsule;
    capsule.write("index.md", "Welcome home.\n");
    capsule.write("about.md", "+++\ntitle = \"About\"\n+++\nAbout me.\n");
    capsule.write("notes/_category.toml", "title = \"Field notes\"\norder = 2\n");
    capsule.write("notes/heron.md", post("heron", "Body."));
    capsule.write("notes/heron.comments.toml", "[[comment]]\nauthor = \"Mira\"\nbody = \"Lovely.\"\n");
    const loaded_content first = load(capsule.root());
    REQUIRE(first.problems.empty());

    capsule.write("index.md", std::string{"Bad byte \xff here.\n"});
    capsule.write("about.md", "+++\ntitle = \"About\n+++\nHalf.\n");
    capsule.write("notes/_category.toml", "title = \"Field\norder = 2\n");
    capsule.write("notes/heron.comments.toml", "[[comment]]\nauthor = \"Mira\nbody = \"Edited\"\n");
    const loaded_content second = load(capsule.root(), &first.site);
    INFO(all_text(second.problems));
    CHECK(second.problems.size() == 4);
    CHECK(count_mentioning(second.problems, "the previous version is still served") == 4);
    CHECK(second.site.kept_last_good.size() == 4);

    REQUIRE(second.site.index);
    CHECK(second.site.index->body_markdown() == "Welcome home.\n");
    REQUIRE(second.site.pages.size() == 1);
    CHECK(second.site.pages[0].body_markdown() == "About me.\n");
    REQUIRE(second.site.categories.size() == 2);
    CHECK(second.site.categories[1].title == "Field notes");
    CHECK(second.site.categories[1].order == 2);
    const article* heron = find_article(second.site, "heron");
    REQUIRE(heron);
    REQUIRE(heron->comments().size() == 1);
    CHECK(heron->comments()[0].body_markdown == "Lovely.");
    CHECK(second.site.comment_count == 1);

    // Fixed, they are read again.
    capsule.write("notes/_category.toml", "title = \"Notes from the field\"\n");
    capsule.write("notes/heron.comments.toml", "[[comment]]\nauthor = \"Mira\"\nbody = \"Edited\"\n");
    const loaded_content third = load(capsule.root(), &second.site);
    CHECK(third.site.categories[1].title == "Notes from the field");
    CHECK(find_article(third.site, "heron")->comments().at(0).body_markdown == "Edited");
    CHECK(third.site.kept_last_good.size() == 2);  // index.md and about.md are still broken
}

TEST_CASE("a reload takes an unchanged file from the previous load without reading it")
{
    temp_capsule capsule;
    const fs::path file = capsule.write("notes/heron.md", post("heron", "Version A."));
    const fs::path comments = capsule.write("notes/heron.comments.toml", "[[comment]]\nauthor = \"Mira\"\nbody = \"AAA\"\n");
    const fs::path category = capsule.write("notes/_category.toml", "title = \"AAAA\"\n");
    age(file);
    age(comments);
    age(category);
    const loaded_content first = load(capsule.root());
    REQUIRE(find_article(first.site, "heron"));

    // Same size, same inode, same mtime: the identity cannot tell, so the bytes on disk
    // only show up if the file was read again.
    const auto keep_identity = [](const fs::path& f, std::string_view text) {
        const auto when = fs::last_write_time(f);
        temp_capsule::write_at(f, text);
        fs::last_write_time(f, when);
    };
    keep_identity(file, post("heron", "Version B."));
    keep_identity(comments, "[[comment]]\nauthor = \"Mira\"\nbody = \"BBB\"\n");
    keep_identity(category, "title = \"BBBB\"\n");
    const loaded_content second = load(capsule.root(), &first.site);
    REQUIRE(find_article(second.site, "heron"));
    CHECK(find_article(second.site, "heron")->body_markdown() == "Version A.\n");
    CHECK(find_article(second.site, "heron")->comments().at(0).body_markdown == "AAA");
    CHECK(second.site.categories.at(1).title == "AAAA");

    SUBCASE("the unchanged records share their texts with the previous load, not copies") {
        const article* before = find_article(first.site, "heron");
        const article* after = find_article(second.site, "heron");
        CHECK(after->body_text == before->body_text);
        CHECK(after->comments_text == before->comments_text);
        CHECK(after->comment_count == 1);
        CHECK(after->identity == before->identity);
        // New texts are packed against the first load's samples, not a new pair per reload.
        REQUIRE(first.site.samples.markdown);
        CHECK(second.site.samples.markdown == first.site.samples.markdown);
        CHECK(second.site.samples.comments == first.site.samples.comments);
    }
    SUBCASE("a changed mtime makes it read again") {
        age(file);
        age(comments);
        age(category);
        const loaded_content third = load(capsule.root(), &second.site);
        CHECK(find_article(third.site, "heron")->body_markdown() == "Version B.\n");
        CHECK(find_article(third.site, "heron")->comments().at(0).body_markdown == "BBB");
        CHECK(third.site.categories.at(1).title == "BBBB");
        // The snapshot before keeps its own version: a reload never writes into it.
        CHECK(find_article(second.site, "heron")->body_markdown() == "Version A.\n");
        CHECK(find_article(third.site, "heron")->body_text != find_article(second.site, "heron")->body_text);
    }
    SUBCASE("without a previous load everything is read") {
        const loaded_content fresh = load(capsule.root());
        CHECK(find_article(fresh.site, "heron")->body_markdown() == "Version B.\n");
    }
}

TEST_CASE("a file modified just now is read again even when its identity looks unchanged")
{
    temp_capsule capsule;
    const fs::path file = capsule.write("notes/heron.md", post("heron", "Version A."));
    const loaded_content first = load(capsule.root());
    REQUIRE(find_article(first.site, "heron"));
    CHECK(find_article(first.site, "heron")->identity->racy);

    // Two saves within one tick of the file system clock can leave size and mtime equal.
    const auto when = fs::last_write_time(file);
    temp_capsule::write_at(file, post("heron", "Version B."));
    fs::last_write_time(file, when);
    const loaded_content second = load(capsule.root(), &first.site);
    CHECK(find_article(second.site, "heron")->body_markdown() == "Version B.\n");
}

TEST_CASE("a file that became unreadable counts as broken and not as deleted")
{
    temp_capsule capsule;
    const fs::path file = capsule.write("notes/heron.md", post("heron", "Readable."));
    capsule.write("notes/swift.md", post("swift", "Other."));
    const loaded_content first = load(capsule.root());
    REQUIRE(find_article(first.site, "heron"));

    // Root reads everything: load as nobody in a child, so the permission bits count.
    for (fs::path dir = capsule.root(); dir != dir.parent_path() && dir != fs::temp_directory_path();
         dir = dir.parent_path())
        fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(capsule.root() / "notes", fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(capsule.root() / "notes" / "swift.md", fs::perms::owner_read | fs::perms::others_read);
    fs::permissions(file, fs::perms::none);
    age(file);  // a new mtime, so the identity does not vouch for it and it must be read

    const int verdict = exit_code_as_nobody([&] {
        auto second = load_content(capsule.root(), &first.site);
        if (!second)
            return 4;
        const article* kept = find_article(second->site, "heron");
        const bool ok = kept && kept->body_markdown() == "Readable.\n" && kept->kept_last_good &&
                        count_mentioning(second->problems, "still served") == 1;
        return ok ? 0 : 1;
    });
    CHECK(verdict == 0);
}

TEST_CASE("editors' scratch files are recognised and never loaded")
{
    for (std::string_view name : {".heron.md.swp", ".#heron.md", "heron.md~", "#heron.md#", "4913", "heron.md.swp",
                                  "heron.md.swo", ".hidden"})
        CHECK_MESSAGE(is_editor_scratch(name), name);
    for (std::string_view name : {"heron.md", "film.swf", "notes", "4913.md", "a#b.md", "x.comments.toml"})
        CHECK_MESSAGE(!is_editor_scratch(name), name);

    temp_capsule capsule;
    capsule.write("notes/heron.md", post("heron", "Body."));
    capsule.write("notes/heron.md~", "backup");
    capsule.write("notes/#heron.md#", "autosave");
    capsule.write("notes/4913", "");
    const loaded_content loaded = load(capsule.root());
    CHECK(loaded.site.files.empty());
    CHECK(loaded.site.articles.size() == 1);
}

TEST_CASE("a folder that became unreadable keeps its articles and description instead of vanishing")
{
    temp_capsule capsule;
    capsule.write("notes/_category.toml", "title = \"Field notes\"\n");
    capsule.write("notes/heron.md", post("heron", "In the folder."));
    capsule.write("notes/heron.comments.toml", "[[comment]]\nauthor = \"Mira\"\nbody = \"Kept too.\"\n");
    capsule.write("kitchen/bread.md", post("bread", "Elsewhere."));
    const loaded_content first = load(capsule.root());
    REQUIRE(first.site.articles.size() == 2);

    for (fs::path dir = capsule.root(); dir != dir.parent_path() && dir != fs::temp_directory_path();
         dir = dir.parent_path())
        fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(capsule.root() / "kitchen", fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(capsule.root() / "kitchen" / "bread.md", fs::perms::owner_read | fs::perms::others_read);
    fs::permissions(capsule.root() / "notes", fs::perms::none);

    // As nobody (root lists any folder), in a child; the exit code carries the verdict.
    const int verdict = exit_code_as_nobody([&] {
        auto second = load_content(capsule.root(), &first.site);
        if (!second)
            return 4;
        const article* kept = find_article(second->site, "heron");
        if (!kept || kept->body_markdown() != "In the folder.\n" || kept->comments().size() != 1 || !kept->kept_last_good)
            return 5;
        if (second->site.categories.size() != 3 || second->site.comment_count != 1)
            return 6;
        bool titled = false;
        for (const category& c : second->site.categories)
            titled = titled || (c.path == "notes" && c.title == "Field notes" && c.articles.size() == 1);
        if (!titled)
            return 7;
        if (count_mentioning(second->problems, "cannot read folder") != 1 ||
            count_mentioning(second->problems, "still served") != 1)
            return 8;
        // Without a previous load, the folder is reported and left out, as before.
        auto fresh = load_content(capsule.root());
        if (!fresh || find_article(fresh->site, "heron") || count_mentioning(fresh->problems, "cannot read folder") != 1)
            return 9;
        return 0;
    });
    fs::permissions(capsule.root() / "notes", fs::perms::owner_all);
    CHECK(verdict == 0);
}
