// SPDX-License-Identifier: ISC
#include "net/file_send.hpp"
#include "net/respond.hpp"

#include <array>
#include <string>

#include <asio/write.hpp>

namespace smolpub::net {

asio::awaitable<file_sent> send_file(tcp::socket& socket, std::string_view head, content::file_stream& file)
{
    return send_chunks(head, file, [&socket](bool first, std::string_view head_part, std::string_view chunk) {
        const std::array buffers{asio::buffer(first ? head_part : std::string_view{}), asio::buffer(chunk)};
        return asio::async_write(socket, buffers, use_tuple);
    });
}

asio::awaitable<tl::expected<content::file_stream, std::string>> open_off_loop(const content::file_source& source)
{
    co_return co_await off_loop([&source] { return content::file_stream::open(source); });
}

asio::awaitable<std::tuple<std::error_code, std::size_t>> write_reply(tcp::socket& socket, std::string_view head,
                                                                      std::string_view body)
{
    const std::array buffers{asio::buffer(head), asio::buffer(body)};
    co_return co_await asio::async_write(socket, buffers, use_tuple);
}

void reset_connection(tcp::socket& socket)
{
    std::error_code ignored;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
}

} // namespace smolpub::net
