// SPDX-License-Identifier: ISC
// Hashed addresses are keyed by log.key (issue 29): two servers with different keys log
// different values for the same address, two with the same key the same value.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <vector>
#include <sstream>
#include <string>
#include <thread>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

/// The access lines (of `output`, the server's stdout) of the home page answered over Gemini.
std::vector<std::string> home_access_lines(const std::string& output)
{
    std::vector<std::string> found;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
        if (line.find(" gemini localhost / 20 ") != std::string::npos)
            found.push_back(line);
    return found;
}

/// An access line's client column (the one after the time stamp).
std::string client_of(const std::string& line)
{
    std::istringstream fields(line);
    std::string stamp, client;
    fields >> stamp >> client;
    return client;
}

/// Starts a server keyed by `key` (16 bytes, written as dir/log.key), fetches its home page
/// from 127.0.0.1 and returns the client column of the access line.
std::string logged_client(std::string_view key)
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"T\"\n", "[log]\naddresses = \"hash\"\nkey = \"log.key\"\n"));
    write_text(dir.path() / "capsule" / "index.md", "Home.\n");
    write_text(dir.path() / "log.key", key);
    running_server server(dir.path());
    const auto answer = gemini_fetch(server.gemini_port(), "gemini://localhost/");
    REQUIRE(answer);
    REQUIRE(answer->header.starts_with("20 "));
    for (int tries = 0; tries < 100; ++tries) {
        const auto lines = home_access_lines(server.output());
        if (!lines.empty()) {
            CHECK(lines.front().find("127.0.0.1") == std::string::npos);
            return client_of(lines.front());
        }
        std::this_thread::sleep_for(20ms);
    }
    FAIL("no access line in: " << server.output());
    return {};
}

} // namespace

TEST_CASE("two servers with different log keys log different values for one address, the same key the same")
{
    const std::string first = logged_client("0123456789abcdef");
    const std::string other = logged_client("fedcba9876543210");
    const std::string again = logged_client("0123456789abcdef");
    CHECK(first.starts_with("h:"));
    CHECK(first.size() == 18);
    CHECK(first != other);
    CHECK(first == again);
}

namespace {

/// The client column of every access line for the home page, in order.
std::vector<std::string> logged_clients(const std::string& output)
{
    std::vector<std::string> out;
    for (const std::string& line : home_access_lines(output))
        out.push_back(client_of(line));
    return out;
}

} // namespace

TEST_CASE("SIGHUP re-reads log.key: a new key gives a new value for the same address")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"T\"\n", "[log]\naddresses = \"hash\"\nkey = \"log.key\"\n"));
    write_text(dir.path() / "capsule" / "index.md", "Home.\n");
    write_text(dir.path() / "log.key", "0123456789abcdef");
    running_server server(dir.path());
    REQUIRE(gemini_fetch(server.gemini_port(), "gemini://localhost/"));

    write_text(dir.path() / "log.key", "fedcba9876543210");
    server.signal(SIGHUP, false);
    REQUIRE(eventually([&] { return server.output().find("log.key: read") != std::string::npos; }, 5s));
    REQUIRE(gemini_fetch(server.gemini_port(), "gemini://localhost/"));

    // A key file broken meanwhile keeps the key in use, said on stderr.
    write_text(dir.path() / "log.key", "short");
    server.signal(SIGHUP, false);
    eventually([&] { return server.errors().find("keeping the current key") != std::string::npos; }, 5s);
    CHECK(server.errors().find("must hold exactly 16 bytes; keeping the current key") != std::string::npos);
    REQUIRE(gemini_fetch(server.gemini_port(), "gemini://localhost/"));

    std::vector<std::string> clients;
    for (int tries = 0; tries < 100 && clients.size() < 3; ++tries) {
        std::this_thread::sleep_for(20ms);
        clients = logged_clients(server.output());
    }
    REQUIRE(clients.size() == 3);
    CHECK(clients[0] != clients[1]);
    CHECK(clients[1] == clients[2]);
    // What the second key gives in a server started with it.
    CHECK(clients[1] == logged_client("fedcba9876543210"));
}

TEST_CASE("check refuses a log.key that is not 16 bytes, at the key's line, and warns that a chrooted server cannot re-read key files")
{
    scratch_dir dir;
    const fs::path config = dir.path() / "smolpub.toml";
    write_text(config, loopback_config("title = \"T\"\n", "[server]\nchroot = true\nuser = \"nobody\"\n"
                                                          "[log]\naddresses = \"hash\"\nkey = \"log.key\"\n"));
    fs::create_directories(dir.path() / "capsule");
    write_text(dir.path() / "log.key", "short");
    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    // loopback_config: a blank line, [site] and 5 keys, [gemini] and listen; then [server] (3 lines), [log].
    CHECK(lines_with(r.err, config.string() + ":14:1: log.key: log key " + (dir.path() / "log.key").string() +
                                " must hold exactly 16 bytes").size() == 1);
    CHECK(lines_with(r.err, "warning: log.key: with server.chroot").size() == 1);
    CHECK(lines_with(r.err, "warning: server.chroot: a chrooted server cannot reload").size() == 1);

    write_text(dir.path() / "log.key", "0123456789abcdef");
    const auto fine = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(fine.err);
    CHECK(fine.code == 0);
    CHECK(lines_with(fine.err, "warning: log.key: with server.chroot").size() == 1);
}
