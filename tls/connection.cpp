// SPDX-License-Identifier: ISC
#include "tls/connection.hpp"

#include <algorithm>
#include <cerrno>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls/ticket_key_ring.hpp"

namespace smolpub::tls {

using net::ack_now;
using net::drain;
using net::set_cork;
using net::tcp;
using net::use_tuple;

void tls_connection::ssl_free::operator()(SSL* ssl) const { SSL_free(ssl); }

tls_connection::tls_connection(tcp::socket socket, SSL_CTX* context) : socket_{std::move(socket)}
{
    std::error_code ec;
    socket_.non_blocking(true, ec);
    if (ec)
        return;
    std::error_code ignored;
    socket_.set_option(tcp::no_delay{true}, ignored);  // an uncorked (pushed) flight leaves at once
    ssl_.reset(SSL_new(context));
    if (!ssl_)
        return;
    // RELEASE_BUFFERS: no record buffers while idle. PARTIAL_WRITE: SSL_write_ex may return
    // after some records, which keeps the retry rules simple (write_all moves on by what it
    // was told was written).
    SSL_set_mode(ssl_.get(), SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                                 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_set_fd(ssl_.get(), static_cast<int>(socket_.native_handle())) != 1) {
        ssl_.reset();
        return;
    }
    SSL_set_accept_state(ssl_.get());
    // Read what the socket holds in one recv(2), not a record header and then its body:
    // a full handshake plus request took nine reads without this.
    SSL_set_read_ahead(ssl_.get(), 1);
    // The ticket is sent with the reply instead of right after the handshake (write()): it
    // then shares the reply's segment, and a client that never sends a request costs none.
    SSL_set_num_tickets(ssl_.get(), 0);
    set_cork(socket_, true);
}

void tls_connection::push()
{
    const std::uint64_t written = BIO_number_written(SSL_get_wbio(ssl_.get()));
    const std::uint64_t read = BIO_number_read(SSL_get_rbio(ssl_.get()));
    if (written != pushed_) {
        pushed_ = written;
        acked_ = read;  // the segment pushed now carries the ACK
        set_cork(socket_, false);  // sends the partial segment now
        set_cork(socket_, true);
        return;
    }
    // The client sent something (its Finished, say) and we wait for more with nothing to
    // send: the kernel would hold the ACK ~40 ms for a reply to carry it, while a client with
    // Nagle on holds its request until that ACK. Nothing is sent for a client whose request
    // came with its Finished: then SSL_read does not wait at all.
    if (read != acked_) {
        acked_ = read;
        ack_now(socket_);
    }
}

tls_connection::~tls_connection() = default;

template <typename Step>
asio::awaitable<std::error_code> tls_connection::drive(Step step)
{
    while (true) {
        ERR_clear_error();
        errno = 0;
        const int result = step();
        if (result > 0)
            co_return std::error_code{};
        switch (SSL_get_error(ssl_.get(), result)) {
        case SSL_ERROR_WANT_READ:
            push();
            if (auto [ec] = co_await socket_.async_wait(tcp::socket::wait_read, use_tuple); ec)
                co_return ec;
            break;
        case SSL_ERROR_WANT_WRITE:
            if (auto [ec] = co_await socket_.async_wait(tcp::socket::wait_write, use_tuple); ec)
                co_return ec;
            break;
        case SSL_ERROR_ZERO_RETURN:  // the client's close_notify
            co_return asio::error::eof;
        case SSL_ERROR_SYSCALL: {
            const int error = errno;
            failed_ = true;
            ERR_clear_error();
            co_return error != 0 ? std::error_code{error, std::system_category()} : asio::error::eof;
        }
        default:  // a TLS protocol error: OpenSSL has sent its alert where it could
            failed_ = true;
            ERR_clear_error();
            co_return std::make_error_code(std::errc::protocol_error);
        }
    }
}

asio::awaitable<std::error_code> tls_connection::handshake()
{
    co_return co_await drive([this] { return SSL_do_handshake(ssl_.get()); });
}

asio::awaitable<std::tuple<std::error_code, std::size_t>> tls_connection::read_some(char* data, std::size_t size)
{
    std::size_t got = 0;
    const std::error_code ec = co_await drive([&] { return SSL_read_ex(ssl_.get(), data, size, &got); });
    co_return std::tuple{ec, got};
}

asio::awaitable<std::tuple<std::error_code, std::size_t>> tls_connection::write_all(const char* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size) {
        std::size_t wrote = 0;
        const std::error_code ec =
            co_await drive([&] { return SSL_write_ex(ssl_.get(), data + done, size - done, &wrote); });
        if (ec)
            co_return std::tuple{ec, done};
        done += wrote;
    }
    co_return std::tuple{std::error_code{}, done};
}

asio::awaitable<std::tuple<std::error_code, std::size_t>> tls_connection::write(std::string_view head,
                                                                                  std::string_view body)
{
    // The header and the start of the body share the first record (16 KiB of plaintext at
    // most): a small page leaves in one record and one send(2); the copy costs far less than
    // a second record would. The rest of a large body is written from the shared page.
    constexpr std::size_t record_plaintext = 16384;
    // A new ticket on every TLS 1.3 handshake, resumed or not: a client that follows RFC 8446
    // C.4 uses each ticket once (curl, OpenSSL's client cache), so a resumed connection that
    // got no ticket left it nothing to resume with and every other handshake was a full one.
    if (SSL_version(ssl_.get()) == TLS1_3_VERSION)
        SSL_new_session_ticket(ssl_.get());
    const std::size_t first_part = std::min(body.size(), record_plaintext - std::min(head.size(), record_plaintext));
    std::string first;
    first.reserve(head.size() + first_part);
    first.append(head).append(body.substr(0, first_part));
    auto [ec, wrote] = co_await write_all(first.data(), first.size());
    if (ec || first_part == body.size())
        co_return std::tuple{ec, wrote};
    auto [rest_ec, rest] = co_await write_all(body.data() + first_part, body.size() - first_part);
    co_return std::tuple{rest_ec, wrote + rest};
}

asio::awaitable<std::tuple<std::error_code, std::size_t>> tls_connection::write_more(std::string_view body)
{
    co_return co_await write_all(body.data(), body.size());
}

asio::awaitable<void> tls_connection::shutdown()
{
    if (!failed_ && SSL_is_init_finished(ssl_.get()) == 1) {
        // SSL_shutdown returns 0 once our close_notify is out; the client's is not awaited
        // as a TLS record, most clients never send one.
        if (co_await drive([this] { return SSL_shutdown(ssl_.get()) >= 0 ? 1 : -1; }))
            co_return;
    }
    std::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);  // FIN pushes the corked tail with it
    co_await drain(socket_);  // the client's close_notify, say, must not turn our close into a reset
}

} // namespace smolpub::tls
