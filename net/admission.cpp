// SPDX-License-Identifier: ISC
#include "net/admission.hpp"

#include <variant>

#include "net/proxy_protocol.hpp"

namespace smolpub::net {

using namespace asio::experimental::awaitable_operators;

asio::awaitable<bool> admit_connection(tcp::socket& socket, connection_context& context, const content::config& config,
                                       rate_limiter& limiter)
{
    if (config.proxy_protocol) {
        // The proxy sends its header at once; the handshake timeout bounds a client that
        // connected to us directly and waits for us to speak first.
        auto got = co_await (net::proxy::read_proxy_header(socket) || sleep_for(config.limit.handshake_timeout));
        if (got.index() == 1 || !std::get<0>(got))
            co_return false;
        if (const auto& header_source = std::get<0>(got)->source) {
            const asio::ip::address source = net::proxy::to_asio(*header_source);
            // A v4-mapped source is an IPv4 client; log it as one.
            context.address = source.is_v6() && source.to_v6().is_v4_mapped()
                                  ? asio::ip::address{asio::ip::make_address_v4(asio::ip::v4_mapped, source.to_v6())}
                                  : source;
            context.client = context.address.to_string();
        }
    }
    const content::limits& limits = config.limit;
    context.retry_after = limiter.admit(rate_key(context.address), rate_limiter::clock::now(), limits.rate_per_second,
                                        limits.rate_burst);
    co_return true;
}

} // namespace smolpub::net
