// SPDX-License-Identifier: ISC
// loadgen: a bounded load generator for smolpub's Gemini and Gopher listeners, loopback only.
//
// Each thread owns an io_context, a client TLS context and its statistics; each connection slot
// is one coroutine that runs its transactions one after another and keeps its own TLS session
// for --resume. Nothing mutable is shared until the threads have joined and the stats are merged.
//
// --resume behaves as RFC 8446 C.4 asks of a client, as curl and OpenSSL's client cache do: a
// ticket is used once. A slot resumes only with a ticket that the server sent on the slot's
// previous connection (the new-session callback hands it over); a connection that brought no
// new ticket leaves the slot nothing to resume with, and its next handshake is a full one.
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "bench/loadgen_options.hpp"
#include "bench/loadgen_stats.hpp"

namespace smolpub::bench {
namespace {

using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using steady = std::chrono::steady_clock;
using tls_stream = asio::ssl::stream<tcp::socket>;
constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

struct session_free {
    void operator()(SSL_SESSION* s) const noexcept { SSL_SESSION_free(s); }
};
using session_ptr = std::unique_ptr<SSL_SESSION, session_free>;

/// The SSL ex_data slot that points at the connection's `session_ptr` for new tickets.
int fresh_ticket_index()
{
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

/// OpenSSL's new-session callback: keeps the newest ticket of this connection (returning 1
/// takes ownership). With TLS 1.3 it runs for each NewSessionTicket the server sends.
int on_new_ticket(SSL* ssl, SSL_SESSION* session)
{
    auto* fresh = static_cast<session_ptr*>(SSL_get_ex_data(ssl, fresh_ticket_index()));
    if (fresh == nullptr)
        return 0;
    fresh->reset(session);
    return 1;
}

/// How one transaction ended; an empty `error` is a success.
struct outcome {
    std::string error;
    std::uint64_t bytes = 0;
    bool resumed = false;
    bool offered = false;  ///< a session from the slot's previous connection was offered
};

/// Read-only for the whole run, shared by every slot.
struct plan {
    const options& opts;
    tcp::endpoint endpoint;
    bool send_sni = false;  ///< RFC 6066: no SNI for IP literals
    steady::time_point deadline;
};

/// Everything one thread owns.
struct worker {
    asio::io_context io{1};
    asio::ssl::context tls{asio::ssl::context::tls_client};
    thread_stats stats;
};

/// Gemini spec: the header is at most 2 + 1 + 1024 + 2 bytes; keep that much of the response to check it.
constexpr std::size_t max_header = 1029;

struct body_read {
    asio::error_code ec;  ///< eof on a clean end
    std::string head;
};

/// Reads until the peer ends the stream, counting bytes and keeping the first `max_header` of them.
template <class Stream>
asio::awaitable<body_read> read_to_end(Stream& stream, std::uint64_t& bytes)
{
    body_read r;
    std::array<char, 16 * 1024> buf;
    for (;;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(buf), use_tuple);
        bytes += n;
        if (r.head.size() < max_header)
            r.head.append(buf.data(), std::min(n, max_header - r.head.size()));
        if (ec) {
            r.ec = ec;
            co_return r;
        }
    }
}

/// "" when the header line is well formed and carries the expected status, else the error kind.
std::string check_header(const std::string& head, const std::string& expect_status)
{
    const auto crlf = head.find("\r\n");
    if (crlf == std::string::npos || crlf < 2 || !std::isdigit(static_cast<unsigned char>(head[0])) ||
        !std::isdigit(static_cast<unsigned char>(head[1])))
        return "bad header";
    if (head.compare(0, 2, expect_status) != 0)
        return "status " + head.substr(0, 2);
    return {};
}

asio::awaitable<outcome> gemini_once(asio::ssl::context& tls, const plan& p, session_ptr& last_session)
{
    outcome out;
    session_ptr fresh_ticket;  // declared before the stream: it outlives the SSL that points at it
    tls_stream stream(co_await asio::this_coro::executor, tls);
    if (auto [ec] = co_await stream.next_layer().async_connect(p.endpoint, use_tuple); ec) {
        out.error = "connect";
        co_return out;
    }
    asio::error_code ignored;
    // --nagle leaves Nagle on: the request below is then a second small write after the
    // Finished, which the kernel holds until the server has acknowledged the Finished.
    if (!p.opts.nagle)
        stream.next_layer().set_option(tcp::no_delay(true), ignored);

    SSL* ssl = stream.native_handle();
    if (p.send_sni)
        SSL_set_tlsext_host_name(ssl, p.opts.where.host.c_str());
    SSL_set_ex_data(ssl, fresh_ticket_index(), &fresh_ticket);
    if (last_session) {
        SSL_set_session(ssl, last_session.get());
        out.offered = true;
    }
    last_session.reset();  // offered once, never again (RFC 8446 C.4)
    if (auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple); ec) {
        out.error = "handshake";
        co_return out;
    }
    out.resumed = SSL_session_reused(ssl) == 1;

    const std::string request = p.opts.where.url + "\r\n";
    if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(request), use_tuple); ec) {
        out.error = "write";
        co_return out;
    }
    const body_read body = co_await read_to_end(stream, out.bytes);
    // Gemini spec: the server ends the response with a TLS close_notify; a bare TCP close
    // (stream_truncated) means the client cannot tell a complete body from a cut one.
    if (body.ec == asio::ssl::error::stream_truncated) {
        out.error = "no close_notify";
        co_return out;
    }
    if (body.ec != asio::error::eof) {
        out.error = "read";
        co_return out;
    }
    out.error = check_header(body.head, p.opts.expect_status);

    // TLS 1.3 tickets arrive after the handshake, so by now, after the whole response, the
    // callback has seen every ticket of this connection. Each slot resumes only its own.
    if (p.opts.resume)
        last_session = std::move(fresh_ticket);
    // The server's close_notify is in, so this only sends ours; it does not wait.
    co_await stream.async_shutdown(use_tuple);
    co_return out;
}

asio::awaitable<outcome> gopher_once(const plan& p)
{
    outcome out;
    tcp::socket socket(co_await asio::this_coro::executor);
    if (auto [ec] = co_await socket.async_connect(p.endpoint, use_tuple); ec) {
        out.error = "connect";
        co_return out;
    }
    // No TCP_NODELAY: the request is one small write on an idle connection, which Nagle
    // never holds back, so the option would only cost a system call per request. --nagle
    // sends the CRLF as a second write, which Nagle holds until the selector is acknowledged.
    const std::string request = p.opts.where.selector + "\r\n";
    const std::size_t first = p.opts.nagle ? p.opts.where.selector.size() : request.size();
    for (const auto part : {asio::buffer(request.data(), first), asio::buffer(request.data() + first, request.size() - first)}) {
        if (part.size() == 0)
            continue;
        if (auto [ec, n] = co_await asio::async_write(socket, part, use_tuple); ec) {
            out.error = "write";
            co_return out;
        }
    }
    const body_read body = co_await read_to_end(socket, out.bytes);
    if (body.ec != asio::error::eof)
        out.error = "read";
    else if (out.bytes == 0)
        out.error = "empty response";
    co_return out;
}

/// HTTP (issue 26): a slot's connection, kept across requests with --keepalive N > 1.
struct http_conn {
    std::optional<tcp::socket> socket;
    std::string buffer;     ///< bytes read past the previous response (none from a well-behaved server)
    std::uint64_t used = 0; ///< requests sent on this connection
};

/// Case-insensitive: does `line` start with the header name `name` (given in lower case)?
bool header_is(std::string_view line, std::string_view name)
{
    if (line.size() < name.size())
        return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i])
            return false;
    }
    return true;
}

/// One HTTP/1.1 request and its response, read by Content-Length. Opens the slot's connection
/// when it has none, and drops it after the last request of --keepalive, on `Connection: close`
/// and on any error.
asio::awaitable<outcome> http_once(const plan& p, http_conn& c)
{
    outcome out;
    const auto fail = [&](const char* what) {
        out.error = what;
        c.socket.reset();
    };
    if (!c.socket) {
        c.socket.emplace(co_await asio::this_coro::executor);
        c.buffer.clear();
        c.used = 0;
        if (auto [ec] = co_await c.socket->async_connect(p.endpoint, use_tuple); ec) {
            fail("connect");
            co_return out;
        }
        asio::error_code ignored;
        c.socket->set_option(tcp::no_delay(true), ignored);
    }
    const bool last = ++c.used >= p.opts.keepalive;
    const std::string host = p.opts.where.host.find(':') != std::string::npos ? "[" + p.opts.where.host + "]" : p.opts.where.host;
    const std::string request = "GET " + p.opts.where.path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(p.opts.where.port) +
                                "\r\nUser-Agent: smolpub-loadgen\r\n" + (last ? "Connection: close\r\n" : "") + "\r\n";
    if (auto [ec, n] = co_await asio::async_write(*c.socket, asio::buffer(request), use_tuple); ec) {
        fail("write");
        co_return out;
    }
    std::array<char, 16 * 1024> buf;
    std::size_t head_end = std::string::npos;
    for (int reads = 0; (head_end = c.buffer.find("\r\n\r\n")) == std::string::npos; ++reads) {
        if (c.buffer.size() > 64 * 1024 || reads > 1000) {
            fail("header too long");
            co_return out;
        }
        auto [ec, n] = co_await c.socket->async_read_some(asio::buffer(buf), use_tuple);
        c.buffer.append(buf.data(), n);
        if (ec && c.buffer.find("\r\n\r\n") == std::string::npos) {
            fail(c.buffer.empty() ? "closed before response" : "read");
            co_return out;
        }
    }
    const std::string_view head(c.buffer.data(), head_end + 2);
    // "HTTP/1.1 200 OK"
    if (head.size() < 12 || !head.starts_with("HTTP/1.") || head[8] != ' ') {
        fail("bad status line");
        co_return out;
    }
    std::optional<std::uint64_t> length;
    bool close = last;
    for (std::size_t at = head.find("\r\n") + 2; at < head.size();) {
        const std::size_t eol = head.find("\r\n", at);
        const std::string_view line = head.substr(at, eol - at);
        at = eol + 2;
        if (header_is(line, "content-length:")) {
            std::uint64_t n = 0;
            std::size_t i = 15;
            while (i < line.size() && line[i] == ' ')
                ++i;
            bool digits = i < line.size();
            for (; i < line.size() && digits; ++i) {
                digits = std::isdigit(static_cast<unsigned char>(line[i])) != 0 && n < (1ull << 40);
                n = n * 10 + static_cast<std::uint64_t>(line[i] - '0');
            }
            if (!digits) {
                fail("bad content-length");
                co_return out;
            }
            length = n;
        } else if (header_is(line, "connection:") && line.find("close") != std::string_view::npos) {
            close = true;
        }
    }
    if (!length) {
        fail("no content-length");
        co_return out;
    }
    const std::uint64_t total = head_end + 4 + *length;
    const std::string status(head.substr(9, 3));
    while (c.buffer.size() < total) {
        auto [ec, n] = co_await c.socket->async_read_some(asio::buffer(buf), use_tuple);
        c.buffer.append(buf.data(), n);
        if (ec && c.buffer.size() < total) {
            fail("short body");
            co_return out;
        }
    }
    out.bytes = total;
    c.buffer.erase(0, total);
    if (status != p.opts.expect_status)
        out.error = "status " + status;
    if (close) {
        asio::error_code ignored;
        c.socket->shutdown(tcp::socket::shutdown_both, ignored);
        c.socket.reset();
    }
    co_return out;
}

/// `quota` transactions in a row, each made by `once()` and bounded by the request timeout,
/// none started after the deadline; `timed_out()` runs after one that timed out.
template <class Once, class TimedOut>
asio::awaitable<void> run_transactions(worker& w, const plan& p, std::uint64_t quota, Once once, TimedOut timed_out)
{
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (std::uint64_t i = 0; i < quota && steady::now() < p.deadline; ++i) {
        const auto start = steady::now();
        timer.expires_after(p.opts.request_timeout);
        // as_tuple: the timer loses almost every race, and a cancelled use_awaitable wait
        // would throw; one exception per request cost the client ~5 % of its CPU.
        auto raced = co_await (once() || timer.async_wait(use_tuple));
        const auto took = std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - start);

        if (raced.index() == 1) {
            timed_out();
            ++w.stats.errors["timeout"];
            continue;
        }
        const outcome& out = std::get<0>(raced);
        w.stats.bytes += out.bytes;
        w.stats.resumed += out.resumed ? 1 : 0;
        w.stats.offered += out.offered ? 1 : 0;
        if (out.error.empty())
            w.stats.latencies_us.push_back(static_cast<std::uint64_t>(took.count()));
        else
            ++w.stats.errors[out.error];
    }
}

/// An HTTP slot: `quota` requests, over new or kept-alive connections (one that timed out is
/// dropped).
asio::awaitable<void> run_http_slot(worker& w, const plan& p, std::uint64_t quota)
{
    http_conn conn;
    co_await run_transactions(
        w, p, quota, [&] { return http_once(p, conn); }, [&] { conn.socket.reset(); });
}

/// A Gemini or Gopher slot: `quota` transactions, a connection each.
asio::awaitable<void> run_slot(worker& w, const plan& p, std::uint64_t quota)
{
    session_ptr last_session;
    co_await run_transactions(
        w, p, quota,
        [&] { return p.opts.where.gopher ? gopher_once(p) : gemini_once(w.tls, p, last_session); }, [] {});
}

/// The endpoint to load, resolved once up front; only loopback addresses are accepted, so that
/// a "localhost" that resolves elsewhere cannot turn this into a tool against other hosts.
tl::expected<tcp::endpoint, std::string> resolve_loopback(const target& t)
{
    asio::io_context io;
    tcp::resolver resolver(io);
    asio::error_code ec;
    const auto results = resolver.resolve(t.host, std::to_string(t.port), ec);
    if (ec)
        return tl::unexpected("cannot resolve " + t.host + ": " + ec.message());
    for (const auto& entry : results) {
        if (entry.endpoint().address().is_loopback())
            return entry.endpoint();
    }
    return tl::unexpected(t.host + " does not resolve to a loopback address");
}

summary run(const options& opts, const tcp::endpoint& endpoint)
{
    std::error_code not_ip;
    asio::ip::make_address(opts.where.host, not_ip);

    std::vector<std::unique_ptr<worker>> workers;
    for (unsigned t = 0; t < opts.threads; ++t) {
        auto w = std::make_unique<worker>();
        // Self-signed certificates are the norm in Geminispace (clients pin them on first use);
        // a load generator measures the server, it does not judge its certificate.
        w->tls.set_verify_mode(asio::ssl::verify_none);
        SSL_CTX_set_min_proto_version(w->tls.native_handle(), TLS1_2_VERSION);
        // Client caching, but no internal store: the slots keep their tickets themselves.
        SSL_CTX_set_session_cache_mode(w->tls.native_handle(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(w->tls.native_handle(), on_new_ticket);
        workers.push_back(std::move(w));
    }

    const auto start = steady::now();
    const plan p{opts, endpoint, static_cast<bool>(not_ip), start + opts.duration};
    for (unsigned slot = 0; slot < opts.concurrency; ++slot) {
        // The request budget is split up front, so slots never coordinate while running.
        const std::uint64_t quota = opts.max_requests / opts.concurrency + (slot < opts.max_requests % opts.concurrency ? 1 : 0);
        if (quota == 0)
            continue;
        worker& w = *workers[slot % workers.size()];
        asio::co_spawn(w.io, opts.where.http ? run_http_slot(w, p, quota) : run_slot(w, p, quota), [&w](std::exception_ptr e) {
            if (!e)
                return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                ++w.stats.errors[std::string("exception: ") + ex.what()];
            }
        });
    }

    std::vector<std::thread> threads;
    for (auto& w : workers)
        threads.emplace_back([&io = w->io] { io.run(); });
    for (auto& t : threads)
        t.join();
    const auto elapsed = steady::now() - start;

    thread_stats all;
    for (auto& w : workers)
        all.merge(std::move(w->stats));
    return summarize(all, elapsed, opts.where.url, opts.concurrency, opts.threads);
}

} // namespace
} // namespace smolpub::bench

int main(int argc, char** argv)
{
    using namespace smolpub::bench;
    const auto opts = parse_options(argc, argv);
    if (!opts) {
        std::cerr << opts.error() << (opts.error().back() == '\n' ? "" : "\n");
        return 2;
    }
    const auto endpoint = resolve_loopback(opts->where);
    if (!endpoint) {
        std::cerr << "loadgen: " << endpoint.error() << '\n';
        return 2;
    }

    const summary result = run(*opts, *endpoint);
    std::cout << to_table(result);
    if (opts->json_file) {
        std::ofstream json(*opts->json_file);
        json << to_json(result);
        if (!json.flush()) {
            std::cerr << "loadgen: cannot write " << *opts->json_file << '\n';
            return 1;
        }
    }
    return result.failed == 0 && result.ok > 0 ? 0 : 1;
}
