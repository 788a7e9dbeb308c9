// SPDX-License-Identifier: ISC
#pragma once
// Accepted connections that have not sent a byte yet (issue 17). A scanner, a client that
// connects early, or a flood of idle connections costs only its socket and a small node here
// until its first byte arrives: no coroutine, no timer of its own, no TLS state and no buffer.
// One sweep a period closes those that stayed silent past their deadline.
// A standard header first: see gemini_session.hpp (asio's allocator choice must agree
// across translation units).
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>

#include <asio/awaitable.hpp>

#include "net/address_cap.hpp"
#include "net/connection.hpp"
#include "net/io.hpp"
#include "net/slab_pool.hpp"

namespace smolpub::net {

/// One accepted connection and what was decided about it at accept time.
struct waiting_guest {
    tcp::socket socket;
    tcp::endpoint peer;                ///< as accept(2) returned it
    connection_slot slot;              ///< counts against limits.max_connections while it waits
    address_slot per_address;          ///< counted at accept; empty behind a proxy (counted later) or over the cap
    bool over_address_cap = false;     ///< over the cap, to be told so (Gemini: one a minute per address)
    std::chrono::steady_clock::time_point deadline;  ///< closed unanswered if still silent then
};

/// The connections of one listener waiting for their first byte. Single-threaded: used only
/// from the thread running its io_context.
class waiting_room {
public:
    /// `on_first_byte` takes each guest once it has something to read. The guests' list nodes
    /// and wait operations live in `memory`, which must outlive the room's io_context.
    waiting_room(std::function<void(waiting_guest)> on_first_byte, slab_pool& memory)
        : on_first_byte_{std::move(on_first_byte)}, memory_{&memory}, guests_{slab_allocator<waiting_guest>{memory}}
    {
    }
    waiting_room(const waiting_room&) = delete;
    waiting_room& operator=(const waiting_room&) = delete;

    /// Hands the guest on at once if it has spoken already, else keeps it until it does, it
    /// closes, or its deadline passes (then it is closed unanswered).
    void park(waiting_guest guest);
    /// Every `period`, closes the guests past their deadline; runs until its io_context stops.
    asio::awaitable<void> sweep(std::chrono::milliseconds period);
    /// Guests waiting now.
    std::size_t size() const { return guests_.size(); }

    using guest_list = std::list<waiting_guest, slab_allocator<waiting_guest>>;
    /// The end of the wait of the guest at `it`: hands it on, or closes it.
    void on_ready(guest_list::iterator it, std::error_code ec);

private:
    std::function<void(waiting_guest)> on_first_byte_;
    slab_pool* memory_;
    guest_list guests_;  ///< in arrival order, so deadlines are (nearly) sorted
};

} // namespace smolpub::net
