// SPDX-License-Identifier: ISC
// How serve starts and how it refuses (issue 28): it says its PID, which README's
// `kill -HUP <pid>` needs; a config that cannot be served leaves no certificates behind;
// and an invalid config ends serve with check's exit code.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "test_servers.hpp"
#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

TEST_CASE_FIXTURE(home_server, "serve prints the PID it serves as")
{
    const std::string said = "smolpub: serving as pid " + std::to_string(server.pid()) + " ";
    const bool found = eventually([&] { return server.output().find(said) != std::string::npos; }, 2s);
    INFO(server.output());
    CHECK(found);
}

TEST_CASE("an invalid config ends serve with 1, as check, and writes no certificate")
{
    temp_dir dir;
    write_file(dir.path() / "capsule" / "index.md", "Home.\n");
    const auto bad_config = [&](std::string_view text) {
        write_file(dir.path() / "smolpub.toml", std::string{text});
        const auto served = run_smolpub({"serve", "--config", "smolpub.toml"}, dir.path(), 30s);
        const auto checked = run_smolpub({"check", "--config", "smolpub.toml"}, dir.path(), 30s);
        INFO(text);
        INFO(served.err);
        CHECK(served.code == 1);
        CHECK(checked.code == served.code);
        CHECK(served.out.find("listening") == std::string::npos);
        CHECK(!fs::exists(dir.path() / "certs"));
    };
    const std::string site = "[site]\ncontent = \"capsule\"\nhostnames = [\"localhost\"]\ncertificates = \"certs\"\n";
    bad_config(site + "[gemini]\nlisten = [\"127.0.0.1:0\"]\nbogus = 1\n");            // an unknown key
    bad_config(site + "[gemini]\nlisten = [\"127.0.0.1:99999\"]\n");                   // a listen address bind() refuses
    bad_config("[site]\ncontent = \"missing\"\ncertificates = \"certs\"\n[gemini]\nlisten = [\"127.0.0.1:0\"]\n");  // no capsule
}
