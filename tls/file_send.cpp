// SPDX-License-Identifier: ISC
#include "tls/file_send.hpp"

#include <string>

namespace smolpub::tls {

using net::file_sent;
using net::send_chunks;

asio::awaitable<file_sent> send_file(tls_connection& tls, std::string_view head, content::file_stream& file)
{
    return send_chunks(head, file, [&tls](bool first, std::string_view head_part, std::string_view chunk) {
        return first ? tls.write(head_part, chunk) : tls.write_more(chunk);
    });
}

} // namespace smolpub::tls
