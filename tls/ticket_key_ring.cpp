// SPDX-License-Identifier: ISC
#include "tls/ticket_key_ring.hpp"

#include <array>
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/rand.h>

#include "tls/openssl_handles.hpp"

namespace smolpub::tls {
namespace {

int ring_index()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

/// AES-256-CBC fetched once from the default library context: naming it per ticket
/// (EVP_aes_256_cbc()) made OpenSSL 3 look the implementation up on every seal and open.
const EVP_CIPHER* ticket_cipher()
{
    static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr);
    return cipher;
}

bool set_mac_key(EVP_MAC_CTX* hmac, ticket_key& k)
{
    char digest[] = "SHA256";
    std::array params{OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, k.hmac.data(), k.hmac.size()),
                      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    return EVP_MAC_CTX_set_params(hmac, params.data()) == 1;
}

/// OpenSSL's ticket key callback: encrypt = 1 seals with keys[0] (rotating in-memory keys
/// first when it is due); encrypt = 0 finds the key by name, returning 1 for keys[0], 2
/// ("accept, and renew the ticket") for any other key, and 0 ("no resumption, full
/// handshake") for a name we do not know.
int on_ticket_key(SSL* ssl, unsigned char* key_name, unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* hmac,
                  int encrypt)
{
    auto* ring = static_cast<ticket_key_ring*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ring_index()));
    if (ring == nullptr)
        return -1;
    std::scoped_lock lock(ring->mutex);
    if (ring->keys.empty())
        return encrypt == 1 ? -1 : 0;
    if (encrypt == 1) {
        if (ring->file().empty() &&
            std::chrono::steady_clock::now() - ring->keys.front().born >= ticket_key_ring::rotate_every &&
            !ring->rotate_locked())
            return -1;
        auto& k = ring->keys.front().key;
        std::memcpy(key_name, k.name.data(), k.name.size());
        if (ticket_cipher() == nullptr || RAND_bytes(iv, EVP_CIPHER_get_iv_length(ticket_cipher())) != 1 ||
            EVP_EncryptInit_ex(cipher, ticket_cipher(), nullptr, k.aes.data(), iv) != 1)
            return -1;
        return set_mac_key(hmac, k) ? 1 : -1;
    }
    for (std::size_t i = 0; i < ring->keys.size(); ++i) {
        auto& k = ring->keys[i].key;
        if (std::memcmp(key_name, k.name.data(), k.name.size()) != 0)
            continue;
        if (ticket_cipher() == nullptr || EVP_DecryptInit_ex(cipher, ticket_cipher(), nullptr, k.aes.data(), iv) != 1 ||
            !set_mac_key(hmac, k))
            return -1;
        return i == 0 ? 1 : 2;
    }
    return 0;
}

} // namespace

tl::expected<std::shared_ptr<ticket_key_ring>, std::string> ticket_key_ring::in_memory()
{
    auto ring = std::make_shared<ticket_key_ring>();
    auto key = make_ticket_key();
    if (!key)
        return tl::unexpected(key.error());
    ring->keys.push_back(entry{*key, std::chrono::steady_clock::now()});
    return ring;
}

std::shared_ptr<ticket_key_ring> ticket_key_ring::from_file(std::filesystem::path file, std::vector<ticket_key> keys)
{
    auto ring = std::make_shared<ticket_key_ring>();
    ring->file_ = std::move(file);
    ring->replace(std::move(keys));
    return ring;
}

bool ticket_key_ring::rotate_locked()
{
    if (!file_.empty())
        return false;
    auto key = make_ticket_key();
    if (!key)
        return false;
    keys.insert(keys.begin(), entry{*key, std::chrono::steady_clock::now()});
    if (keys.size() > 2)  // the current key and the previous one
        keys.resize(2);
    return true;
}

bool ticket_key_ring::rotate()
{
    std::scoped_lock lock(mutex);
    return rotate_locked();
}

void ticket_key_ring::replace(std::vector<ticket_key> fresh)
{
    std::vector<entry> entries;
    const auto now = std::chrono::steady_clock::now();
    for (auto& k : fresh)
        entries.push_back(entry{k, now});
    std::scoped_lock lock(mutex);
    keys = std::move(entries);
}

std::size_t ticket_key_ring::size() const
{
    std::scoped_lock lock(mutex);
    return keys.size();
}

tl::expected<void, std::string> ticket_key_ring::install(SSL_CTX* ctx)
{
    if (SSL_CTX_set_ex_data(ctx, ring_index(), this) != 1 || SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, on_ticket_key) != 1)
        return tl::unexpected("cannot install session ticket keys: " + openssl_errors());
    return {};
}

} // namespace smolpub::tls
