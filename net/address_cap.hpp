// SPDX-License-Identifier: ISC
#pragma once
// limits.max_connections_per_address: how many connections one client may hold at once, so
// that one address opening a thousand idle connections cannot take every slot of the global
// cap (issue 17). Shared by every thread without a lock, in a fixed amount of memory.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "content/settings.hpp"
#include "net/connection.hpp"
#include "net/rate_limit.hpp"

namespace smolpub::net {

/// Live connections per client key (rate_key: an IPv4 address, or an IPv6 /64), kept as a
/// count-min sketch: two rows of counters, each key counted in one counter of each row,
/// its count the smaller of the two. Two keys can share a counter; a client is then
/// over-counted (never under-counted), and refused early only when both of its counters
/// are shared with busy addresses. 64 KiB in all, whatever the number of clients.
class address_counter {
public:
    static constexpr std::size_t row_slots = 8192;

    /// Counts one more connection from `key` and returns true, unless `key` already holds
    /// `cap` (0: no cap, always true).
    bool try_add(std::uint64_t key, std::size_t cap);
    /// Forgets one connection of `key` (one that try_add counted).
    void remove(std::uint64_t key);
    /// The connections counted for `key` (an upper bound).
    std::size_t count(std::uint64_t key) const;

private:
    std::array<std::atomic<std::uint32_t>, row_slots> first_{};
    std::array<std::atomic<std::uint32_t>, row_slots> second_{};
};

/// One counted connection of one key, given back when destroyed. Empty (false) when the
/// key was at its cap.
class address_slot {
public:
    address_slot() = default;
    address_slot(address_counter& counter, std::uint64_t key) : counter_{&counter}, key_{key} {}
    address_slot(address_slot&& other) noexcept : counter_{other.counter_}, key_{other.key_} { other.counter_ = nullptr; }
    address_slot(const address_slot&) = delete;
    address_slot& operator=(const address_slot&) = delete;
    address_slot& operator=(address_slot&& other) noexcept
    {
        if (this != &other) {
            release();
            counter_ = other.counter_, key_ = other.key_;
            other.counter_ = nullptr;
        }
        return *this;
    }
    ~address_slot() { release(); }
    explicit operator bool() const { return counter_ != nullptr; }

private:
    void release()
    {
        if (counter_)
            counter_->remove(key_);
        counter_ = nullptr;
    }

    address_counter* counter_ = nullptr;
    std::uint64_t key_ = 0;
};

/// The outcome of the per-address check for one connection.
struct address_admission {
    address_slot slot;     ///< empty: the address is at its cap
    bool explain = false;  ///< refused, and worth a Gemini 41 (at most one a minute per address)
};

/// Takes a slot for `address` under the state's limits.max_connections_per_address. A refusal is
/// noted in `notices`, a rate limiter at one per minute per address: the first refusal of a
/// minute writes one line to stderr naming the address and is the one a Gemini client is
/// told about (41 after a handshake); the rest are closed unanswered, since a handshake for
/// every refused reconnection is exactly the work a flood wants from us.
address_admission admit_address(const asio::ip::address& address, const content::config& config, address_counter& counter,
                                 rate_limiter& notices);

} // namespace smolpub::net
