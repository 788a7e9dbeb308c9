// SPDX-License-Identifier: ISC
#include "tls/context.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>

#include <openssl/err.h>

#include "tls/openssl_handles.hpp"
#include "text/ascii.hpp"
#include "tls/ticket_key_ring.hpp"

namespace smolpub::tls {

namespace {

using namespace std::string_literals;

constexpr long session_cache_entries = 20'000;
constexpr long session_lifetime_seconds = 2 * 60 * 60;

// TLS 1.2 only (1.3 suites are fixed and all fine): forward secrecy and AEAD, nothing else.
constexpr const char* tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384";

/// The host_name from a raw server_name extension (RFC 6066 3), or nothing if it is malformed
/// or absent; OpenSSL's own parser later rejects what is malformed.
std::optional<std::string> host_name_in(const unsigned char* ext, std::size_t len)
{
    if (len < 2 || static_cast<std::size_t>(ext[0] << 8 | ext[1]) != len - 2)
        return std::nullopt;
    for (std::size_t at = 2; at + 3 <= len;) {
        const unsigned type = ext[at];
        const std::size_t n = static_cast<std::size_t>(ext[at + 1] << 8 | ext[at + 2]);
        at += 3;
        if (at + n > len)
            return std::nullopt;
        if (type == TLSEXT_NAMETYPE_host_name)
            return std::string(reinterpret_cast<const char*>(ext + at), n);
        at += n;
    }
    return std::nullopt;
}

/// Moves the connection to the context holding the certificate for `name`.
bool switch_identity(SSL* ssl, const sni_table& table, const std::string& name)
{
    SSL_CTX* target = table.contexts[table.index_of(name)].get();
    return SSL_get_SSL_CTX(ssl) == target || SSL_set_SSL_CTX(ssl, target) != nullptr;
}

/// Picks the identity from the ClientHello's SNI before OpenSSL looks for a session to resume.
/// Switching this early (rather than only in the servername callback, which runs after the
/// session lookup) gives the lookup the identity's session id context, so a session made for
/// one host can never be resumed under another host's name. No SNI keeps the default identity.
int on_client_hello(SSL* ssl, int* alert, void* arg)
{
    const unsigned char* ext = nullptr;
    std::size_t len = 0;
    if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &ext, &len) != 1)
        return SSL_CLIENT_HELLO_SUCCESS;
    const auto name = host_name_in(ext, len);
    if (!name)
        return SSL_CLIENT_HELLO_SUCCESS;
    if (!switch_identity(ssl, *static_cast<const sni_table*>(arg), *name)) {
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_CLIENT_HELLO_ERROR;
    }
    return SSL_CLIENT_HELLO_SUCCESS;
}

/// OpenSSL acknowledges SNI (and records the name in the session) only when a servername
/// callback accepts it. The switch itself already happened in on_client_hello.
int on_servername(SSL* ssl, int* alert, void* arg)
{
    const std::string name = sni_name(ssl);
    if (!name.empty() && !switch_identity(ssl, *static_cast<const sni_table*>(arg), name)) {
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    return SSL_TLSEXT_ERR_OK;
}

/// Sessions are bound to the certificate they were made with: its SHA-256 is the session id
/// context, which OpenSSL compares before resuming a cached session or a ticket.
tl::expected<void, std::string> set_session_id_context(SSL_CTX* ctx, const identity& id)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    static_assert(SSL_MAX_SID_CTX_LENGTH >= 32);
    if (X509_digest(static_cast<X509*>(id.x509.get()), EVP_sha256(), md, &len) != 1 ||
        SSL_CTX_set_session_id_context(ctx, md, len) != 1)
        return tl::unexpected("cannot set session id context: " + openssl_errors());
    return {};
}


/// Everything but the certificate (and the session id context that follows it): identical on
/// the caller's context and on each per-identity one, because after an SNI switch some settings
/// are read from the new context.
tl::expected<void, std::string> apply_policy(SSL_CTX* ctx, ticket_key_ring* ring)
{
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_max_proto_version(ctx, 0) != 1)
        return tl::unexpected("cannot set TLS versions: " + openssl_errors());
    if (SSL_CTX_set_cipher_list(ctx, tls12_ciphers) != 1)
        return tl::unexpected("cannot set TLS 1.2 ciphers: " + openssl_errors());
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
    // One TLS 1.3 ticket per full handshake instead of OpenSSL's two: a Gemini client makes one
    // request per connection and resumes with one ticket (Go's crypto/tls sends one too); the
    // second cost 6 % of a full handshake's instructions (bench/results/2026-11-25.md).
    if (SSL_CTX_set_num_tickets(ctx, 1) != 1)
        return tl::unexpected("cannot set the number of session tickets: " + openssl_errors());

    // No 0-RTT: early data can be replayed, and a Gemini request is one line anyway.
    if (SSL_CTX_set_max_early_data(ctx, 0) != 1 || SSL_CTX_set_recv_max_early_data(ctx, 0) != 1)
        return tl::unexpected("cannot disable early data: " + openssl_errors());

    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_sess_set_cache_size(ctx, session_cache_entries);
    SSL_CTX_set_timeout(ctx, session_lifetime_seconds);

    return ring->install(ctx);
}

tl::expected<void, std::string> use_identity(SSL_CTX* ctx, const identity& id)
{
    if (SSL_CTX_use_certificate(ctx, static_cast<X509*>(id.x509.get())) != 1 ||
        SSL_CTX_use_PrivateKey(ctx, static_cast<EVP_PKEY*>(id.pkey.get())) != 1 || SSL_CTX_check_private_key(ctx) != 1)
        return tl::unexpected(id.cert_file.string() + ": rejected for TLS: " + openssl_errors());
    SSL_CTX_clear_chain_certs(ctx);
    for (const auto& intermediate : id.chain) {
        if (SSL_CTX_add1_chain_cert(ctx, static_cast<X509*>(intermediate.get())) != 1)
            return tl::unexpected(id.cert_file.string() + ": intermediate certificate rejected: " + openssl_errors());
    }
    return set_session_id_context(ctx, id);
}

/// ALPN: "http/1.1" from the client's list; no protocol at all (not an alert) without it.
int select_http11(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
                  void*)
{
    static constexpr unsigned char ours[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* chosen = nullptr;
    if (SSL_select_next_proto(&chosen, outlen, ours, sizeof ours, in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

} // namespace

sni_table::sni_table(std::vector<identity> identities) : identities_(std::move(identities))
{
    if (identities_.empty())
        throw std::invalid_argument("sni_table needs at least one identity");
    for (const auto& id : identities_)
        names_.push_back(text::ascii_lower(id.hostname));
}

std::size_t sni_table::index_of(const std::string& server_name) const
{
    const std::string name = text::ascii_lower(server_name);
    if (name.empty())
        return 0;
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name)
            return i;
    }
    // A wildcard stands for exactly one label, as in RFC 6125 6.4.3: "*.example.org" serves
    // "blog.example.org" but neither "example.org" nor "a.blog.example.org".
    const auto dot = name.find('.');
    if (dot != std::string::npos && dot != 0) {
        const std::string parent = name.substr(dot);
        for (std::size_t i = 0; i < names_.size(); ++i) {
            if (names_[i].size() > 1 && names_[i][0] == '*' && names_[i].substr(1) == parent)
                return i;
        }
    }
    return 0;
}

bool sni_table::rotate_ticket_keys()
{
    return ticket_keys && ticket_keys->rotate();
}

const identity& sni_table::select(const std::string& server_name) const
{
    return identities_[index_of(server_name)];
}

server_context::server_context()
    : ctx_{SSL_CTX_new(TLS_server_method()), SSL_CTX_free}
{
    if (!ctx_)
        throw std::runtime_error{"cannot create a TLS context: " + openssl_errors()};
    // What asio::ssl::context did before this class existed: compression invites CRIME.
    SSL_CTX_set_options(ctx_.get(), SSL_OP_NO_COMPRESSION);
}

tl::expected<std::shared_ptr<sni_table>, std::string> configure_server(SSL_CTX* ctx, std::vector<identity> identities,
                                                                        std::shared_ptr<ticket_key_ring> ticket_keys)
{
    if (ctx == nullptr)
        return tl::unexpected("configure_server: no SSL_CTX"s);
    if (identities.empty())
        return tl::unexpected("no TLS identity to serve"s);
    for (const auto& id : identities) {
        if (!id.x509 || !id.pkey)
            return tl::unexpected("identity for " + id.hostname + " has no certificate or key loaded");
    }
    ERR_clear_error();

    auto table = std::make_shared<sni_table>(std::move(identities));
    if (!ticket_keys) {
        auto fresh = ticket_key_ring::in_memory();
        if (!fresh)
            return tl::unexpected(fresh.error());
        ticket_keys = std::move(*fresh);
    }
    table->ticket_keys = std::move(ticket_keys);

    for (const auto& id : table->identities()) {
        std::shared_ptr<SSL_CTX> per_identity(SSL_CTX_new(SSL_CTX_get_ssl_method(ctx)), SSL_CTX_free);
        if (!per_identity)
            return tl::unexpected("cannot create TLS context: " + openssl_errors());
        if (auto ok = apply_policy(per_identity.get(), table->ticket_keys.get()); !ok)
            return tl::unexpected(ok.error());
        if (auto ok = use_identity(per_identity.get(), id); !ok)
            return tl::unexpected(ok.error());
        table->contexts.push_back(std::move(per_identity));
    }

    if (auto ok = apply_policy(ctx, table->ticket_keys.get()); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = use_identity(ctx, table->identities().front()); !ok)
        return tl::unexpected(ok.error());
    SSL_CTX_set_client_hello_cb(ctx, on_client_hello, table.get());
    SSL_CTX_set_tlsext_servername_callback(ctx, on_servername);
    SSL_CTX_set_tlsext_servername_arg(ctx, table.get());
    return table;
}

tl::expected<std::shared_ptr<sni_table>, std::string> configure_https(SSL_CTX* ctx, identity id,
                                                                       std::shared_ptr<ticket_key_ring> ticket_keys)
{
    std::vector<identity> one;
    one.push_back(std::move(id));
    auto table = configure_server(ctx, std::move(one), std::move(ticket_keys));
    if (!table)
        return table;
    // On every context: after the SNI switch the callback is read from the identity's.
    SSL_CTX_set_alpn_select_cb(ctx, select_http11, nullptr);
    for (const auto& per_identity : (*table)->contexts)
        SSL_CTX_set_alpn_select_cb(per_identity.get(), select_http11, nullptr);
    return table;
}

std::string sni_name(SSL* ssl)
{
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name == nullptr)
        return {};
    std::string lowered = text::ascii_lower(name);
    // "example.org." is the same host as "example.org".
    if (!lowered.empty() && lowered.back() == '.')
        lowered.pop_back();
    return lowered;
}

} // namespace smolpub::tls
