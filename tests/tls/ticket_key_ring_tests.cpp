// SPDX-License-Identifier: ISC
// The ticket-key ring through real TLS handshakes over an in-memory BIO pair
// (tls_test_pair.hpp): keys from a file seal and open tickets, a replaced ring keeps what it still has.
#include <doctest/doctest.h>

#include <ctime>
#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls/identity.hpp"
#include "tls/ticket_key_ring.hpp"
#include "tls/context.hpp"
#include "temp_dir.hpp"
#include "tls_test_pair.hpp"

namespace tls = smolpub::tls;
using smolpub::tls::test::client_ctx;
using smolpub::tls::test::connection;
using smolpub::tls::test::ctx_ptr;
using smolpub::tls::test::temp_dir;

namespace {

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

/// A TLS 1.3 connection to `server_ctx` as a.example, resuming `resume` unless null, its
/// handshake done.
connection connected(SSL_CTX* client_ctx, SSL_CTX* server_ctx, SSL_SESSION* resume, bool server_sends_ticket = true)
{
    connection c(client_ctx, server_ctx, "a.example", resume);
    if (!server_sends_ticket)
        SSL_set_num_tickets(c.server.get(), 0);  // as tls/connection does: tickets on request
    REQUIRE(c.handshake());
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

    auto sealed_with_old = connected(client.get(), s.ctx.get(), nullptr).finish();
    ring->replace({new_key, old_key});  // a rotated file, re-read
    {
        auto c = connected(client.get(), s.ctx.get(), sealed_with_old.get(), false);
        CHECK(c.reused());
        c.finish();
    }
    auto sealed_with_new = connected(client.get(), s.ctx.get(), nullptr).finish();
    ring->replace({new_key});
    // Each connection is closed cleanly: OpenSSL spoils the session of one freed without close_notify.
    const auto resumes = [&](SSL_CTX* ctx, SSL_SESSION* session) {
        auto c = connected(client.get(), ctx, session);
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
