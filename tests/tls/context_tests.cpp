// SPDX-License-Identifier: ISC
// configure_server driven through real TLS handshakes over an in-memory BIO pair
// (tls_test_pair.hpp).
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "tls/identity.hpp"
#include "tls/context.hpp"
#include "temp_dir.hpp"
#include "tls_test_pair.hpp"

namespace tls = smolpub::tls;
using smolpub::tls::test::client_ctx;
using smolpub::tls::test::connection;
using smolpub::tls::test::ctx_ptr;
using smolpub::tls::test::session_ptr;
using smolpub::tls::test::temp_dir;

namespace {

/// A server with identities a.example (the default) and b.example, plus a wildcard.
struct server_fixture {
    temp_dir dir;
    tls::identity a = must(tls::load_or_create(dir.path(), "a.example"));
    tls::identity b = must(tls::load_or_create(dir.path(), "b.example"));
    tls::identity wild = must(tls::load_or_create(dir.path(), "*.wild.example"));
    ctx_ptr ctx{SSL_CTX_new(TLS_server_method())};
    std::shared_ptr<tls::sni_table> table;

    server_fixture()
    {
        auto configured = tls::configure_server(ctx.get(), {a, b, wild});
        REQUIRE_MESSAGE(configured, (configured ? "" : configured.error()));
        table = *configured;
    }

    static tls::identity must(tl::expected<tls::identity, std::string> id)
    {
        REQUIRE_MESSAGE(id, (id ? "" : id.error()));
        return *id;
    }
};

} // namespace

TEST_CASE("sni_table picks by exact name, case-insensitively, then by wildcard, else the default")
{
    server_fixture s;
    const auto& t = *s.table;
    CHECK(t.index_of("a.example") == 0);
    CHECK(t.index_of("b.example") == 1);
    CHECK(t.index_of("B.Example") == 1);
    CHECK(t.index_of("x.wild.example") == 2);
    CHECK(t.index_of("wild.example") == 0);
    CHECK(t.index_of("a.x.wild.example") == 0);
    CHECK(t.index_of("c.example") == 0);
    CHECK(t.index_of("") == 0);
    CHECK(&t.select("b.example") == &t.identities()[1]);
    CHECK(t.contexts.size() == 3);
}

TEST_CASE("configure_server rejects an empty identity list")
{
    ctx_ptr ctx{SSL_CTX_new(TLS_server_method())};
    auto configured = tls::configure_server(ctx.get(), {});
    CHECK_FALSE(configured);
}

TEST_CASE("the client's SNI picks the certificate, no or unknown SNI gets the default")
{
    server_fixture s;
    auto client = client_ctx();

    SUBCASE("SNI b.example")
    {
        connection c(client.get(), s.ctx.get(), "B.Example");
        REQUIRE(c.handshake());
        CHECK(c.peer_is(s.b));
        CHECK(tls::sni_name(c.server.get()) == "b.example");
        CHECK(SSL_version(c.client.get()) == TLS1_3_VERSION);
        CHECK(c.exchange() == "20 ok\r\n");
    }
    SUBCASE("no SNI")
    {
        connection c(client.get(), s.ctx.get(), nullptr);
        REQUIRE(c.handshake());
        CHECK(c.peer_is(s.a));
        CHECK(tls::sni_name(c.server.get()).empty());
    }
    SUBCASE("unknown name")
    {
        connection c(client.get(), s.ctx.get(), "nobody.example");
        REQUIRE(c.handshake());
        CHECK(c.peer_is(s.a));
    }
    SUBCASE("wildcard identity")
    {
        connection c(client.get(), s.ctx.get(), "blog.wild.example");
        REQUIRE(c.handshake());
        CHECK(c.peer_is(s.wild));
    }
}

TEST_CASE("TLS 1.2 works with a forward-secret AEAD suite, TLS 1.1 is refused by the server")
{
    server_fixture s;

    SUBCASE("TLS 1.2")
    {
        auto client = client_ctx(TLS1_2_VERSION);
        connection c(client.get(), s.ctx.get(), "b.example");
        REQUIRE(c.handshake());
        CHECK(SSL_version(c.client.get()) == TLS1_2_VERSION);
        CHECK(c.peer_is(s.b));
        const std::string cipher = SSL_CIPHER_get_name(SSL_get_current_cipher(c.client.get()));
        CHECK(cipher.rfind("ECDHE-ECDSA-", 0) == 0);
        CHECK((cipher.find("GCM") != std::string::npos || cipher.find("CHACHA20") != std::string::npos));
    }
    SUBCASE("TLS 1.1")
    {
        // Let the client really offer TLS 1.1 (OpenSSL 3 forbids it at the default security level),
        // so that it is the server's policy that refuses it.
        auto client = client_ctx(TLS1_1_VERSION);
        SSL_CTX_set_security_level(client.get(), 0);
        REQUIRE(SSL_CTX_set_cipher_list(client.get(), "DEFAULT:@SECLEVEL=0") == 1);
        REQUIRE(SSL_CTX_set_min_proto_version(client.get(), TLS1_VERSION) == 1);
        connection c(client.get(), s.ctx.get(), "b.example");
        CHECK_FALSE(c.handshake());
        CHECK(ERR_GET_REASON(c.server_error) == SSL_R_UNSUPPORTED_PROTOCOL);
    }
}

TEST_CASE("a second connection resumes the session and no 0-RTT is offered")
{
    server_fixture s;

    SUBCASE("TLS 1.3 ticket")
    {
        auto client = client_ctx();
        connection first(client.get(), s.ctx.get(), "b.example");
        REQUIRE(first.handshake());
        CHECK_FALSE(SSL_session_reused(first.client.get()));
        first.exchange();
        session_ptr session{SSL_get1_session(first.client.get())};
        REQUIRE(session);
        CHECK(SSL_SESSION_is_resumable(session.get()) == 1);
        CHECK(SSL_SESSION_get_max_early_data(session.get()) == 0);

        connection second(client.get(), s.ctx.get(), "b.example", session.get());
        REQUIRE(second.handshake());
        CHECK(SSL_session_reused(second.client.get()) == 1);
        CHECK(second.peer_is(s.b));

        // The ticket is sealed with this server's keys: another server configured the same way cannot open it.
        server_fixture other;
        connection elsewhere(client.get(), other.ctx.get(), "b.example", session.get());
        REQUIRE(elsewhere.handshake());
        CHECK_FALSE(SSL_session_reused(elsewhere.client.get()));
    }
    SUBCASE("TLS 1.2 ticket")
    {
        auto client = client_ctx(TLS1_2_VERSION);
        connection first(client.get(), s.ctx.get(), "a.example");
        REQUIRE(first.handshake());
        first.exchange();
        session_ptr session{SSL_get1_session(first.client.get())};
        connection second(client.get(), s.ctx.get(), "a.example", session.get());
        REQUIRE(second.handshake());
        CHECK(SSL_session_reused(second.client.get()) == 1);
    }
    SUBCASE("TLS 1.2 session id, from the server's session cache")
    {
        auto client = client_ctx(TLS1_2_VERSION);
        SSL_CTX_set_options(client.get(), SSL_OP_NO_TICKET);
        connection first(client.get(), s.ctx.get(), "b.example");
        REQUIRE(first.handshake());
        first.exchange();
        session_ptr session{SSL_get1_session(first.client.get())};
        CHECK(SSL_CTX_sess_number(s.ctx.get()) >= 1);
        connection second(client.get(), s.ctx.get(), "b.example", session.get());
        REQUIRE(second.handshake());
        CHECK(SSL_session_reused(second.client.get()) == 1);
        CHECK(second.peer_is(s.b));
    }
}

TEST_CASE("ticket keys rotate: the previous key still resumes, the one before it does not")
{
    server_fixture s;
    auto client = client_ctx();
    const auto ticket_from = [&](SSL_SESSION* resume, bool expect_reused) {
        connection c(client.get(), s.ctx.get(), "a.example", resume);
        REQUIRE(c.handshake());
        CHECK(SSL_session_reused(c.client.get()) == (expect_reused ? 1 : 0));
        c.exchange();
        c.close();
        return session_ptr{SSL_get1_session(c.client.get())};
    };

    session_ptr oldest = ticket_from(nullptr, false);
    REQUIRE(s.table->rotate_ticket_keys());
    session_ptr renewed = ticket_from(oldest.get(), true);  // sealed with the previous key: accepted
    REQUIRE(s.table->rotate_ticket_keys());
    ticket_from(oldest.get(), false);                      // two rotations old: full handshake
    ticket_from(renewed.get(), true);                      // re-issued after the first rotation
}

TEST_CASE("a session made for one name does not resume under another name")
{
    server_fixture s;
    const auto check = [&](int max_version, bool tickets) {
        auto client = client_ctx(max_version);
        if (!tickets)
            SSL_CTX_set_options(client.get(), SSL_OP_NO_TICKET);
        connection first(client.get(), s.ctx.get(), "b.example");
        REQUIRE(first.handshake());
        first.exchange();
        first.close();
        session_ptr session{SSL_get1_session(first.client.get())};

        connection same(client.get(), s.ctx.get(), "b.example", session.get());
        REQUIRE(same.handshake());
        CHECK(SSL_session_reused(same.client.get()) == 1);  // the control: this session does resume
        same.close();

        connection other(client.get(), s.ctx.get(), "a.example", session.get());
        REQUIRE(other.handshake());
        CHECK(other.peer_is(s.a));
        CHECK_FALSE(SSL_session_reused(other.client.get()));
    };
    SUBCASE("TLS 1.3 ticket") { check(0, true); }
    SUBCASE("TLS 1.2 ticket") { check(TLS1_2_VERSION, true); }
    SUBCASE("TLS 1.2 session id") { check(TLS1_2_VERSION, false); }
}

namespace {

std::string pem_of(X509* cert)
{
    std::unique_ptr<BIO, int (*)(BIO*)> out(BIO_new(BIO_s_mem()), BIO_free);
    REQUIRE(PEM_write_bio_X509(out.get(), cert) == 1);
    char* data = nullptr;
    const long n = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

} // namespace

TEST_CASE("intermediates after the certificate in the .crt are sent with it, in order")
{
    temp_dir dir;
    const auto ca = server_fixture::must(tls::create(dir.path(), "ca.example"));
    const auto made = server_fixture::must(tls::create(dir.path(), "chain.example"));
    // Re-issue chain.example's certificate from ca.example and append ca.example's, which is
    // how the .crt of a CA-issued certificate looks (leaf first, then intermediates).
    X509* leaf = static_cast<X509*>(made.x509.get());
    X509* issuer = static_cast<X509*>(ca.x509.get());
    REQUIRE(X509_set_issuer_name(leaf, X509_get_subject_name(issuer)) == 1);
    REQUIRE(X509_sign(leaf, static_cast<EVP_PKEY*>(ca.pkey.get()), EVP_sha256()) > 0);
    std::ofstream(dir.path() / "chain.example.crt", std::ios::binary | std::ios::trunc) << pem_of(leaf) + pem_of(issuer);

    const auto loaded = server_fixture::must(tls::load(dir.path(), "chain.example"));
    REQUIRE(loaded.chain.size() == 1);
    CHECK(X509_cmp(static_cast<X509*>(loaded.chain[0].get()), issuer) == 0);

    ctx_ptr ctx{SSL_CTX_new(TLS_server_method())};
    auto configured = tls::configure_server(ctx.get(), {loaded});
    REQUIRE_MESSAGE(configured, (configured ? "" : configured.error()));
    auto client = client_ctx();
    for (const char* sni : {"chain.example", static_cast<const char*>(nullptr)}) {
        CAPTURE(sni);
        connection c(client.get(), ctx.get(), sni);
        REQUIRE(c.handshake());
        CHECK(c.peer_is(loaded));
        STACK_OF(X509)* shown = SSL_get_peer_cert_chain(c.client.get());
        REQUIRE(shown != nullptr);
        REQUIRE(sk_X509_num(shown) == 2);
        CHECK(X509_cmp(sk_X509_value(shown, 1), issuer) == 0);
    }
}
