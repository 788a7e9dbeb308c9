// SPDX-License-Identifier: ISC
// Reload, watch and stop against the real binary: nothing lost, nothing half-published.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include <unistd.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

std::string config_with_title(std::string_view title)
{
    return "[site]\ntitle = \"" + std::string{title} +
           "\"\ncontent = \"capsule\"\nhostnames = [\"localhost\"]\ncertificates = \"certs\"\n"
           "[gemini]\nlisten = [\"127.0.0.1:0\"]\n";
}

std::string home(unsigned port)
{
    const auto a = gemini_fetch(port, "gemini://localhost/");
    return a && a->header.starts_with("20 ") ? a->body : std::string{};
}

} // namespace

TEST_CASE("SIGHUP with a broken config keeps serving the old site, a fixed one goes live")
{
    hardened_server s{""};
    const auto config = s.dir.path() / "smolpub.toml";
    REQUIRE(home(s.port()).starts_with("# Hardened\n"));

    write_text(config, "[site\ntitle = ");  // not TOML
    s.server->signal(SIGHUP, false);
    REQUIRE(eventually([&] { return s.server->errors().find("reload failed") != std::string::npos; }, 10s));
    CHECK(home(s.port()).starts_with("# Hardened\n"));

    write_text(config, config_with_title("Renamed"));
    s.server->signal(SIGHUP, false);
    CHECK(eventually([&] { return home(s.port()).starts_with("# Renamed\n"); }, 10s));
    // The new site is published before the line is written: wait for the line too.
    CHECK(eventually([&] { return s.server->output().find("smolpub: reloaded") != std::string::npos; }, 5s));
}

TEST_CASE("site.watch reloads within 2 s of an edit, debounced into one reload")
{
    hardened_server s{"watch = true\n"};
    const auto article = s.dir.path() / "capsule" / "notes" / "first-frost.md";
    const auto before = gemini_fetch(s.port(), "gemini://localhost/notes/first-frost.gmi");
    REQUIRE(before);
    REQUIRE(before->header.starts_with("20 "));
    REQUIRE(before->body.find("Edited by the watch test") == std::string::npos);

    // Five quick writes: one reload after they settle.
    const std::string text = read_text(article);
    for (int i = 0; i < 5; ++i)
        write_text(article, text + "\nEdited by the watch test, pass " + std::to_string(i) + ".\n");
    const auto edited = std::chrono::steady_clock::now();
    CHECK(eventually([&] {
        const auto a = gemini_fetch(s.port(), "gemini://localhost/notes/first-frost.gmi");
        return a && a->body.find("Edited by the watch test, pass 4.") != std::string::npos;
    }, 2s));
    CHECK(std::chrono::steady_clock::now() - edited < 2s);

    // A new folder made after startup is watched too.
    write_text(s.dir.path() / "capsule" / "fresh" / "new-post.md", "+++\ntitle = \"Fresh\"\ndate = 2025-01-02\n+++\nJust made.\n");
    CHECK(eventually([&] {
        const auto a = gemini_fetch(s.port(), "gemini://localhost/fresh/new-post.gmi");
        return a && a->header.starts_with("20 ");
    }, 3s));
    std::this_thread::sleep_for(400ms);
    const std::string out = s.server->output();
    std::size_t reloads = 0;
    for (auto at = out.find("smolpub: reloaded"); at != std::string::npos; at = out.find("smolpub: reloaded", at + 1))
        ++reloads;
    CHECK(reloads >= 2);
    CHECK(reloads <= 4);  // not one per write
}

TEST_CASE("SIGTERM stops accepting, finishes what is in flight, and exits 0")
{
    hardened_server s{"[limits]\nrequest_timeout = 5\n", false};
    write_text(s.dir.path() / "capsule" / "files" / "big.bin", std::string(4u << 20, 'y'));
    s.start();
    const unsigned port = s.port();

    tls_client in_flight{tcp_connect(port, 10s), "localhost"};  // connected, request not yet sent
    REQUIRE(in_flight.connected());
    s.server->signal(SIGTERM, false);
    REQUIRE(eventually([&] { return s.server->output().find("smolpub: stopping") != std::string::npos; }, 5s));
    std::this_thread::sleep_for(100ms);
    CHECK(tcp_connect(port, 1s) < 0);  // the listener is closed: refused

    REQUIRE(in_flight.write("gemini://localhost/files/big.bin\r\n"));
    const auto a = in_flight.read_answer();
    REQUIRE(a);
    CHECK(a->header.starts_with("20 "));
    CHECK(a->body.size() == (4u << 20));
    CHECK(a->close_notify);
    CHECK(s.server->signal(0, true, std::chrono::seconds{15}) == 0);
    CHECK(s.server->output().find("smolpub: stopped") != std::string::npos);
}

TEST_CASE("traversal and symlinks out of the capsule are never served")
{
    hardened_server s{"", false};
    write_text(s.dir.path() / "secret.txt", "TOP-SECRET-BYTES\n");
    write_text(s.dir.path() / "outside" / "inner.md", "TOP-SECRET-POST\n");
    std::filesystem::create_symlink(s.dir.path() / "secret.txt", s.dir.path() / "capsule" / "leak.txt");
    std::filesystem::create_symlink(s.dir.path() / "outside", s.dir.path() / "capsule" / "outside");
    std::filesystem::create_symlink("../../secret.txt", s.dir.path() / "capsule" / "notes" / "rel.txt");
    s.start();
    for (std::string_view path : {"/../secret.txt", "/notes/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                                  "/notes/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/notes/..%2f..%2fsecret.txt",
                                  "/leak.txt", "/notes/rel.txt", "/outside/inner.gmi", "/outside/inner.md",
                                  "/./secret.txt", "//secret.txt", "/%2fsecret.txt"}) {
        INFO("path: " << path);
        const auto a = gemini_fetch(s.port(), "gemini://localhost" + std::string{path});
        REQUIRE(a);
        CHECK((a->header.starts_with("51 ") || a->header.starts_with("59 ")));
        CHECK(a->body.find("TOP-SECRET") == std::string::npos);
    }
    CHECK(gemini_fetch(s.port(), "gemini://localhost/about.gmi")->header.starts_with("20 "));
}

TEST_CASE("server.sandbox: after startup nothing outside the served folders can be read, even by a reload")
{
    // A second capsule outside every folder the first config names.
    scratch_dir elsewhere;
    copy_example_capsule(elsewhere.path());
    const std::string moved = "[site]\ntitle = \"Moved\"\ncontent = \"" + (elsewhere.path() / "capsule").string() +
                              "\"\nhostnames = [\"localhost\"]\ncertificates = \"certs\"\n"
                              "[gemini]\nlisten = [\"127.0.0.1:0\"]\n";
    for (const bool sandbox : {true, false}) {
        INFO("sandbox: " << sandbox);
        hardened_server s{sandbox ? "" : "[server]\nsandbox = false\n"};
        REQUIRE(home(s.port()).starts_with("# Hardened\n"));
        const std::string out = s.server->output();
        if (sandbox && out.find("sandbox unavailable") != std::string::npos) {
            MESSAGE("this kernel has no Landlock; only the fallback message is checked");
            continue;
        }
        CHECK(out.find(sandbox ? "smolpub: sandbox: filesystem read-only" : "smolpub: sandbox off") != std::string::npos);
        write_text(s.dir.path() / "smolpub.toml", moved + (sandbox ? "" : "[server]\nsandbox = false\n"));
        s.server->signal(SIGHUP, false);
        if (sandbox) {
            // The kernel refuses the new folder: the reload fails and the old site stays.
            REQUIRE(eventually([&] { return s.server->errors().find("reload failed") != std::string::npos; }, 10s));
            CHECK(s.server->errors().find("Permission denied") != std::string::npos);
            CHECK(home(s.port()).starts_with("# Hardened\n"));
        } else {
            CHECK(eventually([&] { return home(s.port()).starts_with("# Moved\n"); }, 10s));
        }
    }
}

TEST_CASE("hashed log addresses still work inside the sandbox (the salt comes from /dev/urandom)")
{
    hardened_server s{"[log]\naddresses = \"hash\"\n"};
    REQUIRE(gemini_fetch(s.port(), "gemini://localhost/about.gmi")->header.starts_with("20 "));
    CHECK(eventually([&] { return s.server->output().find(" gemini localhost /about.gmi 20 ") != std::string::npos; }, 2s));
    const std::string out = s.server->output();
    CHECK(out.find(" h:") != std::string::npos);
    CHECK(out.find("127.0.0.1 gemini") == std::string::npos);
    CHECK(::kill(s.server->pid(), 0) == 0);
}
