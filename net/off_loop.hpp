// SPDX-License-Identifier: ISC
#pragma once
// Blocking calls away from the event loop (issue 29). A file read or open can take as long as
// its disk or file system likes (a cold HDD, NFS, a file system under a permission-checking
// fanotify daemon), and with one loop thread it would stall every client. off_loop() runs such
// a call on a small pool of threads kept for it and resumes the coroutine on its own executor
// with the result; the loop serves everyone else meanwhile.
// A standard header first: see gemini/session.hpp.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <asio/async_result.hpp>
#include <asio/awaitable.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>

namespace smolpub::net {

/// Threads of the pool: this many blocking calls can be under way at once; more wait their turn.
inline constexpr std::size_t off_loop_threads = 4;

/// The pool, made at first use (its threads inherit the caller's sandbox and credentials).
asio::thread_pool& off_loop_pool();

/// Waits for the calls under way and ends the pool's threads. serve calls it once its loops
/// have stopped and before their io_contexts go, since a call under way refers to a
/// coroutine frame that the io_context would destroy. Nothing may call off_loop() after it.
void join_off_loop_pool();

/// The same, waiting at most `wait` for the calls under way: false (and the pool left
/// alone) when some are still running then, a read hung in the kernel, say. The caller
/// must then end the process without destroying what those calls refer to.
bool join_off_loop_pool(std::chrono::steady_clock::duration wait);

/// Calls posted to the pool that have not returned yet.
std::size_t off_loop_under_way();

namespace detail {
inline std::atomic<std::size_t> off_loop_calls{0};
} // namespace detail

/// Runs `work()` on the pool and returns its result on the calling coroutine's executor.
/// `work` may refer to the caller's locals: the caller stays suspended until it returned.
/// Not cancellable, for the same reason: a timeout raced with `||` waits for the call to
/// return (the loop is free meanwhile; only this connection waits).
template <class Work>
asio::awaitable<std::invoke_result_t<Work&>> off_loop(Work work)
{
    using result = std::invoke_result_t<Work&>;
    auto initiate = [&work](auto handler) {
        auto home = asio::make_work_guard(asio::get_associated_executor(handler));
        ++detail::off_loop_calls;
        asio::post(off_loop_pool(), [&work, handler = std::move(handler), home = std::move(home)]() mutable {
            std::optional<result> value;
            std::exception_ptr failure;
            try {
                value.emplace(work());
            } catch (...) {
                failure = std::current_exception();
            }
            --detail::off_loop_calls;
            auto executor = home.get_executor();
            // Resumed on its own executor (the loop), never on this thread.
            asio::post(executor, [handler = std::move(handler), failure, value = std::move(value),
                                  home = std::move(home)]() mutable {
                std::move(handler)(failure, std::move(value));
            });
        });
    };
    std::optional<result> value = co_await asio::async_initiate<decltype(asio::use_awaitable),
                                                                void(std::exception_ptr, std::optional<result>)>(
        initiate, asio::use_awaitable);
    co_return std::move(*value);
}

} // namespace smolpub::net
