// SPDX-License-Identifier: ISC
#include "gemini/session.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "tls/context.hpp"
#include "net/respond.hpp"
#include "net/verdict.hpp"
#include "runtime/state.hpp"
#include "tls/file_send.hpp"
#include "gemini/handler.hpp"
#include "tls/connection.hpp"

namespace smolpub::gemini {
using net::connection_context;
using net::connection_slot;
using net::sleep_for;
using net::tcp;
using tls::tls_connection;
using runtime::runtime_state;

namespace {

using namespace asio::experimental::awaitable_operators;
using clock = std::chrono::steady_clock;

/// A request line longer than the spec allows.
struct too_long {};
/// The request line, or too long; nullopt when the client went away.
using line_or_failure = std::variant<std::string, too_long>;

/// Reads up to CRLF. The spec allows 1024 bytes of URL plus CRLF, so a 1026-byte buffer is
/// all a client can make us hold; the 1025th byte that is not the CR of a CRLF makes it too
/// long at once (the handler answers 59). A line ended by a bare LF is not a request: keep
/// waiting for CRLF (the caller's timeout ends it silently).
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
            co_return line_or_failure{too_long{}};
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

    // Admission's verdict goes to the handler, which answers refusals too. Over a cap, the
    // request is not worth reading; over the rate, it is read first so that the client sees
    // the 44 rather than a reset.
    net::verdict admitted = net::judge(context.over_address_cap, slot.live(), limits.max_connections, context.retry_after);
    std::string line;
    if (!admitted.refuses_unread()) {
        auto got = co_await (read_request_line(tls) || sleep_for(limits.request_timeout));
        if (got.index() == 1 || !std::get<0>(got))
            co_return;  // never finished its request line (or ended it with a bare LF)
        if (std::get_if<too_long>(&*std::get<0>(got)))
            admitted = {net::verdict::kind::too_long};
        else
            line = std::move(std::get<std::string>(*std::get<0>(got)));
    }
    gemini::reply answer =
        gemini::handle({state.sites, limits.check_port}, admitted, line, tls::sni_name(tls.native_handle()));

    const net::sent sent = co_await net::respond(tls, answer, state.config, {"gemini", context.client, started},
        [](const content::file_stream&) { return true; },
        [&answer] {  // gone since the site was built
            gemini::reply gone = gemini::reply_from({gemini::status::not_found, "Not found"});
            gone.host = std::move(answer.host);
            gone.path = std::move(answer.path);
            answer = std::move(gone);
        });

    // The spec has the server close with a TLS close_notify. A cut file reply gets none: the
    // client must not take what it got for the whole file.
    if (sent.finished && !sent.cut)
        co_await (tls.shutdown() || sleep_for(std::chrono::seconds{2}));
}

} // namespace smolpub::gemini
