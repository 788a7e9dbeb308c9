// SPDX-License-Identifier: ISC
#pragma once
// The one reply shape of every protocol, and the one respond() that writes it: the static
// file opened off the loop (with the protocol's answer when it is gone), the write budget,
// the write itself (a page, or a file chunk by chunk) and the access-log line. The sessions
// differ only in how they read a request and how they close; net::reply is what their pure
// handlers make (gemini::reply and gopher::reply are this type; http::reply adds what HTTP
// frames after the file is opened).
// A standard header first: see gemini/session.hpp.
#include <cstddef>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

#include <asio/awaitable.hpp>

#include "content/file_stream.hpp"
#include "content/settings.hpp"
#include "net/access_log.hpp"
#include "net/file_send.hpp"
#include "net/io.hpp"
#include "net/reply.hpp"

namespace smolpub::net {

/// How a reply went out.
struct sent {
    std::size_t bytes = 0;  ///< written, head included
    bool finished = false;  ///< the write ended within its budget
    bool cut = false;       ///< a file changed or could not be read mid-reply: incomplete
    bool file = false;      ///< the body was a file streamed from the disk
    std::error_code error;  ///< the connection failed
};

/// Who asked, for the access-log line respond() writes.
struct asker {
    std::string_view protocol;  ///< "gemini", "gopher", "http"
    std::string_view client;    ///< address as text
    std::chrono::steady_clock::time_point started;
};

/// The time a reply of `bytes` may take: a reader must take at least
/// limits.write_floor_bytes_per_second, so a stalled one frees its slot.
inline std::chrono::steady_clock::duration write_budget(const content::limits& limits, std::uint64_t bytes)
{
    const auto floor = std::max<std::size_t>(limits.write_floor_bytes_per_second, 1);
    return limits.request_timeout + std::chrono::seconds{bytes / floor};
}

/// Writes head and body over TCP in one write.
asio::awaitable<std::tuple<std::error_code, std::size_t>> write_reply(tcp::socket& socket, std::string_view head,
                                                                      std::string_view body);

/// Writes `r` on `stream` (a tcp::socket, or a tls::tls_connection: write_reply and send_file
/// are found for it) and logs it. A static file is opened now, off the loop (open(2) can block),
/// once for the whole reply, so a file replaced meanwhile is still sent whole, as it was:
/// `opened(file)` then frames what the protocol frames from the file as opened and says
/// whether to send it; `missing()` turns `r` into the protocol's answer when it is gone.
template <class Stream, class Opened, class Missing>
asio::awaitable<sent> respond(Stream& stream, reply& r, const content::config& config, const asker& who,
                              Opened opened, Missing missing)
{
    std::optional<content::file_stream> file;
    if (r.file) {
        auto got = co_await open_off_loop(*r.file);
        if (got) {
            file.emplace(std::move(*got));
            if (!opened(*file))
                file.reset();
        } else {
            missing();
        }
    }
    const std::string_view body = r.send_body ? r.body_view() : std::string_view{};
    const auto budget = write_budget(config.limit, r.head.size() + (file ? file->size() : body.size()));
    using namespace asio::experimental::awaitable_operators;
    sent out;
    out.file = file.has_value();
    if (file) {
        auto done = co_await (send_file(stream, r.head, *file) || sleep_for(budget));
        if (done.index() == 0) {
            const file_sent& f = std::get<0>(done);
            out = {f.bytes, true, f.cut, true, f.error};
        }
    } else {
        auto done = co_await (write_reply(stream, r.head, body) || sleep_for(budget));
        if (done.index() == 0)
            out = {std::get<1>(std::get<0>(done)), true, false, false, std::get<0>(std::get<0>(done))};
    }
    if (config.access_log)
        log_access({who.client, who.protocol, r.host, r.path, r.status, out.bytes,
                    std::chrono::steady_clock::now() - who.started},
                   config.log_addresses);
    co_return out;
}

} // namespace smolpub::net

