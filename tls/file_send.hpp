// SPDX-License-Identifier: ISC
#pragma once
// Sending a static file as a Gemini response body over TLS, chunk by chunk from one open
// descriptor: the TLS twin of net/file_send.hpp, with the same outcome type.
#include <string_view>

#include "content/file_stream.hpp"
#include "net/file_send.hpp"
#include "tls/connection.hpp"

namespace smolpub::tls {

/// Writes `head` and the whole file, the head and first chunk in one write (one TLS record
/// when they fit), so that a small file leaves as a small page does.
asio::awaitable<net::file_sent> send_file(tls_connection& tls, std::string_view head, content::file_stream& file);

/// Writes head and body (net::respond() writes a page through it).
inline asio::awaitable<std::tuple<std::error_code, std::size_t>> write_reply(tls_connection& tls, std::string_view head,
                                                                             std::string_view body)
{
    return tls.write(head, body);
}

} // namespace smolpub::tls
