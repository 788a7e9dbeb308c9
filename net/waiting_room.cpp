// SPDX-License-Identifier: ISC
#include "net/waiting_room.hpp"

#include <iterator>

namespace smolpub::net {
namespace {

/// The wait's completion handler; asio takes the memory for the operation from its allocator.
template <class Room, class Iterator>
struct wait_handler {
    using allocator_type = slab_allocator<void>;
    Room* room;
    Iterator it;
    slab_pool* memory;
    allocator_type get_allocator() const noexcept { return allocator_type{*memory}; }
    void operator()(std::error_code ec) const { room->on_ready(it, ec); }
};

} // namespace

void waiting_room::park(waiting_guest guest)
{
    // The socket may hold data already (a client that sent its ClientHello right after
    // connecting). The wait below would not see it: the reactor is edge-triggered.
    std::error_code ec;
    if (guest.socket.available(ec) > 0 || ec) {
        on_first_byte_(std::move(guest));
        return;
    }
    guests_.push_back(std::move(guest));
    const auto it = std::prev(guests_.end());
    it->socket.async_wait(tcp::socket::wait_read, wait_handler<waiting_room, guest_list::iterator>{this, it, memory_});
}

void waiting_room::on_ready(guest_list::iterator it, std::error_code ec)
{
    waiting_guest guest = std::move(*it);
    guests_.erase(it);
    if (ec)
        return;  // swept (operation_aborted): closed as `guest` goes
    std::error_code ignored;
    if (guest.socket.available(ignored) == 0)
        return;  // readable with nothing to read: the client closed, as a flood's idle ones do
    on_first_byte_(std::move(guest));
}

asio::awaitable<void> waiting_room::sweep(std::chrono::milliseconds period)
{
    while (true) {
        co_await sleep_for(period);
        const auto now = std::chrono::steady_clock::now();
        for (auto& guest : guests_) {
            // Arrival order is deadline order, but for a reload that changed the timeout.
            if (guest.deadline > now)
                break;
            std::error_code ignored;
            guest.socket.cancel(ignored);  // its wait ends with operation_aborted; on_ready closes it
        }
    }
}

} // namespace smolpub::net
