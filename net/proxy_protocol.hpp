// SPDX-License-Identifier: ISC
#pragma once
// Reading a PROXY protocol header (net/proxy_header.hpp parses it) off a socket.
#include <optional>

#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>

#include "net/io.hpp"
#include "net/proxy_header.hpp"

namespace smolpub::net::proxy {

/// The header's address as asio's.
asio::ip::address to_asio(const address& a);

/// Reads a header off `socket`, never past its end. nullopt for a socket error or a
/// malformed header. The caller bounds it with a timeout.
asio::awaitable<std::optional<header>> read_proxy_header(tcp::socket& socket);

} // namespace smolpub::net::proxy
