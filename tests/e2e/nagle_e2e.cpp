// SPDX-License-Identifier: ISC
// Clients that keep the socket defaults (Nagle on), as Python's ssl module, AV-98-style
// clients and many crawlers do: their request is a second small write right after the TLS
// Finished, and the kernel holds it until the server acknowledges the Finished. A server
// that has nothing to send at that moment delays its ACK by ~40 ms (issue 18). Each case
// takes the median of several whole transactions; the bound is loose for a noisy machine,
// but a 40 ms stall cannot pass it.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

constexpr int transactions = 9;
// A sanitizer build of the server is slower at everything; the stall is 40 ms either way.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr auto median_bound = 20ms;
#else
constexpr auto median_bound = 10ms;
#endif

/// The median time of `transactions` runs of `once`, each of which must succeed.
std::chrono::microseconds median_of(const std::function<bool()>& once)
{
    std::vector<std::chrono::microseconds> took;
    for (int i = 0; i < transactions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const bool ok = once();
        took.push_back(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
        REQUIRE(ok);
    }
    std::sort(took.begin(), took.end());
    return took[took.size() / 2];
}

/// A Gemini transaction as such a client makes it: no TCP_NODELAY (tcp_connect sets none),
/// `preamble` (a PROXY header) in its own write, SSL_connect, then the request in its own
/// SSL_write.
bool fetch_with_nagle(unsigned port, std::string_view preamble = {}, int max_version = 0)
{
    tls_client c{tcp_connect(port, 5s), "localhost", preamble, tls_options{nullptr, max_version}};
    if (!c.connected() || !c.write("gemini://localhost/\r\n"))
        return false;
    const auto answer = c.read_answer();
    return answer && answer->header.starts_with("20 ") && answer->close_notify;
}

} // namespace

TEST_CASE("a Gemini client that leaves Nagle on gets its page without a delayed-ACK stall")
{
    hardened_server s{""};
    REQUIRE(fetch_with_nagle(s.port()));  // warm-up: first-use costs are not what is measured
    SUBCASE("TLS 1.3, the default")
    {
        const auto median = median_of([&] { return fetch_with_nagle(s.port()); });
        MESSAGE("median " << median.count() << " us");
        CHECK(median < median_bound);
    }
    SUBCASE("TLS 1.2")
    {
        const auto median = median_of([&] { return fetch_with_nagle(s.port(), {}, TLS1_2_VERSION); });
        MESSAGE("median " << median.count() << " us");
        CHECK(median < median_bound);
    }
}

TEST_CASE("behind a PROXY header sent in its own write, a Nagle client is not stalled either")
{
    hardened_server s{"[server]\nproxy_protocol = true\n"};
    const std::string v1 = "PROXY TCP4 192.0.2.7 127.0.0.1 40000 1965\r\n";
    REQUIRE(fetch_with_nagle(s.port(), v1));
    const auto median = median_of([&] { return fetch_with_nagle(s.port(), v1); });
    MESSAGE("median " << median.count() << " us");
    CHECK(median < median_bound);
}

TEST_CASE("a Gopher selector sent in two writes with Nagle on is answered without a stall")
{
    hardened_server s{"[gopher]\nlisten = [\"127.0.0.1:0\"]\nport = 70\n"};
    const unsigned port = s.server->gopher_port();
    REQUIRE(port != 0);
    auto once = [&] {
        const int fd = tcp_connect(port, 5s);
        if (fd < 0)
            return false;
        // The selector, then its CRLF: Nagle holds the second write until the first is ACKed.
        const bool sent = send_all(fd, "/") && send_all(fd, "\r\n");
        std::string reply;
        char buf[4096];
        ssize_t n;
        while (sent && (n = ::recv(fd, buf, sizeof buf, 0)) > 0)
            reply.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
        return sent && !reply.empty() && reply.front() != '3';
    };
    REQUIRE(once());
    const auto median = median_of(once);
    MESSAGE("median " << median.count() << " us");
    CHECK(median < median_bound);
}
