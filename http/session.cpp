// SPDX-License-Identifier: ISC
// HTTP on a plain TCP socket or over TLS: read a request head, answer it, and again while
// the connection is kept alive. All the deciding is in http::parse_request and http::handle;
// this is the I/O, the limits and the log. The loop is written once, over a transport: a
// plain socket, or tls/connection (the driver Gemini uses; OpenSSL stays behind it).
#include "http/session.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <asio/write.hpp>

#include "http/handler.hpp"
#include "net/file_send.hpp"
#include "net/rate_limit.hpp"
#include "net/respond.hpp"
#include "net/verdict.hpp"
#include "runtime/state.hpp"
#include "tls/connection.hpp"
#include "tls/file_send.hpp"

namespace smolpub::http {
using net::connection_context;
using net::connection_slot;
using net::tcp;
using net::use_tuple;
using net::sleep_for;

namespace {

using namespace asio::experimental::awaitable_operators;
using steady = std::chrono::steady_clock;

/// Plain TCP: the socket itself, corked while a reply is written.
struct tcp_transport {
    tcp::socket& socket;
    static constexpr const char* protocol = "http";

    asio::awaitable<std::tuple<std::error_code, std::size_t>> read_some(char* data, std::size_t size)
    {
        return socket.async_read_some(asio::buffer(data, size), use_tuple);
    }
    /// What net::respond() writes on (net::write_reply and net::send_file take it).
    tcp::socket& stream() { return socket; }
    void cork(bool on) { net::set_cork(socket, on); }
    /// After a cut file reply: a reset, so the length cannot be mistaken for the file's.
    void abort()
    {
        std::error_code ignored;
        net::reset_connection(socket);
        socket.close(ignored);
    }
    /// Our FIN; a refused client may still be sending (the rest of an oversized head): read
    /// it away briefly so that closing does not reset the connection before it has read our answer.
    asio::awaitable<void> finish(bool drain)
    {
        std::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_send, ignored);
        if (drain)
            co_await (net::drain(socket) || sleep_for(std::chrono::seconds{1}));
        socket.close(ignored);
    }
};

/// HTTPS: the TLS connection driver, which corks and pushes flights itself.
struct tls_transport {
    tls::tls_connection& tls;
    static constexpr const char* protocol = "https";

    asio::awaitable<std::tuple<std::error_code, std::size_t>> read_some(char* data, std::size_t size)
    {
        return tls.read_some(data, size);
    }
    /// What net::respond() writes on (tls::write_reply and tls::send_file take it).
    tls::tls_connection& stream() { return tls; }
    void cork(bool) {}
    /// No close_notify after a cut reply: the client must not take it for the whole file.
    void abort() {}
    asio::awaitable<void> finish(bool)
    {
        co_await (tls.shutdown() || sleep_for(std::chrono::seconds{2}));
    }
};

/// Reads until the front of `buffer` is a complete head, a refused one, or the client went
/// away (nullopt). The parser refuses a head over its limits before the buffer holds more
/// than max_head_bytes and one read.
template <typename Transport>
asio::awaitable<std::optional<parse_result>> read_head(Transport& transport, std::string& buffer)
{
    std::array<char, 4096> chunk;
    while (true) {
        if (!buffer.empty()) {
            parse_result got = parse_request(buffer);
            if (!std::holds_alternative<incomplete>(got))
                co_return got;
        }
        auto [ec, n] = co_await transport.read_some(chunk.data(), chunk.size());
        if (ec || n == 0)
            co_return std::nullopt;
        buffer.append(chunk.data(), n);
    }
}

/// `text` as an address ("192.0.2.1", "2001:db8::1", "[2001:db8::1]"); nullopt otherwise.
std::optional<asio::ip::address> address_of(std::string_view text)
{
    if (text.size() > 2 && text.front() == '[' && text.back() == ']')
        text = text.substr(1, text.size() - 2);
    std::error_code ec;
    const auto a = asio::ip::make_address(std::string{text}, ec);
    if (ec)
        return std::nullopt;
    return a.is_v6() && a.to_v6().is_v4_mapped() ? asio::ip::address{asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6())}
                                                 : a;
}

/// The client behind trusted proxies: X-Forwarded-For read from the right, past every
/// address that is itself a trusted proxy. Only asked when the peer is trusted.
std::optional<asio::ip::address> forwarded_client(std::string_view list, const std::vector<asio::ip::address>& trusted)
{
    std::optional<asio::ip::address> client;
    while (!list.empty()) {
        const std::size_t comma = list.rfind(',');
        std::string_view entry = comma == std::string_view::npos ? list : list.substr(comma + 1);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
        while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
            entry.remove_prefix(1);
        while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t'))
            entry.remove_suffix(1);
        const auto a = address_of(entry);
        if (!a)
            return client;  // garbage from further left is not believed
        client = a;
        if (std::find(trusted.begin(), trusted.end(), *a) == trusted.end())
            return client;
    }
    return client;
}

std::vector<asio::ip::address> trusted_proxies(const content::config& config)
{
    std::vector<asio::ip::address> trusted;
    for (const auto& text : config.http_trusted_proxies)
        if (auto a = address_of(text))
            trusted.push_back(*a);
    return trusted;
}

/// Admission asked the rate for the first request; each after the first is one more for limits.rate.
std::optional<unsigned> rate_for(const connection_context& context, std::size_t answered, const content::limits& limits)
{
    if (answered == 0)
        return context.retry_after;
    if (!context.requests)
        return std::nullopt;
    return context.requests->admit(net::rate_key(context.address), net::rate_limiter::clock::now(),
                                   limits.rate_per_second, limits.rate_burst);
}

template <typename Transport>
asio::awaitable<void> serve_requests(Transport transport, const connection_context& context, const connection_slot& slot)
{
    const runtime::runtime_state& state = *context.state;
    const content::config& config = state.config;
    const content::limits& limits = config.limit;
    const hosts served{state.sites};

    const std::vector<asio::ip::address> trusted = trusted_proxies(config);
    const bool peer_trusted = std::find(trusted.begin(), trusted.end(), context.address) != trusted.end();

    std::string buffer;
    std::size_t answered = 0;
    const std::size_t max_requests = std::max<std::size_t>(config.http_max_requests, 1);
    bool refused_last = false;
    while (answered < max_requests) {
        const auto started = steady::now();
        auto got = co_await (read_head(transport, buffer) ||
                             sleep_for(answered == 0 ? limits.request_timeout : config.http_idle_timeout));
        if (got.index() == 1 || !std::get<0>(got))
            break;  // idle, gone, or never finished a head: close without a word
        parse_result& result = *std::get<0>(got);
        const auto now = std::chrono::system_clock::now();

        std::string client = context.client;
        const std::optional<unsigned> retry_after = rate_for(context, answered, limits);
        // Admission's verdict, asked again for each request, goes to the handler with the head.
        const net::verdict admitted = net::judge(context.over_address_cap, slot.live(), limits.max_connections, retry_after);
        std::size_t consumed = buffer.size();
        if (auto* p = std::get_if<parsed>(&result); p && !admitted.refuses_unread()) {
            consumed = p->consumed;
            if (peer_trusted && p->req.forwarded_for)
                if (auto behind = forwarded_client(*p->req.forwarded_for, trusted))
                    client = behind->to_string();
            if (answered + 1 == max_requests)
                p->req.keep_alive = false;  // the last one this connection gets: say so
        }
        reply r = answer(served, admitted, result, now, state.built_at);

        // A static file is framed as opened: its length and ETag are those of the bytes sent.
        transport.cork(true);
        const net::sent sent = co_await net::respond(transport.stream(), r, config, {Transport::protocol, client, started},
            [&](const content::file_stream& file) {
                frame_file(r, file.identity(), now);
                return r.send_body && r.file.has_value();
            },
            [&] {
                reply gone = refuse({404, "Not found"}, now);  // gone since the site was built: close, as said
                gone.host = r.host;
                gone.path = r.path;
                r = std::move(gone);
            });
        transport.cork(false);  // pushes the reply out now: the next request waits for it
        const bool complete = sent.finished && !sent.cut && !sent.error;

        ++answered;
        if (!complete) {
            if (sent.file)  // the file changed under us
                transport.abort();
            co_return;
        }
        if (r.close) {
            refused_last = r.status >= 400;
            break;
        }
        buffer.erase(0, consumed);
    }
    co_await transport.finish(refused_last && !context.over_address_cap);
}

} // namespace

asio::awaitable<void> serve_http(tcp::socket socket, connection_context context, connection_slot slot)
{
    co_await serve_requests(tcp_transport{socket}, context, slot);
}

asio::awaitable<void> serve_https(tcp::socket socket, connection_context context, connection_slot slot)
{
    const runtime::runtime_state& state = *context.state;
    if (!state.https)
        co_return;
    // The client has spoken (see waiting_room): only now does the connection get TLS state.
    tls::tls_connection tls{std::move(socket), state.https->native_handle()};
    if (!tls)
        co_return;
    auto handshake = co_await (tls.handshake() || sleep_for(state.config.limit.handshake_timeout));
    if (handshake.index() == 1 || std::get<0>(handshake))
        co_return;  // scanners, plain-HTTP requests to the TLS port and stalled handshakes end here
    co_await serve_requests(tls_transport{tls}, context, slot);
}

} // namespace smolpub::http
