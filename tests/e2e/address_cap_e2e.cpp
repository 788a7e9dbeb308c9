// SPDX-License-Identifier: ISC
// limits.max_connections_per_address against the real binary (issue 17): one address (here
// 127.0.0.2, or the address a PROXY header names) holding idle connections up to its cap is
// refused beyond it, while a reader on another address (127.0.0.1) is served as usual.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {


/// Closes a set of raw sockets on scope exit.
struct socket_pile {
    std::vector<int> fds;
    ~socket_pile()
    {
        for (int fd : fds)
            ::close(fd);
    }
};

/// A PROXY v2 header (TCP over IPv4) naming a.b.c.d as the client.
std::string v2_tcp4(unsigned char a, unsigned char b, unsigned char c, unsigned char d)
{
    std::string h{"\r\n\r\n\0\r\nQUIT\n", 12};
    h += "\x21\x11";  // version 2 PROXY; TCP over IPv4
    h += std::string{"\x00\x0c", 2};
    for (unsigned char x : {a, b, c, d, (unsigned char)127, (unsigned char)0, (unsigned char)0, (unsigned char)1})
        h += static_cast<char>(x);
    h += "\x9c\x40\x07\xad";
    return h;
}

/// A Gemini transaction from `source`; nullopt when the server closed without answering.
std::optional<gemini_answer> fetch_from(const char* source, unsigned port, std::string_view preamble = {})
{
    tls_client c{connect_from(source, port, 5s), "localhost", preamble};
    if (!c.connected() || !c.write("gemini://localhost/\r\n"))
        return std::nullopt;
    return c.read_answer();
}

/// How many connections the server has accepted so far, as descriptors (the listener's own included).
bool server_holds(const hardened_server& s, std::size_t base, std::size_t more)
{
    return eventually([&] { return open_descriptors(s.server->pid()) >= base + more; }, 5s);
}

} // namespace

TEST_CASE("one address past max_connections_per_address is refused while another is served")
{
    hardened_server s{"[limits]\nmax_connections_per_address = 4\n"};
    const std::size_t base = open_descriptors(s.server->pid());
    socket_pile attacker;
    for (int i = 0; i < 4; ++i) {
        attacker.fds.push_back(connect_from("127.0.0.2", s.port(), 5s));
        REQUIRE(attacker.fds.back() >= 0);
    }
    REQUIRE(server_holds(s, base, 4));

    // The first refusal of the minute is told why, after a handshake...
    const auto told = fetch_from("127.0.0.2", s.port());
    REQUIRE(told);
    CHECK(told->header.starts_with("41 "));
    CHECK(told->close_notify);
    // ...the ones after it are closed before any TLS, which costs the server no handshake.
    for (int i = 0; i < 3; ++i) {
        const int fd = connect_from("127.0.0.2", s.port(), 5s);
        REQUIRE(fd >= 0);
        CHECK(closed_by_peer(fd, 2s));
        ::close(fd);
    }
    // Meanwhile a reader on another address is served.
    const auto reader = fetch_from("127.0.0.1", s.port());
    REQUIRE(reader);
    CHECK(reader->header.starts_with("20 "));
    // The cap was logged once, naming the address.
    CHECK(eventually([&] { return s.server->errors().find("127.0.0.2 holds limits.max_connections_per_address = 4") !=
                                  std::string::npos; }, 2s));
    const std::string errors = s.server->errors();
    CHECK(errors.find("max_connections_per_address") == errors.rfind("max_connections_per_address"));

    // Once its connections close, the address is served again.
    for (int fd : attacker.fds)
        ::close(fd);
    attacker.fds.clear();
    CHECK(eventually([&] {
        const auto again = fetch_from("127.0.0.2", s.port());
        return again && again->header.starts_with("20 ");
    }, 5s));
}

TEST_CASE("behind a PROXY v2 header, the cap counts the address the header names")
{
    hardened_server s{"[limits]\nmax_connections_per_address = 2\n[server]\nproxy_protocol = true\n"};
    const std::size_t base = open_descriptors(s.server->pid());
    socket_pile attacker;  // all from the proxy's own 127.0.0.1, each naming 203.0.113.9
    for (int i = 0; i < 2; ++i) {
        const int fd = connect_from("127.0.0.1", s.port(), 5s);
        REQUIRE(fd >= 0);
        REQUIRE(send_all(fd, v2_tcp4(203, 0, 113, 9)));
        attacker.fds.push_back(fd);
    }
    REQUIRE(server_holds(s, base, 2));
    for (int i = 0; i < 5; ++i)
        pause_briefly();  // accepted; now let the server read their headers
    const auto refused = fetch_from("127.0.0.1", s.port(), v2_tcp4(203, 0, 113, 9));
    REQUIRE(refused);
    CHECK(refused->header.starts_with("41 "));
    // Another client through the same proxy is served: the proxy's address is not what counts.
    const auto reader = fetch_from("127.0.0.1", s.port(), v2_tcp4(203, 0, 113, 10));
    REQUIRE(reader);
    CHECK(reader->header.starts_with("20 "));
    CHECK(eventually([&] { return s.server->errors().find("203.0.113.9 holds") != std::string::npos; }, 2s));
}

TEST_CASE("a Gopher client past its address's cap gets an error line, another address its menu")
{
    hardened_server s{"[limits]\nmax_connections_per_address = 2\n[gopher]\nlisten = [\"127.0.0.1:0\"]\nport = 70\n"};
    const unsigned port = s.server->gopher_port();
    const std::size_t base = open_descriptors(s.server->pid());
    socket_pile attacker;
    for (int i = 0; i < 2; ++i) {
        attacker.fds.push_back(connect_from("127.0.0.2", port, 5s));
        REQUIRE(attacker.fds.back() >= 0);
    }
    REQUIRE(server_holds(s, base, 2));
    const int fd = connect_from("127.0.0.2", port, 5s);
    REQUIRE(fd >= 0);
    std::string reply;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)  // no selector sent: answered at once
        reply.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    CHECK(reply.starts_with("3"));
    CHECK(reply.find("too many connections") != std::string::npos);
    const auto menu = gopher_fetch(port, "/\r\n");
    REQUIRE(menu);
    CHECK(!menu->empty());
    CHECK(!menu->starts_with("3"));
}
