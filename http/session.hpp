// SPDX-License-Identifier: ISC
#pragma once
// A standard header first: see gemini/session.hpp (asio's allocator choice must agree
// across translation units).
#include <cstddef>

#include <asio/awaitable.hpp>

#include "net/connection.hpp"
#include "net/io.hpp"

namespace smolpub::http {

/// One HTTP/1.1 connection over plain TCP: request heads read and answered in turn
/// (keep-alive, pipelining) until the client closes, asks to, goes idle for
/// http.idle_timeout, or has made http.max_requests. Nothing here throws for I/O errors.
asio::awaitable<void> serve_http(net::tcp::socket socket, net::connection_context context, net::connection_slot slot);
/// The same over TLS (http.tls_listen), with the state's HTTPS certificate: the handshake
/// (bounded by limits.handshake_timeout), then requests as above, then close_notify.
asio::awaitable<void> serve_https(net::tcp::socket socket, net::connection_context context, net::connection_slot slot);

} // namespace smolpub::http
