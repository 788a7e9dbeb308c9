// SPDX-License-Identifier: ISC
#include "http/gzip.hpp"

#include <zlib.h>

namespace smolpub::http {

std::optional<std::string> gzip_compress(std::string_view data)
{
    z_stream z{};
    // 15 bits of window, +16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    std::string out;
    out.resize(deflateBound(&z, static_cast<uLong>(data.size())));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&z, Z_FINISH);
    const auto written = z.total_out;
    deflateEnd(&z);
    if (result != Z_STREAM_END)
        return std::nullopt;
    out.resize(written);
    return out;
}

bool is_compressible(std::string_view mime)
{
    return mime.starts_with("text/") || mime.find("xml") != std::string_view::npos ||
           mime.find("json") != std::string_view::npos;
}

} // namespace smolpub::http
