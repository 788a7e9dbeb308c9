#pragma once
// Sending a static file as a response body, chunk by chunk from one open descriptor
// (capsule::file_stream), over plain TCP (Gopher); tls/file_send.hpp does the same over TLS.
// A connection holds one chunk (at most 64 KiB) of a file at a time, whatever its size.
#include <cstddef>
#include <string_view>
#include <system_error>

#include "content/file_stream.hpp"
#include "net/io.hpp"

namespace smolpub::server {

struct file_sent {
    std::error_code error;  ///< the connection failed (the client went away)
    std::size_t bytes = 0;  ///< written, head included
    bool cut = false;       ///< the file changed or could not be read: the reply is incomplete,
                            ///< so the caller must end the connection without a clean close
};

/// Writes `head` and the whole file, the head and first chunk in one write, so that a
/// small file leaves as a small page does.
asio::awaitable<file_sent> send_file(tcp::socket& socket, std::string_view head, capsule::file_stream& file);

/// Closes `socket` with a reset (SO_LINGER 0), which a Gopher client cannot take for the
/// end of a complete reply, as it could a FIN.
void reset_connection(tcp::socket& socket);

} // namespace smolpub::server
