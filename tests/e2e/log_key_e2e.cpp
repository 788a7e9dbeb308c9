// SPDX-License-Identifier: ISC
// Hashed addresses are keyed by log.key (issue 29): two servers with different keys log
// different values for the same address, two with the same key the same value.
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "cli_support.hpp"
#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

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
        std::istringstream lines(server.output());
        for (std::string line; std::getline(lines, line);) {
            if (line.find(" gemini localhost / 20 ") == std::string::npos)
                continue;
            std::istringstream fields(line);
            std::string stamp, client;
            fields >> stamp >> client;
            CHECK(line.find("127.0.0.1") == std::string::npos);
            return client;
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
