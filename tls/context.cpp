#include "tls/context.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include "tls/openssl_handles.hpp"
#include "text/ascii.hpp"

namespace smolpub::certs {

/// Session tickets are encrypted with keys only this process knows. OpenSSL would pick
/// random keys per context by itself, but then they would never change while the server
/// runs (months); here they rotate every 12 hours and the previous key still decrypts,
/// so a rotation only means one full handshake plus a fresh ticket for returning clients.
struct ticket_key_ring {
    struct key {
        std::array<unsigned char, 16> name{};
        std::array<unsigned char, 32> aes{};
        std::array<unsigned char, 32> hmac{};
        std::chrono::steady_clock::time_point born;
    };
    static constexpr auto rotate_every = std::chrono::hours(12);

    std::mutex mutex;  // handshakes on several threads share one ring
    key current;
    std::optional<key> previous;

    static bool make(key& k)
    {
        k.born = std::chrono::steady_clock::now();
        return RAND_bytes(k.name.data(), static_cast<int>(k.name.size())) == 1 &&
               RAND_priv_bytes(k.aes.data(), static_cast<int>(k.aes.size())) == 1 &&
               RAND_priv_bytes(k.hmac.data(), static_cast<int>(k.hmac.size())) == 1;
    }

    /// Call with `mutex` held.
    bool rotate_locked()
    {
        key fresh;
        if (!make(fresh))
            return false;
        previous = current;
        current = fresh;
        return true;
    }
};

namespace {

using namespace std::string_literals;

constexpr long session_cache_entries = 20'000;
constexpr long session_lifetime_seconds = 2 * 60 * 60;

// TLS 1.2 only (1.3 suites are fixed and all fine): forward secrecy and AEAD, nothing else.
constexpr const char* tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384";

int ring_index()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

bool set_mac_key(EVP_MAC_CTX* hmac, ticket_key_ring::key& k)
{
    char digest[] = "SHA256";
    std::array params{OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, k.hmac.data(), k.hmac.size()),
                      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    return EVP_MAC_CTX_set_params(hmac, params.data()) == 1;
}

/// OpenSSL's ticket key callback (SSL_CTX_set_tlsext_ticket_key_evp_cb): encrypt = 1 picks
/// the current key; encrypt = 0 finds the key by name, returning 2 ("renew the ticket")
/// for the previous key and 0 ("no resumption, full handshake") for unknown keys.
int on_ticket_key(SSL* ssl, unsigned char* key_name, unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* hmac,
                  int encrypt)
{
    auto* ring = static_cast<ticket_key_ring*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ring_index()));
    if (ring == nullptr)
        return -1;
    std::scoped_lock lock(ring->mutex);
    if (encrypt == 1) {
        if (std::chrono::steady_clock::now() - ring->current.born >= ticket_key_ring::rotate_every &&
            !ring->rotate_locked())
            return -1;
        auto& k = ring->current;
        std::memcpy(key_name, k.name.data(), k.name.size());
        if (RAND_bytes(iv, EVP_CIPHER_get_iv_length(EVP_aes_256_cbc())) != 1 ||
            EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k.aes.data(), iv) != 1)
            return -1;
        return set_mac_key(hmac, k) ? 1 : -1;
    }
    const auto named = [&](const ticket_key_ring::key& k) { return std::memcmp(key_name, k.name.data(), k.name.size()) == 0; };
    ticket_key_ring::key* k = named(ring->current) ? &ring->current
                              : ring->previous && named(*ring->previous) ? &*ring->previous
                                                                         : nullptr;
    if (k == nullptr)
        return 0;
    if (EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k->aes.data(), iv) != 1)
        return -1;
    if (!set_mac_key(hmac, *k))
        return -1;
    return k == &ring->current ? 1 : 2;
}

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

    if (SSL_CTX_set_ex_data(ctx, ring_index(), ring) != 1 || SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, on_ticket_key) != 1)
        return tl::unexpected("cannot install session ticket keys: " + openssl_errors());
    return {};
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

} // namespace

sni_table::sni_table(std::vector<identity> identities) : identities_(std::move(identities))
{
    if (identities_.empty())
        throw std::invalid_argument("sni_table needs at least one identity");
    for (const auto& id : identities_)
        names_.push_back(render::ascii_lower(id.hostname));
}

std::size_t sni_table::index_of(const std::string& server_name) const
{
    const std::string name = render::ascii_lower(server_name);
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
    if (!ticket_keys)
        return false;
    std::scoped_lock lock(ticket_keys->mutex);
    return ticket_keys->rotate_locked();
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

tl::expected<std::shared_ptr<sni_table>, std::string> configure_server(SSL_CTX* ctx, std::vector<identity> identities)
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
    table->ticket_keys = std::make_shared<ticket_key_ring>();
    if (!ticket_key_ring::make(table->ticket_keys->current))
        return tl::unexpected("no randomness for session ticket keys: " + openssl_errors());

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

std::string sni_name(SSL* ssl)
{
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name == nullptr)
        return {};
    std::string lowered = render::ascii_lower(name);
    // "example.org." is the same host as "example.org".
    if (!lowered.empty() && lowered.back() == '.')
        lowered.pop_back();
    return lowered;
}

} // namespace smolpub::certs
