// SPDX-License-Identifier: ISC
// One Gopher transaction on a plain TCP socket: read one selector line, write the reply,
// close. All the deciding is in gopher::parse_selector and gopher::handle; this is the I/O.
#include "gopher/session.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <asio/write.hpp>

#include "net/access_log.hpp"
#include "runtime/state.hpp"
#include "net/file_send.hpp"
#include "gopher/handler.hpp"

namespace smolpub::gopher {
using net::connection_context;
using net::connection_slot;
using net::drain;
using net::log_access;
using net::reset_connection;
using net::send_file;
using net::set_cork;
using net::sleep_for;
using net::tcp;
using net::use_tuple;
using runtime::hosted_site;
using runtime::runtime_state;

namespace {

using namespace asio::experimental::awaitable_operators;
using clock = std::chrono::steady_clock;

/// Reads up to and including the first LF. 1024 bytes of request plus CRLF is all a
/// client can make us hold: a full buffer without an LF is returned as is, and
/// parse_selector refuses it as too long. A client that half-closes after an unterminated
/// selector is served what it sent. nullopt when it went away without a byte.
asio::awaitable<std::optional<std::string>> read_selector_line(tcp::socket& socket)
{
    constexpr std::size_t limit = gopher::max_request_bytes + 2;
    std::array<char, limit> buffer;
    std::size_t filled = 0;
    while (filled < limit) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer.data() + filled, limit - filled), use_tuple);
        const std::size_t scan_from = filled;
        filled += n;
        const std::string_view seen{buffer.data(), filled};
        if (const auto lf = seen.find('\n', scan_from); lf != std::string_view::npos)
            co_return std::string{seen.substr(0, lf + 1)};
        if (ec)
            co_return filled > 0 && ec == asio::error::eof ? std::optional<std::string>{std::string{seen}} : std::nullopt;
    }
    co_return std::string{buffer.data(), filled};
}

} // namespace

asio::awaitable<void> serve_gopher(tcp::socket socket, connection_context context, connection_slot slot)
{
    const auto started = clock::now();
    const runtime_state& state = *context.state;
    const content::limits& limits = state.config.limit;
    std::error_code ignored;
    // Corked: the reply and our FIN (shutdown below pushes them) leave in one segment
    // instead of two, which on loopback is a good part of a menu request's kernel time.
    set_cork(socket, true);

    // Gopher has no virtual hosts: the hole is the default site, sites[0].
    const hosted_site* hosted = state.sites.empty() ? nullptr : &state.sites.front();
    // A reference, not a copy: copying the settings (strings, vectors) cost ~5 % of a menu request.
    static const content::site_settings no_site;
    const content::site_settings& settings = hosted ? hosted->settings : no_site;
    static const std::shared_ptr<const site::site> no_pages;
    const std::shared_ptr<const site::site>& site = hosted ? hosted->site : no_pages;

    gopher::reply reply;
    if (context.over_address_cap) {  // limits.max_connections_per_address: see admit_address
        reply.status = gopher::status_error;
        reply.owned_body = gopher::error_menu("Server busy: too many connections from your address, try again later",
                                              settings.gopher_host, settings.gopher_port);
    } else if (slot.live() > limits.max_connections) {
        reply.status = gopher::status_error;
        reply.owned_body = gopher::error_menu("Server busy: too many connections, try again later",
                                              settings.gopher_host, settings.gopher_port);
    } else if (context.retry_after) {  // over limits.rate (see admission.hpp)
        reply.status = gopher::status_error;
        reply.owned_body = gopher::error_menu("Slow down: try again in " + std::to_string(*context.retry_after) +
                                                  " seconds", settings.gopher_host, settings.gopher_port);
    } else {
        auto line = co_await (read_selector_line(socket) || sleep_for(limits.request_timeout));
        if (line.index() == 1 || !std::get<0>(line))
            co_return;  // idle or gone before finishing a selector: just close
        reply = gopher::handle(gopher::parse_selector(*std::get<0>(line)), site, settings);
    }

    // A static file is opened now: one descriptor for the whole reply (see file_stream.hpp).
    std::optional<content::file_stream> file;
    if (reply.file) {
        auto opened = co_await net::open_off_loop(*reply.file);  // off the loop: open(2) can block
        if (opened) {
            file.emplace(std::move(*opened));
        } else {
            reply.status = gopher::status_error;
            reply.body = nullptr;
            reply.owned_body = gopher::error_menu("Not found: " + reply.path, settings.gopher_host, settings.gopher_port);
        }
    }
    const std::string_view body = reply.body_view();
    const std::uint64_t body_size = file ? file->size() : body.size();
    // A reader must take at least write_floor bytes a second; a stalled one frees its slot.
    const auto floor = std::max<std::size_t>(limits.write_floor_bytes_per_second, 1);
    const auto write_budget = limits.request_timeout + std::chrono::seconds{(reply.head.size() + body_size) / floor};
    std::size_t bytes = 0;
    bool wrote = false;
    bool cut = false;
    if (file) {
        auto sent = co_await (send_file(socket, reply.head, *file) || sleep_for(write_budget));
        if (sent.index() == 0) {
            bytes = std::get<0>(sent).bytes;
            cut = std::get<0>(sent).cut;
            wrote = !cut;
        }
    } else {
        const std::array buffers{asio::buffer(std::as_const(reply.head)), asio::buffer(body.data(), body.size())};
        auto written = co_await (asio::async_write(socket, buffers, use_tuple) || sleep_for(write_budget));
        if (written.index() == 0) {
            bytes = std::get<1>(std::get<0>(written));
            wrote = true;
        }
    }

    if (state.config.access_log)
        log_access({context.client, "gopher", settings.gopher_host, reply.path, reply.status, bytes,
                    clock::now() - started},
                   state.config.log_addresses);

    if (cut) {
        // The file changed under us: a reset, so the client cannot take the part it got
        // for the whole file (Gopher has no length; a FIN would say "complete").
        reset_connection(socket);
        co_return;
    }
    // The reply ends where the connection does (RFC 1436): send our FIN first.
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    // A refused client may have sent more than its request line (an HTTP client's headers,
    // the rest of an over-long selector).
    // Not for a client over its address's cap: one that reconnects as fast as it is refused
    // would otherwise keep a draining connection per refusal.
    if (reply.status != gopher::status_ok && wrote && !context.over_address_cap)
        co_await (drain(socket) || sleep_for(std::chrono::seconds{1}));
    socket.close(ignored);
}

} // namespace smolpub::gopher
