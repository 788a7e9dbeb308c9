// SPDX-License-Identifier: ISC
#include "gemini/session.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "tls/context.hpp"
#include "net/access_log.hpp"
#include "runtime/state.hpp"
#include "tls/file_send.hpp"
#include "gemini/handler.hpp"
#include "tls/connection.hpp"

namespace smolpub::gemini {
using net::connection_context;
using net::connection_slot;
using net::file_sent;
using net::log_access;
using net::send_file;
using net::sleep_for;
using net::tcp;
using tls::send_file;
using tls::tls_connection;
using runtime::runtime_state;

namespace {

using namespace asio::experimental::awaitable_operators;
using clock = std::chrono::steady_clock;

/// The request line, or the failure to answer with; nullopt when the client went away.
using line_or_failure = std::variant<std::string, gemini::failure>;

/// Reads up to CRLF. The spec allows 1024 bytes of URL plus CRLF, so a 1026-byte buffer is
/// all a client can make us hold; the 1025th byte that is not the CR of a CRLF is answered
/// with 59 at once. A line ended by a bare LF is not a request: keep waiting for CRLF
/// (the caller's timeout ends it silently).
asio::awaitable<std::optional<line_or_failure>> read_request_line(tls_connection& tls)
{
    constexpr std::size_t limit = gemini::max_request_bytes + 2;
    std::array<char, limit> buffer;
    std::size_t filled = 0;
    while (true) {
        auto [ec, n] = co_await tls.read_some(buffer.data() + filled, limit - filled);
        if (ec)
            co_return std::nullopt;
        const std::size_t scan_from = filled == 0 ? 0 : filled - 1;
        filled += n;
        const std::string_view seen{buffer.data(), filled};
        if (const auto crlf = seen.find("\r\n", scan_from); crlf != std::string_view::npos)
            co_return line_or_failure{std::string{seen.substr(0, crlf)}};
        const bool cr_at_limit = filled == limit - 1 && seen.back() == '\r';
        if (filled >= limit - 1 && !cr_at_limit)
            co_return line_or_failure{gemini::failure{gemini::status::bad_request, "Bad request: longer than 1024 bytes"}};
    }
}

} // namespace

asio::awaitable<void> serve_gemini(tcp::socket socket, connection_context context, connection_slot slot)
{
    const auto started = clock::now();
    const runtime_state& state = *context.state;
    const content::limits& limits = state.config.limit;
    // The client has spoken (see waiting_room): only now does the connection get TLS state.
    tls_connection tls{std::move(socket), state.tls->native_handle()};
    if (!tls)
        co_return;

    auto handshake = co_await (tls.handshake() || sleep_for(limits.handshake_timeout));
    if (handshake.index() == 1 || std::get<0>(handshake))
        co_return;  // scanners, plain-TCP probes and stalled handshakes end here; not worth a log line

    gemini::reply reply;
    if (context.over_address_cap) {  // see admit_address: one of these a minute per address
        reply = gemini::reply::from(
            {gemini::status::server_unavailable, "Server unavailable: too many connections from your address"});
    } else if (slot.live() > limits.max_connections) {
        reply = gemini::reply::from({gemini::status::server_unavailable, "Server unavailable: too many connections"});
    } else {
        auto line = co_await (read_request_line(tls) || sleep_for(limits.request_timeout));
        if (line.index() == 1 || !std::get<0>(line))
            co_return;  // never finished its request line (or ended it with a bare LF)
        const line_or_failure& got = *std::get<0>(line);
        if (const auto* f = std::get_if<gemini::failure>(&got))
            reply = gemini::reply::from(*f);
        else if (context.retry_after)
            // Read the line first so the client sees the answer rather than a reset.
            reply = gemini::reply::from({gemini::status::slow_down, std::to_string(*context.retry_after)});
        else
            reply = gemini::handle({state.sites, state.config.limit.check_port}, std::get<std::string>(got),
                                   tls::sni_name(tls.native_handle()));
    }

    // A static file is opened now, once the request is answered: one descriptor for the
    // whole reply, so a file replaced meanwhile is still sent whole, as it was.
    std::optional<content::file_stream> file;
    if (reply.file) {
        auto opened = co_await net::open_off_loop(*reply.file);  // off the loop: open(2) can block
        if (opened) {
            file.emplace(std::move(*opened));
        } else {
            gemini::reply gone = gemini::reply::from({gemini::status::not_found, "Not found"});
            gone.host = std::move(reply.host);
            gone.path = std::move(reply.path);
            reply = std::move(gone);
        }
    }
    const std::string_view body = reply.body_view();
    const std::uint64_t body_size = file ? file->size() : body.size();
    // A reader must take at least write_floor bytes a second; a stalled one frees its slot.
    const auto floor = std::max<std::size_t>(limits.write_floor_bytes_per_second, 1);
    const auto write_budget = limits.request_timeout + std::chrono::seconds{(reply.header.size() + body_size) / floor};
    std::size_t bytes = 0;
    bool complete = false;
    if (file) {
        auto sent = co_await (send_file(tls, reply.header, *file) || sleep_for(write_budget));
        if (sent.index() == 0) {
            const file_sent& done = std::get<0>(sent);
            bytes = done.bytes;
            complete = !done.cut;
        }
    } else {
        auto wrote = co_await (tls.write(reply.header, body) || sleep_for(write_budget));
        if (wrote.index() == 0) {
            bytes = std::get<1>(std::get<0>(wrote));
            complete = true;
        }
    }

    if (state.config.access_log)
        log_access({context.client, "gemini", reply.host, reply.path, static_cast<int>(reply.code), bytes,
                    clock::now() - started},
                   state.config.log_addresses);

    // The spec has the server close with a TLS close_notify. A cut file reply gets none: the
    // client must not take what it got for the whole file.
    if (complete)
        co_await (tls.shutdown() || sleep_for(std::chrono::seconds{2}));
}

} // namespace smolpub::gemini
