// SPDX-License-Identifier: ISC
// Binding: a second smolpub on a port that one already serves must fail loudly, never join
// it (SO_REUSEPORT would otherwise let both serve, each half of the connections).
#include <doctest/doctest.h>

#include "cli_support.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

std::string config_listening_on(const std::string& gemini, unsigned threads)
{
    return "[site]\ntitle = \"Listen\"\ncontent = \"capsule\"\nhostnames = [\"localhost\"]\ncertificates = \"certs\"\n"
           "[server]\nthreads = " + std::to_string(threads) + "\n[gemini]\nlisten = [\"" + gemini + "\"]\n";
}

} // namespace

TEST_CASE("a second smolpub on a port already served exits 1 naming the port, and the first keeps serving")
{
    for (const unsigned first_threads : {1u, 2u}) {
        for (const unsigned second_threads : {1u, 2u}) {
            CAPTURE(first_threads);
            CAPTURE(second_threads);
            scratch_dir first_dir;
            copy_example_capsule(first_dir.path());
            write_text(first_dir.path() / "smolpub.toml", config_listening_on("127.0.0.1:0", first_threads));
            running_server first{first_dir.path()};
            const std::string port = std::to_string(first.gemini_port());

            scratch_dir second_dir;
            copy_example_capsule(second_dir.path());
            write_text(second_dir.path() / "smolpub.toml", config_listening_on("127.0.0.1:" + port, second_threads));
            const run_result second = run_smolpub({"serve", "--config", "smolpub.toml"}, second_dir.path(), 30s);
            CHECK(second.code == 1);
            CHECK(second.err.find("port " + port) != std::string::npos);
            CHECK(second.err.find("in use") != std::string::npos);

            // Every connection still reaches the first server: 20 in a row, none refused.
            int served = 0;
            for (int i = 0; i < 20; ++i) {
                const auto answer = gemini_fetch(first.gemini_port(), "gemini://localhost/");
                served += answer && answer->header.starts_with("20 ") ? 1 : 0;
            }
            CHECK(served == 20);
        }
    }
}
