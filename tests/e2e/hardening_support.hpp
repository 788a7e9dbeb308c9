// SPDX-License-Identifier: ISC
#pragma once
// Client-side tools for the hardening tests, beside server_harness: raw sockets that can
// send bytes before TLS (PROXY headers), stall, dribble or never read, and a look at the
// server process's open descriptors.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "server_harness.hpp"

namespace smolpub::e2e {

/// Waits up to `limit` for the peer to close `fd` (reading and dropping what arrives).
/// true if it closed (EOF or reset) in time.
bool closed_by_peer(int fd, std::chrono::milliseconds limit);

/// One Gemini transaction preceded by `preamble` in the clear.
std::optional<gemini_answer> fetch_with_preamble(unsigned port, std::string_view preamble, std::string_view request,
                                                 std::string_view sni = "localhost");

/// How many descriptors `pid` has open (its /proc/<pid>/fd).
std::size_t open_descriptors(pid_t pid);

/// Sleeps 20 ms (a bounded poll step, not a synchronisation).
void pause_briefly();

/// Polls `condition` every 20 ms until it holds or `limit` passes.
template <class F> bool eventually(F condition, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (condition())
            return true;
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        pause_briefly();
    }
}

/// The whole of `file`.
std::string read_text(const std::filesystem::path& file);

/// The capsule + config for a hardening test: the example capsule and `[site]`, with
/// `extra` TOML appended, served by the real binary.
struct hardened_server {
    scratch_dir dir;
    std::optional<running_server> server;
    explicit hardened_server(std::string_view extra, bool start = true);
    void start() { server.emplace(dir.path()); }
    unsigned port() const { return server->gemini_port(); }
};

} // namespace smolpub::e2e
