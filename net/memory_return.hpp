// SPDX-License-Identifier: ISC
#pragma once
// Giving memory back to the system after a burst of connections (issue 17). glibc keeps what
// a burst freed for reuse, in the middle of its heap where it cannot shrink it, so a server
// that once held a thousand connections would keep their memory for good; repeated bursts
// fragment it further.
// A standard header first: see gemini_session.hpp (asio's allocator choice must agree
// across translation units).
#include <chrono>
#include <cstddef>

#include <asio/awaitable.hpp>

#include "net/connection.hpp"

namespace smolpub::net {

/// Looks at `connections` every `period`; when at least `drop` connections have ended since
/// the most live at once, calls malloc_trim(0), which returns every free page of every arena
/// (madvise), not just the top of the heap. So it costs nothing while the load is steady and
/// runs at most once a `period` while a flood churns. Runs until its io_context stops.
asio::awaitable<void> return_memory_after_bursts(connection_counter& connections, std::chrono::milliseconds period,
                                                 std::size_t drop);

} // namespace smolpub::net
