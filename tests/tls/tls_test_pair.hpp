// SPDX-License-Identifier: ISC
#pragma once
// An OpenSSL client and server in one thread, joined by an in-memory BIO pair (no sockets,
// no ports, no timing): what the tests of configure_server and the ticket keys drive.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "tls/identity.hpp"

namespace smolpub::tls::test {

template <auto Free> struct freer {
    void operator()(auto* p) const { Free(p); }
};
using ctx_ptr = std::unique_ptr<SSL_CTX, freer<SSL_CTX_free>>;
using ssl_ptr = std::unique_ptr<SSL, freer<SSL_free>>;
using session_ptr = std::unique_ptr<SSL_SESSION, freer<SSL_SESSION_free>>;

/// A client context that takes any certificate, up to `max_version` (0: the newest).
inline ctx_ptr client_ctx(int max_version = 0)
{
    ctx_ptr c{SSL_CTX_new(TLS_client_method())};
    SSL_CTX_set_max_proto_version(c.get(), max_version);
    SSL_CTX_set_verify(c.get(), SSL_VERIFY_NONE, nullptr);  // self-signed: Gemini clients pin, not verify
    return c;
}

/// One client/server connection over a BIO pair.
struct connection {
    ssl_ptr client;
    ssl_ptr server;
    unsigned long server_error = 0;  ///< first OpenSSL error the server side hit, if any

    connection(SSL_CTX* client_ctx, SSL_CTX* server_ctx, const char* sni, SSL_SESSION* resume = nullptr)
        : client(SSL_new(client_ctx)), server(SSL_new(server_ctx))
    {
        BIO* client_end = nullptr;
        BIO* server_end = nullptr;
        REQUIRE(BIO_new_bio_pair(&client_end, 0, &server_end, 0) == 1);
        SSL_set_bio(client.get(), client_end, client_end);
        SSL_set_bio(server.get(), server_end, server_end);
        SSL_set_connect_state(client.get());
        SSL_set_accept_state(server.get());
        if (sni != nullptr)
            REQUIRE(SSL_set_tlsext_host_name(client.get(), sni) == 1);
        if (resume != nullptr)
            REQUIRE(SSL_set_session(client.get(), resume) == 1);
    }

    static bool retry(SSL* s, int rc)
    {
        const int e = SSL_get_error(s, rc);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
    }

    /// Steps both sides until both finish or one fails. Bounded: a handshake is a few flights.
    bool handshake()
    {
        ERR_clear_error();
        bool client_done = false;
        bool server_done = false;
        for (int round = 0; round < 20 && !(client_done && server_done); ++round) {
            if (!client_done) {
                const int rc = SSL_do_handshake(client.get());
                client_done = rc == 1;
                if (!client_done && !retry(client.get(), rc))
                    return false;
            }
            if (!server_done) {
                const int rc = SSL_do_handshake(server.get());
                server_done = rc == 1;
                if (!server_done && !retry(server.get(), rc)) {
                    server_error = ERR_peek_error();
                    return false;
                }
            }
        }
        return client_done && server_done;
    }

    /// Server sends a few bytes and the client reads them, which also makes the client take
    /// in the TLS 1.3 session tickets the server sent after the handshake.
    std::string exchange()
    {
        REQUIRE(SSL_write(server.get(), "20 ok\r\n", 7) == 7);
        char buf[64];
        const int n = SSL_read(client.get(), buf, sizeof buf);
        REQUIRE(n > 0);
        return std::string(buf, static_cast<std::size_t>(n));
    }

    /// Ends the connection the Gemini way: the server's close_notify, then the client's.
    /// (OpenSSL marks the session of a connection freed without this as not resumable.)
    void close()
    {
        REQUIRE(SSL_shutdown(server.get()) >= 0);
        char buf[16];
        CHECK(SSL_read(client.get(), buf, sizeof buf) == 0);
        CHECK(SSL_get_error(client.get(), 0) == SSL_ERROR_ZERO_RETURN);
        CHECK(SSL_shutdown(client.get()) == 1);
    }

    bool reused() const { return SSL_session_reused(client.get()) == 1; }

    /// exchange() and close(), then the client's session, to resume with.
    session_ptr finish()
    {
        exchange();
        close();
        return session_ptr{SSL_get1_session(client.get())};
    }

    bool peer_is(const identity& id) const
    {
        X509* peer = SSL_get0_peer_certificate(client.get());
        return peer != nullptr && X509_cmp(peer, static_cast<X509*>(id.x509.get())) == 0;
    }
};

} // namespace smolpub::tls::test
