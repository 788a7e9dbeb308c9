// SPDX-License-Identifier: ISC
#include "net/off_loop.hpp"

#include <mutex>

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

} // namespace smolpub::net
