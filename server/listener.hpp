#pragma once
// Binding listen addresses and accepting connections.
#include <functional>
#include <string>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <tl/expected.hpp>

#include "server/net.hpp"

namespace smolpub::server {

/// Parses "127.0.0.1:1965", "[::1]:1965" or "*:1965" (all IPv4) into an endpoint.
tl::expected<tcp::endpoint, std::string> parse_listen_address(std::string_view text);

/// Opens, binds and listens. IPv6 sockets are v6-only, so "[::]:1965" and "0.0.0.0:1965"
/// can both be bound; SO_REUSEPORT lets one acceptor per thread share a port.
tl::expected<tcp::acceptor, std::string> open_acceptor(asio::io_context& io, const tcp::endpoint& at);

/// Accepts until the acceptor is closed, handing each socket to `start`. Errors such as
/// EMFILE back off and retry rather than end the loop.
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<void(tcp::socket)> start);

} // namespace smolpub::server
