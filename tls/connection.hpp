// SPDX-License-Identifier: ISC
#pragma once
// A server-side TLS connection: OpenSSL driven directly on a non-blocking socket, with asio
// only telling us when the socket is ready.
//
// Why not asio::ssl::stream: it keeps four 17 KB buffers (a BIO pair and its own input and
// output buffers) for the whole life of every connection and copies each byte through them.
// Here OpenSSL reads and writes the descriptor itself, and SSL_MODE_RELEASE_BUFFERS lets it
// free its record buffers whenever a connection is idle: a connection waiting for its
// request line costs about 22 KB of memory in all, not 73 (bench/results/2026-11-26.md).
//
// OpenSSL writes every TLS record with its own send(2); with TCP_NODELAY each would be a TCP
// segment (six for the server's first flight alone), and on loopback or a busy link every
// segment costs both ends a receive path and a wake-up. So the socket stays corked and is
// pushed only when we turn to wait for the client, or shut down: one segment per flight.
// When we turn to wait with nothing to push, what the client sent is acknowledged at once
// (ack_now), so that a client with Nagle on is not held back by our delayed ACK.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <system_error>
#include <tuple>

#include "net/io.hpp"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace smolpub::tls {

class tls_connection {
public:
    /// Takes the accepted socket; the connection is empty (false) when the socket cannot be
    /// made non-blocking or OpenSSL cannot take it (out of memory).
    tls_connection(net::tcp::socket socket, SSL_CTX* context);
    tls_connection(const tls_connection&) = delete;
    tls_connection& operator=(const tls_connection&) = delete;
    ~tls_connection();

    explicit operator bool() const { return ssl_ != nullptr; }
    SSL* native_handle() const { return ssl_.get(); }

    /// The server side of the handshake.
    asio::awaitable<std::error_code> handshake();
    /// Up to `size` bytes of application data; asio::error::eof on the client's close_notify,
    /// another error when it closed without one (OpenSSL 3 reports that as a protocol error).
    asio::awaitable<std::tuple<std::error_code, std::size_t>> read_some(char* data, std::size_t size);
    /// Writes `head` then `body` completely, preceded by a TLS 1.3 session ticket when one is
    /// due (after a full handshake, or a resumption from an aging ticket); returns the
    /// bytes written so far. A reply that fits one TLS record goes out as one record, and the
    /// ticket, the reply and (after shutdown()) close_notify and FIN share TCP segments.
    asio::awaitable<std::tuple<std::error_code, std::size_t>> write(std::string_view head, std::string_view body);
    /// Writes the next part of a body begun with write() (a streamed file), completely.
    asio::awaitable<std::tuple<std::error_code, std::size_t>> write_more(std::string_view body);
    /// Sends close_notify and our FIN, then waits (the caller bounds how long) for the client
    /// to close, so that closing never resets a connection the client is still reading.
    asio::awaitable<void> shutdown();

private:
    struct ssl_free { void operator()(SSL* ssl) const; };

    /// Calls `step` until it succeeds, waiting for the socket whenever OpenSSL asks to.
    /// Returns the error that ended it, if any.
    template <typename Step>
    asio::awaitable<std::error_code> drive(Step step);
    asio::awaitable<std::tuple<std::error_code, std::size_t>> write_all(const char* data, std::size_t size);
    /// Sends what OpenSSL has written since the last push, before waiting for the client.
    void push();

    net::tcp::socket socket_;
    std::unique_ptr<SSL, ssl_free> ssl_;
    std::uint64_t pushed_ = 0;  ///< BIO_number_written at the last push
    std::uint64_t acked_ = 0;   ///< BIO_number_read when we last sent or acknowledged
    bool failed_ = false;  ///< after a fatal TLS or socket error, no close_notify may be sent
};

} // namespace smolpub::tls
