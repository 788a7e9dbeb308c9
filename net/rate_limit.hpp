// SPDX-License-Identifier: ISC
#pragma once
// Per-client request rate limiting (Gemini 44 "slow down"), shared by every thread
// without a lock, in a fixed amount of memory.
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <asio/ip/address.hpp>

namespace smolpub::net {

/// The key a client is limited by: its IPv4 address, or the /64 prefix of its IPv6 address
/// (one subscriber usually holds a whole /64, so per-address keys would let it walk past
/// the limit). IPv4-mapped IPv6 addresses count as the IPv4 address.
std::uint64_t rate_key(const asio::ip::address& address);

/// A token bucket per client, kept as GCRA ("generic cell rate algorithm"): one number
/// per client, the theoretical arrival time (TAT) of its next request. A request at `now`
/// is admitted while TAT - now stays within the burst allowance, and pushes TAT on by one
/// emission interval (1/rate). One number fits beside a key tag in one 64-bit word, so
/// every update is a single compare-and-swap: no mutex on the request path.
///
/// The table has a fixed number of slots. A client shares its probe window with others;
/// when no slot is free, the entry whose debt is smallest (its TAT is oldest) is evicted,
/// which at worst forgives that client's recent requests. Memory is bounded by design.
/// Rates above 1000 a second per client are treated as 1000.
class rate_limiter {
public:
    using clock = std::chrono::steady_clock;
    static constexpr std::size_t slots = 8192;  ///< 64 KiB
    static constexpr std::size_t probe = 8;

    explicit rate_limiter(clock::time_point epoch = clock::now()) : epoch_{epoch} {}

    /// Admits one request from `key` at `now` under `per_second` (0: unlimited) and `burst`.
    /// nullopt when admitted; otherwise the whole seconds (at least 1) after which the next
    /// request would be admitted — the meta of "44".
    std::optional<unsigned> admit(std::uint64_t key, clock::time_point now, double per_second, std::size_t burst);

private:
    std::chrono::steady_clock::time_point epoch_;
    std::array<std::atomic<std::uint64_t>, slots> table_{};
};

} // namespace smolpub::net
