// SPDX-License-Identifier: ISC
// server.chroot: the server chroots to the content folder after loading it, so the static
// files it recorded by their full paths are found below "/" from then on (they were all
// "51 Not found" before). Needs root, as chroot does; serve ignores chroot otherwise.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;

TEST_CASE("a chrooted server serves its static files and hand-written pages")
{
    if (::geteuid() != 0) {
        MESSAGE("not run: server.chroot needs root");
        return;
    }
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"Jail\"\n", std::string{loopback_gopher} +
                                                         "host = \"localhost\"\n[server]\nuser = \"nobody\"\nchroot = true\n"));
    write_text(dir.path() / "capsule" / "files" / "hello.txt", "hello from the jail\n");
    write_text(dir.path() / "capsule" / "page.gmi", "# Page\nhand-written\n");
    for (const auto& entry : std::filesystem::recursive_directory_iterator{dir.path() / "capsule"})
        ::chmod(entry.path().c_str(), entry.is_directory() ? 0755 : 0644);
    ::chmod((dir.path() / "capsule").c_str(), 0755);
    running_server server(dir.path());
    CHECK(server.output().find("running as nobody (chrooted)") != std::string::npos);

    const auto file = gemini_fetch(server.gemini_port(), "gemini://localhost/files/hello.txt");
    REQUIRE(file);
    CHECK(file->header == "20 text/plain; charset=utf-8");
    CHECK(file->body == "hello from the jail\n");
    const auto page = gemini_fetch(server.gemini_port(), "gemini://localhost/page.gmi");
    REQUIRE(page);
    CHECK(page->body.find("hand-written") != std::string::npos);
    const auto menu = gopher_fetch(server.gopher_port(), "/page.gmi\r\n");
    REQUIRE(menu);
    CHECK(menu->find("hand-written") != std::string::npos);
    const auto text = gopher_fetch(server.gopher_port(), "/files/hello.txt\r\n");
    REQUIRE(text);
    CHECK(text->find("hello from the jail") != std::string::npos);
}
