// SPDX-License-Identifier: ISC
// server.proxy_protocol against the real binary: the client address comes from the
// header, for the log and for rate limiting; connections without one are dropped.
#include <doctest/doctest.h>

#include <unistd.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

std::string v1(std::string_view source) { return "PROXY TCP4 " + std::string{source} + " 127.0.0.1 40000 1965\r\n"; }

std::string v2_tcp4(unsigned char a, unsigned char b, unsigned char c, unsigned char d)
{
    std::string h{"\r\n\r\n\0\r\nQUIT\n", 12};
    h += '\x21';  // version 2, PROXY
    h += '\x11';  // TCP over IPv4
    h += '\x00';
    h += '\x0c';
    for (unsigned char x : {a, b, c, d, (unsigned char)127, (unsigned char)0, (unsigned char)0, (unsigned char)1})
        h += static_cast<char>(x);
    h += "\x9c\x40\x07\xad";
    return h;
}

std::string v2_local()
{
    std::string h{"\r\n\r\n\0\r\nQUIT\n", 12};
    h += std::string{"\x20\x00\x00\x00", 4};
    return h;
}

} // namespace

TEST_CASE("with proxy_protocol, v1 and v2 headers give the address the access log shows")
{
    hardened_server s{"[server]\nproxy_protocol = true\n[limits]\nhandshake_timeout = 1\n"};
    const auto one = fetch_with_preamble(s.port(), v1("203.0.113.9"), "gemini://localhost/");
    REQUIRE(one);
    CHECK(one->header.starts_with("20 "));
    const auto two = fetch_with_preamble(s.port(), v2_tcp4(198, 51, 100, 7), "gemini://localhost/about.gmi");
    REQUIRE(two);
    CHECK(two->header.starts_with("20 "));
    const auto local = fetch_with_preamble(s.port(), v2_local(), "gemini://localhost/nope");
    REQUIRE(local);
    CHECK(local->header.starts_with("51 "));
    CHECK(eventually([&] { return s.server->output().find("/nope 51") != std::string::npos; }, 2s));
    const std::string log = s.server->output();
    CHECK(log.find(" 203.0.113.9 gemini localhost / 20 ") != std::string::npos);
    CHECK(log.find(" 198.51.100.7 gemini localhost /about.gmi 20 ") != std::string::npos);
    CHECK(log.find(" 127.0.0.1 gemini localhost /nope 51 ") != std::string::npos);  // LOCAL: the peer
}

TEST_CASE("with proxy_protocol, a connection without a valid header is dropped unanswered")
{
    hardened_server s{"[server]\nproxy_protocol = true\n[limits]\nhandshake_timeout = 1\n"};
    // Straight TLS: its ClientHello is not a PROXY header.
    CHECK_FALSE(gemini_fetch(s.port(), "gemini://localhost/", "localhost", false, 3s));
    // Malformed and truncated headers.
    for (std::string_view bad : {"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "PROXY TCP9 x\r\n", "PROXY TCP4 1.2.3.4"}) {
        const int fd = tcp_connect(s.port(), 5s);
        REQUIRE(fd >= 0);
        REQUIRE(send_all(fd, bad));
        CHECK(closed_by_peer(fd, 3s));
        ::close(fd);
    }
    CHECK(fetch_with_preamble(s.port(), v1("192.0.2.1"), "gemini://localhost/")->header.starts_with("20 "));
}

TEST_CASE("with proxy_protocol, the rate limit applies to each proxied client separately")
{
    hardened_server s{"[server]\nproxy_protocol = true\n[limits]\nrate = 1\nrate_burst = 1\n"};
    CHECK(fetch_with_preamble(s.port(), v1("192.0.2.10"), "gemini://localhost/")->header.starts_with("20 "));
    CHECK(fetch_with_preamble(s.port(), v1("192.0.2.10"), "gemini://localhost/")->header.starts_with("44 "));
    // Same proxy, another client: its own bucket.
    CHECK(fetch_with_preamble(s.port(), v1("192.0.2.11"), "gemini://localhost/")->header.starts_with("20 "));
    CHECK(fetch_with_preamble(s.port(), v2_tcp4(192, 0, 2, 12), "gemini://localhost/")->header.starts_with("20 "));
}

TEST_CASE("Gopher listeners read the PROXY header too")
{
    hardened_server s{"[server]\nproxy_protocol = true\n[gopher]\nlisten = [\"127.0.0.1:0\"]\n[limits]\nrate = 1\nrate_burst = 1\n"};
    const unsigned port = s.server->gopher_port();
    REQUIRE(port != 0);
    const auto menu = gopher_fetch(port, v1("203.0.113.20") + "\r\n");
    REQUIRE(menu);
    CHECK(menu->find("Hardened") != std::string::npos);
    CHECK(eventually([&] { return s.server->output().find(" 203.0.113.20 gopher ") != std::string::npos; }, 2s));
    // The same client again, over its rate: an error, not the menu.
    const auto slow = gopher_fetch(port, v1("203.0.113.20") + "\r\n");
    REQUIRE(slow);
    CHECK(slow->starts_with("3"));
    CHECK(slow->find("Hardened") == std::string::npos);
    // Without a header: dropped.
    const auto bare = gopher_fetch(port, "\r\n", 3s);
    CHECK((!bare || bare->empty()));
}
