// SPDX-License-Identifier: ISC
// site.watch against the save patterns of real editors: each save is one reload, and the
// reload reads the complete new file, never a half-written one (issue 14).
#include <doctest/doctest.h>

#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::size_t reloads(const running_server& server)
{
    const std::string out = server.output();
    std::size_t n = 0;
    for (auto at = out.find("smolpub: reloading"); at != std::string::npos; at = out.find("smolpub: reloading", at + 1))
        ++n;
    return n;
}

std::string version(std::string_view tag)
{
    return "+++\ntitle = \"First frost\"\ndate = 2024-11-03\ntags = [\"weather\"]\n+++\nStart of " + std::string{tag} +
           ".\n\n" + std::string(2000, 'x') + "\n\nEnd of " + std::string{tag} + ".\n";
}

bool serves(unsigned port, std::string_view tag)
{
    const auto a = gemini_fetch(port, "gemini://localhost/notes/first-frost.gmi");
    return a && a->header.starts_with("20 ") && a->body.find("End of " + std::string{tag} + ".") != std::string::npos;
}

/// Waits for the reload that `tag` triggers, then for any further (wrong) reload.
void expect_one_reload(const hardened_server& s, std::size_t before, std::string_view tag)
{
    CHECK(eventually([&] { return serves(s.port(), tag); }, 5s));
    std::this_thread::sleep_for(700ms);  // more than the 200 ms debounce: a second reload would show
    CHECK(reloads(*s.server) == before + 1);
    CHECK(s.server->errors().find("first-frost.md") == std::string::npos);
}

} // namespace

TEST_CASE("site.watch: rename-over and backup-and-rewrite and in-place saves each give one reload with the whole file")
{
    hardened_server s{"watch = true\n"};
    const fs::path notes = s.dir.path() / "capsule" / "notes";
    const fs::path article = notes / "first-frost.md";
    REQUIRE(gemini_fetch(s.port(), "gemini://localhost/notes/first-frost.gmi")->header.starts_with("20 "));
    std::this_thread::sleep_for(300ms);
    REQUIRE(reloads(*s.server) == 0);

    SUBCASE("temp file renamed over the original (many IDEs), with a swap file being written") {
        write_text(notes / ".first-frost.md.swp", "vim swap");
        write_text(notes / ".first-frost.md.tmp-1234", version("rename"));
        fs::rename(notes / ".first-frost.md.tmp-1234", article);
        write_text(notes / ".first-frost.md.swp", "vim swap, updated");
        expect_one_reload(s, 0, "rename");
    }
    SUBCASE("vim's default: 4913 probe, original renamed to a ~ backup, new file written, backup removed") {
        write_text(notes / "4913", "");
        fs::remove(notes / "4913");
        fs::rename(article, notes / "first-frost.md~");
        write_text(article, version("backup"));
        fs::remove(notes / "first-frost.md~");
        write_text(notes / ".#first-frost.md", "emacs lock");
        expect_one_reload(s, 0, "backup");
        CHECK(gemini_fetch(s.port(), "gemini://localhost/notes/first-frost.md~")->header.starts_with("51 "));
    }
    SUBCASE("in place: truncate, half the file, a pause longer than the debounce, the rest") {
        const std::string text = version("in place");
        const std::size_t half = text.find("date =");  // cut inside the front matter: a read now would fail
        const int fd = ::open(article.c_str(), O_WRONLY | O_TRUNC);
        REQUIRE(fd >= 0);
        REQUIRE(::write(fd, text.data(), half) == static_cast<ssize_t>(half));
        std::this_thread::sleep_for(800ms);
        CHECK(reloads(*s.server) == 0);  // the file is still open for writing
        REQUIRE(::write(fd, text.data() + half, text.size() - half) == static_cast<ssize_t>(text.size() - half));
        ::close(fd);
        expect_one_reload(s, 0, "in place");
    }
}

TEST_CASE("site.watch: a commit in the capsule's .git folder is not a change to the site")
{
    // A capsule kept in git: the loader never publishes dot folders, so what git writes
    // there (objects, index, refs, logs) must not reload the site either.
    hardened_server s{"watch = true\n", false};
    const fs::path git = s.dir.path() / "capsule" / ".git";
    fs::create_directories(git / "objects" / "ab");
    fs::create_directories(git / "refs" / "heads");
    s.start();
    REQUIRE(gemini_fetch(s.port(), "gemini://localhost/notes/first-frost.gmi")->header.starts_with("20 "));
    std::this_thread::sleep_for(300ms);
    write_text(git / "objects" / "ab" / "cdef0123", "blob");
    fs::create_directories(git / "objects" / "cd");
    write_text(git / "objects" / "cd" / "ef4567", "tree");
    write_text(git / "index", "index");
    write_text(git / "refs" / "heads" / "main", "cdef0123\n");
    std::this_thread::sleep_for(700ms);  // more than the 200 ms debounce
    CHECK(reloads(*s.server) == 0);
    // The watcher still sees the capsule itself.
    write_text(s.dir.path() / "capsule" / "notes" / "first-frost.md", version("after git"));
    expect_one_reload(s, 0, "after git");
}
