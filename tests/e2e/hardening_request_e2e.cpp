// SPDX-License-Identifier: ISC
// Hostile and broken request lines against the real binary: each is answered (or, when
// the spec says there is no request yet, cut off at the timeout) without disturbing others.
#include <doctest/doctest.h>

#include <thread>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {
using steady = std::chrono::steady_clock;
}

TEST_CASE("a request line of exactly 1024 bytes is served, the 1025th byte gets 59 at once")
{
    hardened_server s{"[limits]\nrequest_timeout = 5\n"};
    const std::string prefix = "gemini://localhost/search?";
    const std::string exact = prefix + std::string(1024 - prefix.size(), 'q');
    REQUIRE(exact.size() == 1024);
    const auto served = gemini_fetch(s.port(), exact);
    REQUIRE(served);
    CHECK(served->header.starts_with("20 text/gemini"));

    // 1025 bytes and no CRLF: the server cannot be waiting for a valid request any more,
    // so it answers well before the 5 s request timeout.
    tls_client client{tcp_connect(s.port(), 10s), "localhost"};
    REQUIRE(client.connected());
    const auto started = steady::now();
    REQUIRE(client.write(exact + "q"));
    const auto answer = client.read_answer();
    REQUIRE(answer);
    CHECK(answer->header.starts_with("59 "));
    CHECK(steady::now() - started < 2s);

    // 1024 bytes followed by CR and then LF in separate writes is still a valid request.
    tls_client split{tcp_connect(s.port(), 10s), "localhost"};
    REQUIRE(split.write(exact + "\r"));
    REQUIRE(split.write("\n"));
    const auto split_answer = split.read_answer();
    REQUIRE(split_answer);
    CHECK(split_answer->header.starts_with("20 "));
}

TEST_CASE("bytes a URL may not hold are answered with 59")
{
    hardened_server s{"[limits]\nrequest_timeout = 5\n"};
    const std::string cases[] = {
        "\xef\xbb\xbfgemini://localhost/",      // a byte-order mark before the URL
        "gemini://localhost/\0x"s,              // NUL
        "gemini://localhost/a\x01z",            // C0 control
        "gemini://localhost/a\x7fz",            // DEL
        "gemini://localhost/a b",               // space
        "gemini://localhost/a\tb",              // tab
        "gemini://localhost/\xc3",              // truncated UTF-8
        "gemini://localhost/\xc0\xaf",          // overlong '/'
        "gemini://localhost/\xe0\x80\xae",      // overlong '.'
        "gemini://localhost/\xed\xa0\x80",      // a UTF-16 surrogate
        "gemini://localhost/\xf4\x90\x80\x80",  // past U+10FFFF
        "gemini://localhost/%00",               // NUL, escaped
        "gemini://localhost/a%0d%0aX: y",       // header injection attempt
        "gemini://localhost/a\rb",              // a CR inside the line
        "",                                     // nothing but CRLF
    };
    for (const auto& line : cases) {
        INFO("request: " << line);
        const auto a = gemini_fetch(s.port(), line);
        REQUIRE(a);
        CHECK(a->header.starts_with("59 "));
        CHECK(a->close_notify);
    }
}

TEST_CASE("clients that send nothing or dribble are cut off at the request timeout, others are served meanwhile")
{
    hardened_server s{"[limits]\nrequest_timeout = 1\nhandshake_timeout = 1\n"};
    const auto started = steady::now();

    // Connected, never a byte: not even a handshake.
    const int silent_tcp = tcp_connect(s.port(), 10s);
    REQUIRE(silent_tcp >= 0);
    // Handshaken, then silent.
    tls_client silent{tcp_connect(s.port(), 10s), "localhost"};
    REQUIRE(silent.connected());
    // One byte every 200 ms: steady progress does not extend the deadline, which is for
    // the whole line.
    tls_client dribbler{tcp_connect(s.port(), 10s), "localhost"};
    REQUIRE(dribbler.connected());
    std::thread drip([&] {
        const std::string line = "gemini://localhost/" + std::string(200, 'a');
        for (char c : line) {
            if (!dribbler.write(std::string_view{&c, 1}))
                return;  // the server hung up: what this test waits for
            std::this_thread::sleep_for(200ms);
        }
    });

    // Meanwhile a normal client is served at once.
    const auto normal_started = steady::now();
    const auto normal = gemini_fetch(s.port(), "gemini://localhost/");
    REQUIRE(normal);
    CHECK(normal->header.starts_with("20 "));
    CHECK(steady::now() - normal_started < 1s);

    CHECK(closed_by_peer(silent_tcp, 5s));
    CHECK(closed_by_peer(silent.fd(), 5s));
    const auto dribbled = dribbler.read_answer();  // ends when the server closes
    drip.join();
    const auto took = steady::now() - started;
    CHECK((!dribbled || dribbled->header.empty()));  // never answered: it never finished a request
    CHECK(took >= 900ms);
    CHECK(took < 5s);
    ::close(silent_tcp);
}

TEST_CASE("a reader that stops reading is freed by the write floor")
{
    // 16 MiB at a floor of 8 MB/s: the budget is the 1 s request timeout + 2 s. One slot,
    // so while the stalled reader holds it, others get 41.
    hardened_server s{"[limits]\nrequest_timeout = 1\nwrite_floor = 8000000\nmax_connections = 1\n", false};
    write_text(s.dir.path() / "capsule" / "files" / "big.bin", std::string(16u << 20, 'x'));
    s.start();

    const int stalled = tcp_connect(s.port(), 10s, 4096);
    tls_client reader{stalled, "localhost"};
    REQUIRE(reader.connected());
    REQUIRE(reader.write("gemini://localhost/files/big.bin\r\n"));
    const auto requested = steady::now();
    // Never read. The server's writes fill the socket buffers and stall.
    bool refused_while_stalled = false;
    for (int i = 0; i < 10 && !refused_while_stalled; ++i) {
        std::this_thread::sleep_for(100ms);
        const auto busy = gemini_fetch(s.port(), "gemini://localhost/");
        refused_while_stalled = busy && busy->header.starts_with("41 ");
    }
    CHECK(refused_while_stalled);
    CHECK(eventually([&] {
        const auto a = gemini_fetch(s.port(), "gemini://localhost/");
        return a && a->header.starts_with("20 ");
    }, 10s));
    const auto freed_after = steady::now() - requested;
    CHECK(freed_after >= 2s);
    CHECK(freed_after < 8s);
    CHECK(eventually([&] { return s.server->output().find("/files/big.bin") != std::string::npos; }, 2s));  // logged as cut short
}
