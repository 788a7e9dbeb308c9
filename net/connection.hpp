// SPDX-License-Identifier: ISC
#pragma once
// What a listener hands each session besides its socket.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <asio/ip/address.hpp>


namespace smolpub::runtime { struct runtime_state; }  // runtime/state.hpp: net/ hands the snapshot on without looking inside

namespace smolpub::net {

class rate_limiter;  // net/rate_limit.hpp

/// Counts live connections across all listeners and threads, for the connection cap
/// and for draining on shutdown.
struct connection_counter {
    std::atomic<std::size_t> active{0};
    /// The most live at once since someone last reset it (see memory_return.hpp).
    std::atomic<std::size_t> peak{0};
};

/// Holds one slot of the counter for the life of a connection.
class connection_slot {
public:
    explicit connection_slot(connection_counter& c) : counter_{&c}
    {
        const std::size_t now = ++counter_->active;
        std::size_t peak = counter_->peak.load(std::memory_order_relaxed);
        while (now > peak && !counter_->peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
        }
    }
    connection_slot(connection_slot&& other) noexcept : counter_{other.counter_} { other.counter_ = nullptr; }
    connection_slot(const connection_slot&) = delete;
    connection_slot& operator=(const connection_slot&) = delete;
    connection_slot& operator=(connection_slot&&) = delete;
    ~connection_slot() { if (counter_) --counter_->active; }
    /// Live connections, this one included.
    std::size_t live() const { return counter_->active.load(std::memory_order_relaxed); }
private:
    connection_counter* counter_;
};

/// Per-connection facts: the state snapshot the whole connection uses, and who is calling.
struct connection_context {
    std::shared_ptr<const runtime::runtime_state> state;
    std::string client;           ///< client address as text (from the PROXY header when configured)
    asio::ip::address address;    ///< the same address
    /// Set when this client is over its request rate: the seconds it should wait. The
    /// session answers with its protocol's "slow down" instead of serving the request.
    std::optional<unsigned> retry_after;
    /// Set when this client's address already holds limits.max_connections_per_address: the
    /// session refuses it (Gemini 41, Gopher an error line) instead of serving a request.
    bool over_address_cap = false;
    /// The limiter admission asked (limits.rate), for a session that serves several requests
    /// on one connection (HTTP keep-alive) and asks again for each after the first.
    rate_limiter* requests = nullptr;
};

} // namespace smolpub::net
