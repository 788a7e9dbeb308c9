// SPDX-License-Identifier: ISC
#pragma once
// The session-ticket keys every TLS context of a server shares, and OpenSSL's ticket-key
// callback (SSL_CTX_set_tlsext_ticket_key_evp_cb) that seals and opens tickets with them.
// Keys come either from memory (random, rotated every 12 hours) or from a server.ticket_keys
// file that several replicas share, so that a ticket from one resumes on another.
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "tls/ticket_keys.hpp"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace smolpub::tls {

struct ticket_key_ring {
    /// Keys only this process knows, rotated every 12 hours; the previous key still decrypts.
    /// Fails only when OpenSSL has no randomness.
    static tl::expected<std::shared_ptr<ticket_key_ring>, std::string> in_memory();
    /// The keys read from `file`: keys[0] encrypts, every key decrypts. Never rotated by the
    /// server itself: the operator rotates the file (and all replicas re-read it on SIGHUP).
    static std::shared_ptr<ticket_key_ring> from_file(std::filesystem::path file, std::vector<ticket_key> keys);

    /// The key file these keys came from; empty for in-memory keys.
    const std::filesystem::path& file() const { return file_; }
    /// In memory: starts a new key now (the previous one keeps decrypting). Returns false
    /// if no randomness was available, or for file keys, which only the file changes.
    bool rotate();
    /// File keys: uses `keys` from now on (a re-read file). Tickets whose key is gone get a
    /// full handshake; tickets sealed with any key still present keep resuming.
    void replace(std::vector<ticket_key> keys);
    /// How many keys decrypt now.
    std::size_t size() const;

    /// Makes `ctx` seal and open its tickets with these keys. The ring must outlive `ctx`.
    tl::expected<void, std::string> install(SSL_CTX* ctx);

    static constexpr auto rotate_every = std::chrono::hours(12);

    struct entry {
        ticket_key key;
        std::chrono::steady_clock::time_point born;
    };
    mutable std::mutex mutex;  ///< handshakes on several threads share one ring
    std::vector<entry> keys;   ///< keys[0] encrypts
    /// Call with `mutex` held.
    bool rotate_locked();

private:
    std::filesystem::path file_;
};

} // namespace smolpub::tls
