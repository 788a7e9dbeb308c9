// SPDX-License-Identifier: ISC
#include "net/listener.hpp"
#include "text/ascii.hpp"

#include <cerrno>
#include <charconv>

#include <asio/ip/v6_only.hpp>
#include <asio/socket_base.hpp>

#include <sys/socket.h>

namespace smolpub::net {

tl::expected<tcp::endpoint, std::string> parse_listen_address(std::string_view text)
{
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
        return tl::unexpected("listen address '" + std::string{text} + "' needs a port (host:port)");
    std::string_view host = text.substr(0, colon), port_text = text.substr(colon + 1);
    const auto port = text::parse_port(port_text);
    if (!port)
        return tl::unexpected("listen address '" + std::string{text} + "' has an invalid port");
    if (host == "*")
        host = "0.0.0.0";
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::error_code bad;
    const auto address = asio::ip::make_address(std::string{host}, bad);
    if (bad)
        return tl::unexpected("listen address '" + std::string{text} + "': '" + std::string{host} +
                              "' is not an IP address");
    return tcp::endpoint{address, *port};
}

namespace {

std::string failure(const char* step, const tcp::endpoint& at, const std::error_code& ec)
{
    std::string text = std::string{"cannot "} + step + " " + at.address().to_string() + " port " +
                       std::to_string(at.port()) + ": " + ec.message();
    if (ec == asio::error::address_in_use)
        text += " (is another smolpub, or another server, running on it?)";
    return text;
}

/// Opens and binds (without listening) the way every smolpub socket is bound: address
/// reuse for restarts, v6-only IPv6, and SO_REUSEPORT only when `share_port`.
tl::expected<tcp::acceptor, std::string> bind_acceptor(asio::io_context& io, const tcp::endpoint& at, bool share_port)
{
    tcp::acceptor acceptor{io};
    std::error_code ec;
    auto fail = [&](const char* step) { return tl::unexpected(failure(step, at, ec)); };
    if (acceptor.open(at.protocol(), ec); ec)
        return fail("open");
    acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (share_port) {
        const int on = 1;
        if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) {
            ec = std::error_code{errno, std::system_category()};
            return fail("share (SO_REUSEPORT)");
        }
    }
    if (at.address().is_v6())
        acceptor.set_option(asio::ip::v6_only(true), ec);
    if (acceptor.bind(at, ec); ec)
        return fail("bind");
    return acceptor;
}

} // namespace

tl::expected<void, std::string> claim_port(const tcp::endpoint& at)
{
    asio::io_context io{1};
    auto probe = bind_acceptor(io, at, false);
    if (!probe)
        return tl::unexpected(probe.error());
    return {};
}

tl::expected<tcp::acceptor, std::string> open_acceptor(asio::io_context& io, const tcp::endpoint& at, bool share_port)
{
    auto acceptor = bind_acceptor(io, at, share_port);
    if (!acceptor)
        return acceptor;
    std::error_code ec;
    if (acceptor->listen(asio::socket_base::max_listen_connections, ec); ec)
        return tl::unexpected(failure("listen on", at, ec));
    return acceptor;
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::function<void(tcp::socket, tcp::endpoint)> start)
{
    tcp::endpoint peer;
    while (acceptor.is_open()) {
        auto [ec, socket] = co_await acceptor.async_accept(peer, use_tuple);
        if (!ec) {
            start(std::move(socket), peer);
            continue;
        }
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            break;
        // Out of descriptors or memory: the kernel keeps the queue; wait for sessions to end.
        co_await sleep_for(std::chrono::milliseconds{100});
    }
}

} // namespace smolpub::net
