// SPDX-License-Identifier: ISC
// TLS edges against the real binary: names, virtual hosts, 0-RTT, and handshakes that
// never happen.
#include <doctest/doctest.h>

#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include <openssl/x509v3.h>

#include "hardening_support.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view vhosts = R"(
[[vhost]]
title = "Alpha"
content = "alpha"
hostnames = ["alpha.test"]

[[vhost]]
title = "Beta"
content = "beta"
hostnames = ["beta.test"]
)";

struct vhost_server {
    hardened_server s{vhosts, false};
    vhost_server()
    {
        write_text(s.dir.path() / "alpha" / "index.md", "Alpha's own front page.\n");
        write_text(s.dir.path() / "alpha" / "only-alpha.md", "+++\ntitle = \"Only in alpha\"\n+++\nA.\n");
        write_text(s.dir.path() / "beta" / "index.md", "Beta's own front page.\n");
        s.start();
    }
};

/// The certificate a server shows for `sni`, as DER.
std::vector<unsigned char> peer_certificate(unsigned port, std::string_view sni, bool& matches_name)
{
    tls_client client{tcp_connect(port, 10s), sni};
    REQUIRE(client.connected());
    X509* cert = SSL_get1_peer_certificate(client.ssl());
    REQUIRE(cert);
    matches_name = X509_check_host(cert, sni.data(), sni.size(), 0, nullptr) == 1;
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    std::vector<unsigned char> out(der, der + len);
    OPENSSL_free(der);
    X509_free(cert);
    return out;
}

} // namespace

TEST_CASE("a URL host other than the TLS server name is refused with 53")
{
    vhost_server v;
    const unsigned port = v.s.port();
    CHECK(gemini_fetch(port, "gemini://beta.test/", "alpha.test")->header.starts_with("53 "));
    CHECK(gemini_fetch(port, "gemini://localhost/", "beta.test")->header.starts_with("53 "));
    // An SNI we hold no certificate for still cannot read another host's pages.
    CHECK(gemini_fetch(port, "gemini://alpha.test/", "gamma.test")->header.starts_with("53 "));
    // Matching names are served.
    CHECK(gemini_fetch(port, "gemini://alpha.test/", "alpha.test")->header.starts_with("20 "));
    CHECK(gemini_fetch(port, "gemini://ALPHA.test./", "alpha.test")->header.starts_with("20 "));
}

TEST_CASE("each virtual host has its own certificate and its own pages")
{
    vhost_server v;
    const unsigned port = v.s.port();
    bool alpha_ok = false, beta_ok = false, default_ok = false;
    const auto alpha_cert = peer_certificate(port, "alpha.test", alpha_ok);
    const auto beta_cert = peer_certificate(port, "beta.test", beta_ok);
    const auto default_cert = peer_certificate(port, "localhost", default_ok);
    CHECK(alpha_ok);
    CHECK(beta_ok);
    CHECK(default_ok);
    CHECK(alpha_cert != beta_cert);
    CHECK(alpha_cert != default_cert);

    const auto alpha = gemini_fetch(port, "gemini://alpha.test/", "alpha.test");
    const auto beta = gemini_fetch(port, "gemini://beta.test/", "beta.test");
    const auto home = gemini_fetch(port, "gemini://localhost/", "localhost");
    REQUIRE(alpha);
    REQUIRE(beta);
    REQUIRE(home);
    CHECK(alpha->body.starts_with("# Alpha\n"));
    CHECK(alpha->body.find("Alpha's own front page.") != std::string::npos);
    CHECK(beta->body.starts_with("# Beta\n"));
    CHECK(beta->body.find("Beta's own front page.") != std::string::npos);
    CHECK(home->body.starts_with("# Hardened\n"));
    CHECK(gemini_fetch(port, "gemini://alpha.test/only-alpha.gmi", "alpha.test")->header.starts_with("20 "));
    CHECK(gemini_fetch(port, "gemini://beta.test/only-alpha.gmi", "beta.test")->header.starts_with("51 "));
}

TEST_CASE("session tickets never offer 0-RTT early data")
{
    hardened_server s{""};
    tls_client first{tcp_connect(s.port(), 10s), "localhost"};
    REQUIRE(first.write("gemini://localhost/\r\n"));
    REQUIRE(first.read_answer());  // TLS 1.3 tickets arrive after the handshake
    SSL_SESSION* session = SSL_get1_session(first.ssl());
    REQUIRE(session);
    CHECK(SSL_SESSION_get_protocol_version(session) == TLS1_3_VERSION);
    CHECK(SSL_SESSION_is_resumable(session) == 1);  // a real ticket, so the next check means something
    CHECK(SSL_SESSION_get_max_early_data(session) == 0);
    SSL_SESSION_free(session);
}

TEST_CASE("the next connection resumes the session, over TLS 1.3 (ticket sent with the reply) and 1.2")
{
    hardened_server s{""};
    for (const int version : {0, TLS1_2_VERSION}) {
        CAPTURE(version);
        SSL_SESSION* session = nullptr;
        // Three connections in a row: a full handshake, then each resumes the session the
        // previous one left, so a resumed connection must hand out a working ticket too.
        for (int round = 0; round < 3; ++round) {
            CAPTURE(round);
            tls_client c{tcp_connect(s.port(), 10s), "localhost", {}, {session, version}};
            REQUIRE(c.connected());
            CHECK(SSL_version(c.ssl()) == (version == 0 ? TLS1_3_VERSION : version));
            CHECK(SSL_session_reused(c.ssl()) == (round == 0 ? 0 : 1));
            REQUIRE(c.write("gemini://localhost/\r\n"));
            const auto answer = c.read_answer();
            REQUIRE(answer);
            CHECK(answer->header.starts_with("20 "));
            CHECK(answer->close_notify);
            // Answer with our close_notify, as a client keeping the session must: OpenSSL
            // makes a session unresumable when its connection is freed without one.
            SSL_shutdown(c.ssl());
            if (session != nullptr)
                SSL_SESSION_free(session);
            session = SSL_get1_session(c.ssl());
            REQUIRE(session);
            CHECK(SSL_SESSION_is_resumable(session) == 1);
        }
        SSL_SESSION_free(session);
    }
}

TEST_CASE("clients that abort the handshake cost nothing lasting")
{
    // 200 connections from 127.0.0.1 in a burst: the per-address cap would refuse the reader.
    hardened_server s{"[limits]\nhandshake_timeout = 2\nmax_connections_per_address = 0\n"};
    const pid_t pid = s.server->pid();
    REQUIRE(gemini_fetch(s.port(), "gemini://localhost/"));
    const std::size_t baseline = open_descriptors(pid);
    REQUIRE(baseline > 0);
    for (int i = 0; i < 200; ++i) {
        const int fd = tcp_connect(s.port(), 5s);
        REQUIRE(fd >= 0);
        if (i % 3 == 1)
            send_all(fd, std::string_view{"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11});  // a ClientHello cut short
        else if (i % 3 == 2)
            send_all(fd, "GET / HTTP/1.0\r\n\r\n");  // not TLS at all
        if (i % 2 == 0) {
            linger reset{1, 0};  // half of them hang up with a reset rather than a FIN
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        ::close(fd);
    }
    const auto after = gemini_fetch(s.port(), "gemini://localhost/");
    REQUIRE(after);
    CHECK(after->header.starts_with("20 "));
    // The baseline may still hold the first fetch's connection (closing after close_notify),
    // so "no more than before" is the claim, not "exactly as many".
    CHECK(eventually([&] { return open_descriptors(pid) <= baseline; }, 5s));
}
