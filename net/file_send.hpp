// SPDX-License-Identifier: ISC
#pragma once
// Sending a static file as a response body, chunk by chunk from one open descriptor
// (content::file_stream), over plain TCP (Gopher); tls/file_send.hpp does the same over TLS.
// A connection holds one chunk (at most 64 KiB) of a file at a time, whatever its size.
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "content/file_stream.hpp"
#include "net/io.hpp"
#include "net/off_loop.hpp"

namespace smolpub::net {

struct file_sent {
    std::error_code error;  ///< the connection failed (the client went away)
    std::size_t bytes = 0;  ///< written, head included
    bool cut = false;       ///< the file changed or could not be read: the reply is incomplete,
                            ///< so the caller must end the connection without a clean close
};

/// The loop both transports share: `write(first, head, chunk)` sends one chunk (with the head
/// when `first`) and returns (error, bytes written); an empty file sends the head alone.
/// Every read of the file is done off the event loop (net/off_loop.hpp).
template <class Write>
asio::awaitable<file_sent> send_chunks(std::string_view head, content::file_stream& file, Write write)
{
    file_sent sent;
    std::string buffer;
    for (bool first = true;; first = false) {
        // Not a ?: with co_await in one branch: GCC 12 destroys such a temporary twice.
        tl::expected<std::string_view, std::string> chunk;
        if (file.will_read())
            chunk = co_await off_loop([&] { return file.next(buffer); });
        else
            chunk = file.next(buffer);
        if (!chunk) {
            sent.cut = true;
            co_return sent;
        }
        if (chunk->empty() && (!first || head.empty()))
            co_return sent;
        auto [ec, n] = co_await write(first, head, *chunk);
        sent.bytes += n;
        if (ec) {
            sent.error = ec;
            co_return sent;
        }
        if (chunk->empty())
            co_return sent;
    }
}

/// Writes `head` and the whole file, the head and first chunk in one write, so that a
/// small file leaves as a small page does.
/// Opens a static file for a reply off the event loop: open(2) can block as a read can.
asio::awaitable<tl::expected<content::file_stream, std::string>> open_off_loop(const content::file_source& source);

asio::awaitable<file_sent> send_file(tcp::socket& socket, std::string_view head, content::file_stream& file);

/// Closes `socket` with a reset (SO_LINGER 0), which a Gopher client cannot take for the
/// end of a complete reply, as it could a FIN.
void reset_connection(tcp::socket& socket);

} // namespace smolpub::net
