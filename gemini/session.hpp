// SPDX-License-Identifier: ISC
#pragma once
// A standard header before asio's: asio picks aligned_alloc or operator new for its frame
// recycling from libstdc++'s config macros, and translation units that saw them and ones
// that did not would mix malloc with operator delete (ASan: alloc-dealloc-mismatch).
#include <cstddef>

#include <asio/awaitable.hpp>

#include "net/connection.hpp"
#include "net/io.hpp"

namespace smolpub::gemini {

/// One Gemini connection: TLS handshake, one request line, header + body, close_notify.
/// Every phase is bounded by a timeout; nothing here throws for I/O errors.
asio::awaitable<void> serve_gemini(net::tcp::socket socket, net::connection_context context, net::connection_slot slot);

} // namespace smolpub::gemini
