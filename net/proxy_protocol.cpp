// SPDX-License-Identifier: ISC
#include "net/proxy_protocol.hpp"

#include <algorithm>
#include <array>

#include <asio/read.hpp>

namespace smolpub::net::proxy {

asio::ip::address to_asio(const address& a)
{
    if (a.v6) {
        asio::ip::address_v6::bytes_type b;
        std::copy_n(a.bytes.begin(), 16, b.begin());
        return asio::ip::address_v6{b};
    }
    asio::ip::address_v4::bytes_type b;
    std::copy_n(a.bytes.begin(), 4, b.begin());
    return asio::ip::address_v4{b};
}

asio::awaitable<std::optional<header>> read_proxy_header(tcp::socket& socket)
{
    // Exactly as many bytes as the parser says the header still has, so the TLS
    // ClientHello (or Gopher selector) behind it stays in the socket for the session.
    std::array<char, std::max(max_v1_bytes, max_v2_bytes)> buffer;
    std::size_t have = 0;
    while (true) {
        const parse_result parsed = parse_header({buffer.data(), have});
        if (const auto* h = std::get_if<header>(&parsed))
            co_return *h;
        const auto* more = std::get_if<incomplete>(&parsed);
        if (!more || more->total > buffer.size() || more->total <= have)
            co_return std::nullopt;
        auto [ec, n] = co_await asio::async_read(socket, asio::buffer(buffer.data() + have, more->total - have), use_tuple);
        if (ec)
            co_return std::nullopt;
        have += n;
    }
}

} // namespace smolpub::net::proxy
