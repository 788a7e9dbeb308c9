// SPDX-License-Identifier: ISC
#pragma once
// Configures the server's SSL_CTX: TLS 1.2+ (1.3 preferred), SNI picks the identity,
// session tickets and a bounded session cache for resumption, no 0-RTT.
// server_context makes and owns the SSL_CTX, so no folder but tls/ touches OpenSSL.
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "tls/identity.hpp"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace smolpub::tls {

/// Session-ticket encryption keys shared by a server's contexts (ticket_key_ring.hpp).
struct ticket_key_ring;

/// The identities a context serves; identities[0] is the default for clients that
/// send no SNI or a name we do not serve. Must outlive the SSL_CTX it configures.
class sni_table {
public:
    explicit sni_table(std::vector<identity> identities);
    /// The identity for `server_name` (case-insensitive), or the default.
    const identity& select(const std::string& server_name) const;
    /// Index into identities() (and contexts) for `server_name`: an exact case-insensitive
    /// match, else a "*.parent" identity matching one leading label, else 0 (the default).
    std::size_t index_of(const std::string& server_name) const;
    const std::vector<identity>& identities() const { return identities_; }
    /// One SSL_CTX per identity, switched to during the handshake by the SNI callback.
    std::vector<std::shared_ptr<SSL_CTX>> contexts;
    /// Ticket keys used by every context above and the one passed to configure_server.
    std::shared_ptr<ticket_key_ring> ticket_keys;
    /// In-memory keys: starts a new session-ticket key now (this happens by itself every 12
    /// hours). Tickets sealed with the previous key still resume, and are renewed; older ones
    /// do not. Returns false if no randomness was available (the old keys stay in use), or
    /// when the keys come from a server.ticket_keys file, which only the operator rotates.
    bool rotate_ticket_keys();
private:
    std::vector<identity> identities_;
    std::vector<std::string> names_;  ///< identities_[i].hostname, lower-cased
};

/// The server's own SSL_CTX (TLS, server side, no compression), before configure_server.
class server_context {
public:
    /// Throws std::runtime_error if OpenSSL cannot make a context (out of memory).
    server_context();
    SSL_CTX* native_handle() const { return ctx_.get(); }
private:
    std::shared_ptr<SSL_CTX> ctx_;
};

/// Sets protocol versions, ciphers, session cache/tickets, the default certificate
/// and an SNI callback on `ctx`. Fails on an empty list or an identity OpenSSL rejects.
/// Tickets are sealed with `ticket_keys` (shared with earlier states on reload), or with new
/// in-memory keys when it is null.
tl::expected<std::shared_ptr<sni_table>, std::string> configure_server(SSL_CTX* ctx,
                                                                        std::vector<identity> identities,
                                                                        std::shared_ptr<ticket_key_ring> ticket_keys = nullptr);

/// The HTTPS context (http.tls_listen): the same TLS policy with the operator's certificate
/// (`id`, never a Gemini identity), and ALPN that picks "http/1.1" when the client offers it
/// (and goes on without ALPN when it offers only others, as HTTP/1.1 clients expect).
tl::expected<std::shared_ptr<sni_table>, std::string> configure_https(SSL_CTX* ctx, identity id,
                                                                       std::shared_ptr<ticket_key_ring> ticket_keys = nullptr);

/// The server name the client sent (SNI), lower-cased, or empty.
std::string sni_name(SSL* ssl);

} // namespace smolpub::tls
