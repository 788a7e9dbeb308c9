// SPDX-License-Identifier: ISC
// Limits against the real binary: request rate (44), connection cap (41), idle floods,
// and running out of file descriptors.
#include <doctest/doctest.h>

#include <memory>
#include <thread>
#include <vector>

#include <csignal>

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

/// Closes a set of raw sockets on scope exit.
struct socket_pile {
    std::vector<int> fds;
    ~socket_pile() { release(); }
    void release()
    {
        for (int fd : fds)
            ::close(fd);
        fds.clear();
    }
};

} // namespace

TEST_CASE("a client over limits.rate is told to slow down with 44 and the seconds to wait")
{
    hardened_server s{"[limits]\nrate = 1\nrate_burst = 3\n"};
    for (int i = 0; i < 3; ++i) {
        const auto a = gemini_fetch(s.port(), "gemini://localhost/");
        REQUIRE(a);
        CHECK(a->header.starts_with("20 "));
    }
    const auto slow = gemini_fetch(s.port(), "gemini://localhost/");
    REQUIRE(slow);
    CHECK(slow->header == "44 1");
    CHECK(slow->close_notify);
    CHECK(eventually([&] { return s.server->output().find(" 44 ") != std::string::npos; }, 2s));  // in the access log
    // After the wait it names, the client is served again.
    std::this_thread::sleep_for(1100ms);
    CHECK(gemini_fetch(s.port(), "gemini://localhost/")->header.starts_with("20 "));
}

TEST_CASE("past limits.max_connections a client gets 41, and gets served once a slot frees")
{
    hardened_server s{"[limits]\nmax_connections = 3\nrequest_timeout = 10\n"};
    std::vector<std::unique_ptr<tls_client>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<tls_client>(tcp_connect(s.port(), 10s), "localhost"));
        REQUIRE(held.back()->connected());
    }
    const auto refused = gemini_fetch(s.port(), "gemini://localhost/");
    REQUIRE(refused);
    CHECK(refused->header.starts_with("41 "));
    CHECK(refused->close_notify);
    held.pop_back();  // one client leaves
    CHECK(eventually([&] {
        const auto a = gemini_fetch(s.port(), "gemini://localhost/");
        return a && a->header.starts_with("20 ");
    }, 5s));
    // The held connections were not disturbed: each is still served.
    for (auto& c : held) {
        REQUIRE(c->write("gemini://localhost/\r\n"));
        const auto a = c->read_answer();
        REQUIRE(a);
        CHECK(a->header.starts_with("20 "));
    }
}

TEST_CASE("300 idle connections (slowloris) do not keep a normal client waiting")
{
    // Attacker and reader share 127.0.0.1 here, so the per-address cap (address_cap_e2e) is off.
    hardened_server s{"[limits]\nhandshake_timeout = 30\nmax_connections_per_address = 0\n"};
    socket_pile idle;
    for (int i = 0; i < 300; ++i) {
        const int fd = tcp_connect(s.port(), 5s);
        REQUIRE(fd >= 0);
        if (i % 2)
            send_all(fd, std::string_view{"\x16\x03\x01", 3});  // the first bytes of a record, then nothing
        idle.fds.push_back(fd);
    }
    for (int i = 0; i < 3; ++i) {
        const auto started = std::chrono::steady_clock::now();
        const auto a = gemini_fetch(s.port(), "gemini://localhost/");
        REQUIRE(a);
        CHECK(a->header.starts_with("20 "));
        CHECK(std::chrono::steady_clock::now() - started < 1s);
    }
}

TEST_CASE("out of file descriptors, the server waits instead of failing, and recovers")
{
    hardened_server s{"[limits]\nhandshake_timeout = 30\nmax_connections_per_address = 0\n"};  // all from 127.0.0.1
    const pid_t pid = s.server->pid();
    REQUIRE(gemini_fetch(s.port(), "gemini://localhost/"));
    // Leave the server a handful of descriptors beyond what it holds, then use them up.
    const auto in_use = static_cast<rlim_t>(open_descriptors(pid));
    rlimit lowered{in_use + 8, in_use + 8};
    rlimit old{};
    REQUIRE(::prlimit(pid, RLIMIT_NOFILE, &lowered, &old) == 0);

    socket_pile idle;
    for (int i = 0; i < 40; ++i) {
        const int fd = tcp_connect(s.port(), 5s);  // completes in the kernel's backlog
        REQUIRE(fd >= 0);
        idle.fds.push_back(fd);
    }
    // The server has accepted all it can; the rest wait in the backlog. It is still alive.
    CHECK(eventually([&] { return open_descriptors(pid) >= in_use + 8; }, 5s));
    CHECK_FALSE(gemini_fetch(s.port(), "gemini://localhost/", "localhost", false, 1500ms));
    CHECK(::kill(pid, 0) == 0);

    idle.release();
    const auto a = gemini_fetch(s.port(), "gemini://localhost/", "localhost", false, 10s);
    REQUIRE(a);
    CHECK(a->header.starts_with("20 "));
    CHECK(s.server->errors().find("session error") == std::string::npos);
}

TEST_CASE("a client that resets while the server is blocked writing to it does not kill the server (SIGPIPE)")
{
    hardened_server s{"", false};
    // Big enough that the reply cannot fit in the socket buffers of both ends.
    write_text(s.dir.path() / "capsule" / "big.gmi", std::string(4 << 20, 'x') + "\n");
    s.start();
    const pid_t pid = s.server->pid();

    for (int attempt = 0; attempt < 3; ++attempt) {
        tls_client c{tcp_connect(s.port(), 10s, 4096), "localhost"};
        REQUIRE(c.connected());
        REQUIRE(c.write("gemini://localhost/big.gmi\r\n"));
        std::this_thread::sleep_for(300ms);  // the server fills the buffers and waits to write
        // Half-close (the server's socket goes to CLOSE_WAIT), then reset: its next write
        // fails with EPIPE, which raises SIGPIPE unless the server ignores it.
        ::shutdown(c.fd(), SHUT_WR);
        std::this_thread::sleep_for(100ms);
        const linger abort_on_close{1, 0};
        ::setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    }  // each tls_client closes here, with the reply unread: a reset
    std::this_thread::sleep_for(500ms);

    CHECK(::kill(pid, 0) == 0);
    const auto answer = gemini_fetch(s.port(), "gemini://localhost/");
    REQUIRE(answer);
    CHECK(answer->header.starts_with("20 "));
}
