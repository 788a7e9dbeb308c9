// SPDX-License-Identifier: ISC
#include "net/off_loop.hpp"

#include <mutex>
#include <thread>

namespace smolpub::net {
namespace {

std::once_flag made;
asio::thread_pool* pool = nullptr;  ///< never deleted: a thread of it may outlive main's statics

} // namespace

asio::thread_pool& off_loop_pool()
{
    std::call_once(made, [] { pool = new asio::thread_pool(off_loop_threads); });
    return *pool;
}

void join_off_loop_pool()
{
    off_loop_pool().join();
}

bool join_off_loop_pool(std::chrono::steady_clock::duration wait)
{
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (detail::off_loop_calls.load() > 0) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    off_loop_pool().join();
    return true;
}

std::size_t off_loop_under_way()
{
    return detail::off_loop_calls.load();
}

} // namespace smolpub::net
