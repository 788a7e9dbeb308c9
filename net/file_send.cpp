#include "net/file_send.hpp"

#include <array>
#include <string>

#include <asio/write.hpp>

namespace smolpub::server {

asio::awaitable<file_sent> send_file(tcp::socket& socket, std::string_view head, capsule::file_stream& file)
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
        if (chunk->empty() && (!first || head.empty()))
            co_return sent;
        const std::array buffers{asio::buffer(first ? head : std::string_view{}),
                                 asio::buffer(chunk->data(), chunk->size())};
        auto [ec, n] = co_await asio::async_write(socket, buffers, use_tuple);
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

void reset_connection(tcp::socket& socket)
{
    std::error_code ignored;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
}

} // namespace smolpub::server
