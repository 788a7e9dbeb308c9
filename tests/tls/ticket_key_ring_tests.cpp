// SPDX-License-Identifier: ISC
// The ticket-key ring through real TLS handshakes over an in-memory BIO pair: keys from a
// file seal and open tickets, a replaced ring keeps what it still has.
#include <doctest/doctest.h>

#include <ctime>
#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls/identity.hpp"
#include "tls/ticket_key_ring.hpp"
#include "tls/context.hpp"
#include "temp_dir.hpp"

namespace tls = smolpub::tls;
using smolpub::tls::test::temp_dir;

namespace {

template <auto Free> struct freer {
    void operator()(auto* p) const { Free(p); }
};
using ctx_ptr = std::unique_ptr<SSL_CTX, freer<SSL_CTX_free>>;
using ssl_ptr = std::unique_ptr<SSL, freer<SSL_free>>;
using session_ptr = std::unique_ptr<SSL_SESSION, freer<SSL_SESSION_free>>;

tls::ticket_key must_key()
{
    auto k = tls::make_ticket_key();
    REQUIRE(k);
    return *k;
}

/// A server context for one identity (made in `certs_dir`, or loaded from it) whose tickets use `ring`.
struct server {
    ctx_ptr ctx{SSL_CTX_new(TLS_server_method())};
    std::shared_ptr<tls::sni_table> table;
    server(std::shared_ptr<tls::ticket_key_ring> ring, const std::filesystem::path& certs_dir)
    {
        auto id = tls::load_or_create(certs_dir, "a.example");
        REQUIRE(id);
        auto configured = tls::configure_server(ctx.get(), {*id}, std::move(ring));
        REQUIRE_MESSAGE(configured, (configured ? "" : configured.error()));
        table = *configured;
    }
};

/// One TLS 1.3 connection over a BIO pair: handshake, a few bytes from the server (which
/// carry its ticket, when it sends one), and a clean close.
struct connection {
    ssl_ptr client, srv;
    connection(SSL_CTX* client_ctx, SSL_CTX* server_ctx, SSL_SESSION* resume, bool server_sends_ticket = true)
        : client(SSL_new(client_ctx)), srv(SSL_new(server_ctx))
    {
        BIO* a = nullptr;
        BIO* b = nullptr;
        REQUIRE(BIO_new_bio_pair(&a, 0, &b, 0) == 1);
        SSL_set_bio(client.get(), a, a);
        SSL_set_bio(srv.get(), b, b);
        SSL_set_connect_state(client.get());
        SSL_set_accept_state(srv.get());
        REQUIRE(SSL_set_tlsext_host_name(client.get(), "a.example") == 1);
        if (resume != nullptr)
            REQUIRE(SSL_set_session(client.get(), resume) == 1);
        if (!server_sends_ticket)
            SSL_set_num_tickets(srv.get(), 0);  // as tls/connection does: tickets on request
        bool client_done = false, server_done = false;
        for (int round = 0; round < 20 && !(client_done && server_done); ++round) {
            if (!client_done)
                client_done = SSL_do_handshake(client.get()) == 1;
            if (!server_done)
                server_done = SSL_do_handshake(srv.get()) == 1;
        }
        ERR_clear_error();
        REQUIRE(client_done);
        REQUIRE(server_done);
    }
    bool reused() const { return SSL_session_reused(client.get()) == 1; }
    session_ptr finish()
    {
        REQUIRE(SSL_write(srv.get(), "20 ok\r\n", 7) == 7);
        char buf[64];
        REQUIRE(SSL_read(client.get(), buf, sizeof buf) > 0);
        REQUIRE(SSL_shutdown(srv.get()) >= 0);
        CHECK(SSL_read(client.get(), buf, sizeof buf) == 0);
        CHECK(SSL_shutdown(client.get()) == 1);
        return session_ptr{SSL_get1_session(client.get())};
    }
};

ctx_ptr client_ctx()
{
    ctx_ptr c{SSL_CTX_new(TLS_client_method())};
    SSL_CTX_set_verify(c.get(), SSL_VERIFY_NONE, nullptr);
    return c;
}

} // namespace

TEST_CASE("keys from a file: the first seals, every key opens, a key no longer listed does not")
{
    const auto old_key = must_key(), new_key = must_key();
    auto ring = tls::ticket_key_ring::from_file("ticket.keys", {old_key});
    CHECK(ring->file() == "ticket.keys");
    CHECK_FALSE(ring->rotate());  // file keys change only with the file
    CHECK(ring->size() == 1);
    temp_dir certs_dir;
    server s{ring, certs_dir.path()};
    auto client = client_ctx();

    auto sealed_with_old = connection(client.get(), s.ctx.get(), nullptr).finish();
    ring->replace({new_key, old_key});  // a rotated file, re-read
    {
        connection c(client.get(), s.ctx.get(), sealed_with_old.get(), false);
        CHECK(c.reused());
        c.finish();
    }
    auto sealed_with_new = connection(client.get(), s.ctx.get(), nullptr).finish();
    ring->replace({new_key});
    // Each connection is closed cleanly: OpenSSL spoils the session of one freed without close_notify.
    const auto resumes = [&](SSL_CTX* ctx, SSL_SESSION* session) {
        connection c(client.get(), ctx, session);
        const bool reused = c.reused();
        c.finish();
        return reused;
    };
    CHECK_FALSE(resumes(s.ctx.get(), sealed_with_old.get()));
    CHECK(resumes(s.ctx.get(), sealed_with_new.get()));

    // Another server with the same key file (and the same certificate) opens the same
    // tickets: that is what replicas share.
    server replica{tls::ticket_key_ring::from_file("ticket.keys", {new_key}), certs_dir.path()};
    CHECK(resumes(replica.ctx.get(), sealed_with_new.get()));
    temp_dir other_certs;
    server stranger{tls::ticket_key_ring::from_file("ticket.keys", {new_key}), other_certs.path()};
    CHECK_FALSE(resumes(stranger.ctx.get(), sealed_with_new.get()));  // same keys, another certificate
}

TEST_CASE("in-memory keys rotate and keep the previous key only")
{
    auto made = tls::ticket_key_ring::in_memory();
    REQUIRE(made);
    auto ring = *made;
    CHECK(ring->file().empty());
    CHECK(ring->size() == 1);
    CHECK(ring->rotate());
    CHECK(ring->size() == 2);
    CHECK(ring->rotate());
    CHECK(ring->size() == 2);
}
