// SPDX-License-Identifier: ISC
#pragma once
// The PROXY protocol (HAProxy's proxy-protocol.txt, v1 text and v2 binary): the header a
// load balancer puts before the client's first byte to say who the client really is.
// Pure parsing, no asio (so it is fuzzed on its own: fuzz/fuzz_proxy.cpp); reading it off a
// socket is read_proxy_header() in net/proxy_protocol.hpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace smolpub::net::proxy {

/// The spec's limit for a v1 line, CRLF included.
inline constexpr std::size_t max_v1_bytes = 107;
/// Our limit for a whole v2 header: the 16-byte preamble plus addresses and TLVs. The spec
/// allows up to 64 KiB of TLVs, but no proxy we know of sends more than a few hundred bytes,
/// and everything we accept we have to hold.
inline constexpr std::size_t max_v2_bytes = 16 + 1024;

/// A client address as the header gives it: 4 bytes (IPv4) or 16 (IPv6), network order.
struct address {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};

    bool is_v6() const { return v6; }
    /// inet_ntop's form: "192.0.2.7", "2001:db8::7".
    std::string to_string() const;
};

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
    std::optional<address> source;
    unsigned short source_port = 0;
};

/// Why the bytes are not a PROXY header; the connection is then dropped unanswered.
struct malformed {
    std::string reason;
};

using parse_result = std::variant<incomplete, header, malformed>;

/// Looks at the first bytes of a connection. Pure: no I/O.
parse_result parse_header(std::string_view bytes);

} // namespace smolpub::net::proxy
