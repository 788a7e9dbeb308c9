// SPDX-License-Identifier: ISC
#pragma once
// gzip (RFC 1952) through zlib, for pages a client accepts compressed. Pure.
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::http {

/// `data` as one gzip member; nullopt if zlib fails (the page is then sent as it is).
std::optional<std::string> gzip_compress(std::string_view data);

/// True for MIME types worth compressing: text, XML, JSON, SVG.
bool is_compressible(std::string_view mime);

} // namespace smolpub::http
