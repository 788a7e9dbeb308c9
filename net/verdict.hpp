// SPDX-License-Identifier: ISC
#pragma once
// What admission decided about a connection, or about one request of it, as a value. The
// protocol handlers (gemini::handle, gopher::handle, http::answer) take it as an input and
// make every answer themselves, refusals included, so each is a line in a transcript test;
// the sessions only carry it from admission to the handler. Pure: no asio.
#include <cstddef>
#include <optional>

namespace smolpub::net {

struct verdict {
    enum class kind {
        serve,             ///< answer the request
        over_address_cap,  ///< the address already holds limits.max_connections_per_address
        over_capacity,     ///< more than limits.max_connections are live
        rate_limited,      ///< over limits.rate: `retry_after` seconds to wait
        too_long,          ///< the request line is longer than the protocol allows
    };
    kind what = kind::serve;
    unsigned retry_after = 0;  ///< rate_limited only

    bool serves() const { return what == kind::serve; }
    /// Decided before the request is read (cap, capacity), so not worth reading it.
    bool refuses_unread() const { return what == kind::over_address_cap || what == kind::over_capacity; }
    friend bool operator==(const verdict&, const verdict&) = default;
};

/// The verdict on a connection from what admission found: its address over its cap first,
/// then the server over its connection cap (`live` connections, this one included, against
/// `max_connections`), then the client over its request rate (`retry_after` set).
inline verdict judge(bool over_address_cap, std::size_t live, std::size_t max_connections,
                     std::optional<unsigned> retry_after)
{
    if (over_address_cap)
        return {verdict::kind::over_address_cap};
    if (live > max_connections)
        return {verdict::kind::over_capacity};
    if (retry_after)
        return {verdict::kind::rate_limited, *retry_after};
    return {};
}

} // namespace smolpub::net
