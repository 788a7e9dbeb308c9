// SPDX-License-Identifier: ISC
#pragma once
// Shared asio vocabulary for the sessions: errors as values, timeouts as races.
#include <chrono>

#include <asio/awaitable.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

namespace smolpub::net {

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

/// TCP_CORK on or off. Corked, the kernel holds partial segments until uncorked or until the
/// socket is shut down for sending, so a reply, its TLS records and our FIN can share segments.
void set_cork(tcp::socket& socket, bool on);

/// Acknowledges what the client sent so far now (TCP_QUICKACK), instead of after the
/// delayed-ACK timer (~40 ms on Linux) in the hope that a reply will carry the ACK. For a
/// wait on the client with nothing of ours to send: a client that leaves Nagle on holds its
/// next small write (a request after its TLS Finished, the rest of a selector) until its
/// last one is acknowledged, so without this both sides wait for the timer.
void ack_now(tcp::socket& socket);

/// Reads and drops what the client still sends (at most 16 KiB into a fixed buffer) until it
/// closes; the caller bounds how long. Closing with unread data makes the kernel send a
/// reset, which can destroy the end of our reply before the client has read it.
asio::awaitable<void> drain(tcp::socket& socket);

} // namespace smolpub::net
