// SPDX-License-Identifier: ISC
#pragma once
// Spreads independent work (parsing files, rendering pages) over the machine's cores. The
// callers' work is pure (cmark's allocator is per thread), and each index writes only its
// own slot.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace smolpub::content {

/// Calls fn(i) for every i in [0, n), on up to four threads; returns when all are done.
/// The first exception thrown by any call is rethrown here.
template <class Fn>
void parallel_for(std::size_t n, Fn fn)
{
    constexpr std::size_t chunk = 64;
    const std::size_t threads =
        std::min<std::size_t>({std::max(1u, std::thread::hardware_concurrency()), 4, (n + chunk - 1) / chunk});
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto work = [&] {
        try {
            for (std::size_t begin = next.fetch_add(chunk); begin < n; begin = next.fetch_add(chunk))
                for (std::size_t i = begin; i < std::min(n, begin + chunk); ++i)
                    fn(i);
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure)
                failure = std::current_exception();
            next = n;  // the others stop at their next chunk
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(work);
        } catch (const std::system_error&) {
            break;  // no more threads to be had: the ones running finish the work
        }
    }
    work();
    for (auto& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace smolpub::content
