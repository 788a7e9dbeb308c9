// SPDX-License-Identifier: ISC
#pragma once
// A standard header first: see gemini_session.hpp (asio's allocator choice must agree
// across translation units).
#include <cstddef>

#include <asio/awaitable.hpp>

#include "net/connection.hpp"
#include "net/io.hpp"

namespace smolpub::gopher {

/// One Gopher connection (RFC 1436): one selector line, the reply, close. Bounded by
/// the request timeout and the write floor; nothing here throws for I/O errors.
asio::awaitable<void> serve_gopher(net::tcp::socket socket, net::connection_context context, net::connection_slot slot);

} // namespace smolpub::gopher
