// SPDX-License-Identifier: ISC
#include "net/address_cap.hpp"

#include <algorithm>
#include <string>

#include <unistd.h>

#include "net/access_log.hpp"
#include "text/hash.hpp"

namespace smolpub::net {
namespace {


constexpr std::size_t mask = address_counter::row_slots - 1;
static_assert((address_counter::row_slots & mask) == 0, "row_slots must be a power of two");

} // namespace

bool address_counter::try_add(std::uint64_t key, std::size_t cap)
{
    const std::uint64_t h = text::mix64(key);
    auto& a = first_[h & mask];
    auto& b = second_[(h >> 32) & mask];
    const std::uint32_t now_a = a.fetch_add(1, std::memory_order_relaxed) + 1;
    const std::uint32_t now_b = b.fetch_add(1, std::memory_order_relaxed) + 1;
    if (cap == 0 || std::min(now_a, now_b) <= cap)
        return true;
    // Over the cap: take the count back. Two racing connections of one client can both see
    // the other's increment and both back out; the next attempt is counted afresh.
    a.fetch_sub(1, std::memory_order_relaxed);
    b.fetch_sub(1, std::memory_order_relaxed);
    return false;
}

void address_counter::remove(std::uint64_t key)
{
    const std::uint64_t h = text::mix64(key);
    first_[h & mask].fetch_sub(1, std::memory_order_relaxed);
    second_[(h >> 32) & mask].fetch_sub(1, std::memory_order_relaxed);
}

std::size_t address_counter::count(std::uint64_t key) const
{
    const std::uint64_t h = text::mix64(key);
    return std::min(first_[h & mask].load(std::memory_order_relaxed),
                    second_[(h >> 32) & mask].load(std::memory_order_relaxed));
}

address_admission admit_address(const asio::ip::address& address, const content::config& config, address_counter& counter,
                                 rate_limiter& notices)
{
    const std::size_t cap = config.limit.max_connections_per_address;
    const std::uint64_t key = rate_key(address);
    if (counter.try_add(key, cap))
        return {address_slot{counter, key}, false};
    if (notices.admit(key, rate_limiter::clock::now(), 1.0 / 60, 1))
        return {};  // already noted this minute
    // One write(2), so lines from several threads never interleave.
    const bool v6 = address.is_v6() && !address.to_v6().is_v4_mapped();
    const std::string line = "smolpub: " + loggable_address(address.to_string(), config.log_addresses) +
                             (v6 ? " (its /64)" : "") + " holds limits.max_connections_per_address = " +
                             std::to_string(cap) +
                             " connections; its new ones are refused (this line: at most once a minute)\n";
    [[maybe_unused]] const auto wrote = ::write(STDERR_FILENO, line.data(), line.size());
    return {address_slot{}, true};
}

} // namespace smolpub::net
