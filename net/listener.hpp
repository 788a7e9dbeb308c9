// SPDX-License-Identifier: ISC
#pragma once
// Binding listen addresses and accepting connections.
#include <functional>
#include <string>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <tl/expected.hpp>

#include "net/io.hpp"

namespace smolpub::net {

/// Parses "127.0.0.1:1965", "[::1]:1965" or "*:1965" (all IPv4) into an endpoint.
tl::expected<tcp::endpoint, std::string> parse_listen_address(std::string_view text);

/// Opens, binds and listens. IPv6 sockets are v6-only, so "[::]:1965" and "0.0.0.0:1965"
/// can both be bound. With `share_port`, SO_REUSEPORT lets one acceptor per thread share
/// the port; call claim_port first, or a second smolpub could join the group unnoticed.
tl::expected<tcp::acceptor, std::string> open_acceptor(asio::io_context& io, const tcp::endpoint& at,
                                                       bool share_port);

/// Checks that nobody listens on `at` yet, by binding it once without SO_REUSEPORT, before
/// the acceptors of several threads share it. Without this, a second smolpub started by
/// mistake (same user, same port) would silently take half of the connections.
tl::expected<void, std::string> claim_port(const tcp::endpoint& at);

/// Accepts until the acceptor is closed, handing each socket and its peer's address (as
/// accept(2) returned it, which spares a getpeername(2) per connection) to `start`. Errors
/// such as EMFILE back off and retry rather than end the loop.
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<void(tcp::socket, tcp::endpoint)> start);

} // namespace smolpub::net
