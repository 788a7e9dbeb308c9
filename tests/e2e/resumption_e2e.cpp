// SPDX-License-Identifier: ISC
// Resumption for a client that follows RFC 8446 C.4 and uses each ticket once, as curl and
// OpenSSL's own client cache do: SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE and a
// new-session callback that keeps only the latest ticket. The server must send a new ticket on
// every handshake, resumed or not, or such a client falls back to a full handshake every other
// time (issue 24: 51-53 % resumed). Against one server and alternating between two replicas
// that share server.ticket_keys.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include <unistd.h>

#include <openssl/ssl.h>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

/// The client: its context, and the one ticket it holds (taken out when offered).
struct once_client {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_SESSION* latest = nullptr;

    once_client()
    {
        REQUIRE(ctx != nullptr);
        SSL_CTX_set_ex_data(ctx, 0, this);
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, [](SSL* ssl, SSL_SESSION* s) {
            auto* self = static_cast<once_client*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), 0));
            if (self->latest != nullptr)
                SSL_SESSION_free(self->latest);
            self->latest = s;  // only the latest
            return 1;          // we own it now
        });
    }
    ~once_client()
    {
        if (latest != nullptr)
            SSL_SESSION_free(latest);
        SSL_CTX_free(ctx);
    }
    once_client(const once_client&) = delete;
    once_client& operator=(const once_client&) = delete;

    /// One Gemini request to `port`; returns whether the handshake resumed.
    bool visit(unsigned port)
    {
        const int fd = tcp_connect(port, 10s);
        REQUIRE(fd >= 0);
        SSL* ssl = SSL_new(ctx);
        REQUIRE(ssl != nullptr);
        SSL_set_fd(ssl, fd);
        SSL_set_tlsext_host_name(ssl, "localhost");
        if (latest != nullptr) {
            SSL_set_session(ssl, latest);  // each ticket once
            SSL_SESSION_free(latest);
            latest = nullptr;
        }
        REQUIRE(SSL_connect(ssl) == 1);
        const bool reused = SSL_session_reused(ssl) == 1;
        const std::string request = "gemini://localhost/\r\n";
        CHECK(SSL_write(ssl, request.data(), static_cast<int>(request.size())) == static_cast<int>(request.size()));
        std::string answer;
        char buf[4096];
        for (int n = 0; (n = SSL_read(ssl, buf, sizeof buf)) > 0 && answer.size() < (1u << 20);)
            answer.append(buf, static_cast<std::size_t>(n));
        CHECK(answer.starts_with("20 "));
        SSL_shutdown(ssl);
        SSL_free(ssl);
        ::close(fd);
        return reused;
    }
};

std::unique_ptr<hardened_server> server_with_keys(const fs::path& key_file, bool start = true)
{
    return std::make_unique<hardened_server>("[server]\nticket_keys = \"" + key_file.string() + "\"\n", start);
}

} // namespace

TEST_CASE("a client that uses each ticket once resumes at least 99 % of 200 sequential connections")
{
    hardened_server s{""};
    once_client client;
    int resumed = 0;
    for (int i = 0; i < 200; ++i)
        resumed += client.visit(s.port()) ? 1 : 0;
    MESSAGE("resumed " << resumed << " of 200");
    CHECK(resumed >= 198);  // all but the first, give or take one
}

TEST_CASE("the same client alternating between two replicas sharing server.ticket_keys resumes at least 95 %")
{
    temp_dir keys;
    const fs::path file = keys.path() / "shared.keys";
    const auto made = run_smolpub({"cert", "--ticket-keys", file.string()}, keys.path());
    REQUIRE_MESSAGE(made.code == 0, made.err);
    auto a = server_with_keys(file);
    auto b = server_with_keys(file, false);
    fs::remove_all(b->dir.path() / "certs");  // one identity on both, as docs/scale-out.md says
    fs::copy(a->dir.path() / "certs", b->dir.path() / "certs", fs::copy_options::recursive);
    b->start();
    once_client client;
    int resumed = 0;
    for (int i = 0; i < 200; ++i)
        resumed += client.visit(i % 2 == 0 ? a->port() : b->port()) ? 1 : 0;
    MESSAGE("resumed " << resumed << " of 200");
    CHECK(resumed >= 190);
}
