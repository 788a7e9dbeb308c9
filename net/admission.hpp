// SPDX-License-Identifier: ISC
#pragma once
// What happens to every connection before its protocol starts: learning who the client
// really is (PROXY protocol) and whether it is over its request rate. Shared by the
// Gemini and Gopher listeners.
// A standard header before asio's: asio picks aligned_alloc or operator new for its frame
// recycling from libstdc++'s config macros, and translation units that saw them and ones
// that did not would mix malloc with operator delete (ASan: alloc-dealloc-mismatch).
#include <cstddef>

#include <asio/awaitable.hpp>

#include "content/settings.hpp"
#include "net/connection.hpp"
#include "net/io.hpp"
#include "net/rate_limit.hpp"

namespace smolpub::net {

/// With server.proxy_protocol, reads the PROXY header (v1 or v2) within the handshake
/// timeout and takes the client's address from it; then asks `limiter` about that client
/// and sets context.retry_after when it is over limits.rate. false: drop the connection
/// unanswered (no header, a malformed one, or the timeout), since a connection that should
/// have come through the proxy and did not is not ours to answer.
asio::awaitable<bool> admit_connection(tcp::socket& socket, connection_context& context, const content::config& config,
                                       rate_limiter& limiter);

} // namespace smolpub::net
