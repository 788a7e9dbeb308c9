// SPDX-License-Identifier: ISC
#include "net/io.hpp"

#include <array>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace smolpub::net {

void set_cork(tcp::socket& socket, bool on)
{
    const int value = on ? 1 : 0;
    ::setsockopt(static_cast<int>(socket.native_handle()), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

void ack_now(tcp::socket& socket)
{
    // Linux sends the pending ACK from within setsockopt; the option is not sticky, so
    // later ACKs are delayed (and carried by replies) as usual.
    const int on = 1;
    ::setsockopt(static_cast<int>(socket.native_handle()), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
}

asio::awaitable<void> drain(tcp::socket& socket)
{
    std::array<char, 4096> sink;
    for (int i = 0; i < 4; ++i) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), use_tuple);
        if (ec)
            co_return;
    }
}

} // namespace smolpub::net
