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

#include "gopher/handler.hpp"
#include "net/file_send.hpp"
#include "net/off_loop.hpp"
#include "net/respond.hpp"
#include "net/verdict.hpp"
#include "runtime/state.hpp"

namespace smolpub::gopher {
using net::connection_context;
using net::connection_slot;
using net::drain;
using net::reset_connection;
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

    // Admission's verdict goes to the handler, which answers refusals too, unread.
    const net::verdict admitted =
        net::judge(context.over_address_cap, slot.live(), limits.max_connections, context.retry_after);
    gopher::reply answer;
    if (admitted.serves()) {
        auto line = co_await (read_selector_line(socket) || sleep_for(limits.request_timeout));
        if (line.index() == 1 || !std::get<0>(line))
            co_return;  // idle or gone before finishing a selector: just close
        const gopher::request req = gopher::parse_selector(*std::get<0>(line));
        answer = gopher::handle(req, site, settings, site::disk_reads::deferred);
        // A hand-written .gmi's menu is made from the file on a cache miss: off the loop,
        // so a hung disk stalls this client only.
        if (answer.needs_disk)
            answer = co_await net::off_loop([&] { return gopher::handle(req, site, settings, site::disk_reads::allowed); });
    } else {
        answer = gopher::handle(admitted, gopher::request{}, site, settings);
    }

    const net::sent sent = co_await net::respond(socket, answer, state.config, {"gopher", context.client, started},
        [](const content::file_stream&) { return true; },
        [&] {  // gone since the site was built
            answer.status = gopher::status_error;
            answer.body = nullptr;
            answer.owned_body = gopher::error_menu("Not found: " + answer.path, settings.gopher_host, settings.gopher_port);
        });
    const bool cut = sent.finished && sent.cut;
    const bool wrote = sent.finished && !sent.cut;

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
    if (answer.status != gopher::status_ok && wrote && !context.over_address_cap)
        co_await (drain(socket) || sleep_for(std::chrono::seconds{1}));
    socket.close(ignored);
}

} // namespace smolpub::gopher
