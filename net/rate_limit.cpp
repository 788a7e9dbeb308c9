// SPDX-License-Identifier: ISC
#include "net/rate_limit.hpp"
#include "text/hash.hpp"

#include <algorithm>
#include <cmath>

namespace smolpub::net {
namespace {

// One slot word: the top 24 bits tag the key, the low 40 bits are its TAT in milliseconds
// since the limiter started (2^40 ms is 34 years of uptime). A zero word is an empty slot.
// Millisecond ticks cap the rate at 1000 requests a second per client, far above what
// anyone reading a capsule sends. Two clients whose keys share slot window and tag share
// a bucket: with 13 index bits and 24 tag bits that is rare, and costs only fairness.
constexpr unsigned tag_bits = 24;
constexpr unsigned time_bits = 64 - tag_bits;
constexpr std::uint64_t time_mask = (std::uint64_t{1} << time_bits) - 1;
using ticks = std::chrono::milliseconds;


std::uint64_t tag_of(std::uint64_t hash) { return (hash >> time_bits) | 1; }  // never 0
std::uint64_t word(std::uint64_t tag, std::uint64_t tat) { return (tag << time_bits) | (tat & time_mask); }

} // namespace

std::uint64_t rate_key(const asio::ip::address& address)
{
    std::uint64_t key = 0;
    if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
        const auto bytes = address.to_v6().to_bytes();
        for (std::size_t i = 0; i < 8; ++i)
            key = (key << 8) | bytes[i];
        // Spread away from the 32-bit IPv4 keys: only prefixes in the unassigned
        // 9e37:79b9::/32 could meet one.
        return key ^ 0x9e3779b97f4a7c15ull;
    }
    const auto v4 = address.is_v6() ? asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()) : address.to_v4();
    return v4.to_uint();
}

std::optional<unsigned> rate_limiter::admit(std::uint64_t key, clock::time_point now, double per_second,
                                            std::size_t burst)
{
    if (per_second <= 0)
        return std::nullopt;
    const std::uint64_t hash = text::mix64(key);
    const std::uint64_t tag = tag_of(hash);
    const auto t = static_cast<std::uint64_t>(std::max<std::int64_t>(
                       std::chrono::duration_cast<ticks>(now - epoch_).count(), 0)) & time_mask;
    // Emission interval T = 1/rate; a full bucket of `burst` requests is a tolerance of
    // (burst - 1) * T beyond "now".
    const auto interval = static_cast<std::uint64_t>(std::max(1.0, std::round(1'000.0 / per_second)));
    const std::uint64_t tolerance = interval * (std::max<std::size_t>(burst, 1) - 1);

    const std::size_t base = static_cast<std::size_t>(hash) & (slots - 1);
    while (true) {
        // Find our slot in the window, else the one to reuse: an empty or expired one
        // (TAT in the past means a full bucket: nothing to remember), else the oldest TAT.
        std::size_t chosen = base;
        std::uint64_t seen = table_[base].load(std::memory_order_relaxed);
        bool ours = false;
        std::uint64_t oldest = ~std::uint64_t{0};
        for (std::size_t i = 0; i < probe; ++i) {
            const std::size_t at = (base + i) & (slots - 1);
            const std::uint64_t w = table_[at].load(std::memory_order_relaxed);
            if (w != 0 && (w >> time_bits) == tag) {
                chosen = at, seen = w, ours = true;
                break;
            }
            const std::uint64_t tat = w & time_mask;
            const std::uint64_t age = w == 0 || tat <= t ? 0 : tat;
            if (age < oldest)
                oldest = age, chosen = at, seen = w;
        }
        const std::uint64_t tat = ours ? std::max(seen & time_mask, t) : t;
        if (tat - t > tolerance) {
            const std::uint64_t wait = tat - t - tolerance;  // until TAT - tolerance reaches now
            return static_cast<unsigned>(std::max<std::uint64_t>(1, (wait + 999) / 1'000));
        }
        std::uint64_t expected = seen;
        if (table_[chosen].compare_exchange_weak(expected, word(tag, tat + interval), std::memory_order_relaxed))
            return std::nullopt;
        // Another thread changed the slot between our look and our write: look again.
    }
}

} // namespace smolpub::net
