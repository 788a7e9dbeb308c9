#include "tls/file_send.hpp"

#include <string>

namespace smolpub::server {

asio::awaitable<file_sent> send_file(tls_connection& tls, std::string_view head, capsule::file_stream& file)
{
    file_sent sent;
    std::string buffer;
    bool first = true;
    while (true) {
        const auto chunk = file.next(buffer);
        if (!chunk) {
            sent.cut = true;
            co_return sent;
        }
        if (chunk->empty() && !first)
            co_return sent;
        auto [ec, n] = first ? co_await tls.write(head, *chunk) : co_await tls.write_more(*chunk);
        sent.bytes += n;
        if (ec) {
            sent.error = ec;
            co_return sent;
        }
        if (chunk->empty())
            co_return sent;
        first = false;
    }
}

} // namespace smolpub::server
