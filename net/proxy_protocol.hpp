#pragma once
// The PROXY protocol (HAProxy's proxy-protocol.txt, v1 text and v2 binary): the header a
// load balancer puts before the client's first byte to say who the client really is.
// Pure parsing here; reading it off a socket is read_proxy_header().
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>

#include "net/io.hpp"

namespace smolpub::net::proxy {

/// The spec's limit for a v1 line, CRLF included.
inline constexpr std::size_t max_v1_bytes = 107;
/// Our limit for a whole v2 header: the 16-byte preamble plus addresses and TLVs. The spec
/// allows up to 64 KiB of TLVs, but no proxy we know of sends more than a few hundred bytes,
/// and everything we accept we have to hold.
inline constexpr std::size_t max_v2_bytes = 16 + 1024;

/// Not enough bytes yet: the header is at least `total` bytes long. Reading exactly up to
/// `total` never consumes a byte past the header (the TLS ClientHello that follows).
struct incomplete {
    std::size_t total;
};

/// A whole header of `length` bytes. `source` is the client's address, or nullopt when the
/// proxy sent none (v1 UNKNOWN, v2 LOCAL health checks, UNIX or unspecified families):
/// then the connection's own peer is the client.
struct header {
    std::size_t length = 0;
    std::optional<asio::ip::address> source;
    unsigned short source_port = 0;
};

/// Why the bytes are not a PROXY header; the connection is then dropped unanswered.
struct malformed {
    std::string reason;
};

using parse_result = std::variant<incomplete, header, malformed>;

/// Looks at the first bytes of a connection. Pure: no I/O.
parse_result parse_header(std::string_view bytes);

/// Reads a header off `socket`, never past its end. nullopt for a socket error or a
/// malformed header. The caller bounds it with a timeout.
asio::awaitable<std::optional<header>> read_proxy_header(tcp::socket& socket);

} // namespace smolpub::net::proxy
