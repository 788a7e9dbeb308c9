// SPDX-License-Identifier: ISC
#include "net/memory_return.hpp"

#include <malloc.h>

#include "net/io.hpp"

namespace smolpub::net {

asio::awaitable<void> return_memory_after_bursts(connection_counter& connections, std::chrono::milliseconds period,
                                                 std::size_t drop)
{
    std::size_t peak = 0;
    while (true) {
        co_await sleep_for(period);
        const std::size_t live = connections.active.load(std::memory_order_relaxed);
        // The peak since the last look; from now on the counter tracks it from `live`.
        peak = std::max(peak, connections.peak.exchange(live, std::memory_order_relaxed));
        if (peak < live + drop)
            continue;
        ::malloc_trim(0);
        peak = live;
    }
}

} // namespace smolpub::net
