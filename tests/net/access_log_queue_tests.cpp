// SPDX-License-Identifier: ISC
// The access log never blocks its caller (issue 29): lines go to a bounded queue that a
// thread of its own writes; when stdout's reader stalls, the queue fills and the lines
// past it are dropped and counted, and a flush writes every line that was queued.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "net/access_log.hpp"

using namespace smolpub;

TEST_CASE("a stalled stdout costs access lines, counted, never a blocked caller, and a flush writes the queue")
{
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    ::fcntl(fds[0], F_SETPIPE_SZ, 4096);
    std::cout.flush();  // doctest's own lines must not land in the pipe
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    REQUIRE(saved >= 0);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[1]);

    // 20 000 lines of about 110 bytes: twice what the 1 MiB queue holds, with nobody reading.
    const std::string path = "/" + std::string(64, 'p');
    constexpr std::size_t lines = 20000;
    const std::uint64_t dropped_before = net::access_log_dropped();
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < lines; ++i)
        net::log_access({"192.0.2.1", "gemini", "example.org", path, 20, 1234, std::chrono::microseconds{56}},
                        content::address_logging::full);
    const auto took = std::chrono::steady_clock::now() - start;
    const std::uint64_t dropped = net::access_log_dropped() - dropped_before;

    std::size_t read_lines = 0;
    std::thread reader{[&] {
        char buf[65536];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            for (ssize_t i = 0; i < n; ++i)
                read_lines += buf[i] == '\n';
    }};
    net::flush_access_log();
    ::dup2(saved, STDOUT_FILENO);  // the pipe's last writer gone: the reader sees its end
    ::close(saved);
    reader.join();
    ::close(fds[0]);

    CHECK(std::chrono::duration<double>(took).count() < 2.0);
    CHECK(dropped > 0);
    CHECK(dropped < lines);
    CHECK(read_lines + dropped == lines);
}

TEST_CASE("a lone access line reaches stdout on its own, within the writer's short gathering time")
{
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    std::cout.flush();
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    REQUIRE(saved >= 0);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[1]);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);

    // The writer waits a few milliseconds for company before it writes; a quiet server's
    // single line must still go out by itself, with no flush and no later line to push it.
    const auto start = std::chrono::steady_clock::now();
    net::log_access({"192.0.2.7", "gopher", "example.org", "/alone", 20, 7, std::chrono::microseconds{3}},
                    content::address_logging::full);
    std::string got;
    while (got.find('\n') == std::string::npos && std::chrono::steady_clock::now() - start < std::chrono::seconds{5}) {
        char buf[512];
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n > 0)
            got.append(buf, static_cast<std::size_t>(n));
        else
            std::this_thread::sleep_for(std::chrono::milliseconds{2});
    }
    const auto took = std::chrono::steady_clock::now() - start;
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    ::close(fds[0]);

    CHECK(got.find("/alone") != std::string::npos);
    CHECK(std::chrono::duration<double>(took).count() < 1.0);
}
