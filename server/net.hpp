#pragma once
// Shared asio vocabulary for the sessions: errors as values, timeouts as races.
#include <chrono>

#include <asio/awaitable.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

namespace smolpub::server {

using tcp = asio::ip::tcp;
/// Completion token that returns (error_code, ...) instead of throwing: expected I/O
/// failures (eof, resets, truncated TLS) are values, not exceptions.
inline constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

/// Completes after `d`; raced against I/O with `||` to bound how long it may take.
inline asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration d)
{
    asio::steady_timer timer{co_await asio::this_coro::executor, d};
    co_await timer.async_wait(use_tuple);
}

} // namespace smolpub::server
