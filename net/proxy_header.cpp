// SPDX-License-Identifier: ISC
#include "net/proxy_header.hpp"
#include "text/ascii.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

#include <arpa/inet.h>

namespace smolpub::net::proxy {
namespace {

constexpr std::string_view v1_prefix = "PROXY ";
constexpr std::string_view v2_signature{"\r\n\r\n\0\r\nQUIT\n", 12};
/// The shortest v1 line is "PROXY UNKNOWN\r\n"; the shortest v2 header is its 16-byte
/// preamble. Reading 15 bytes first is therefore safe for both.
constexpr std::size_t min_v1_bytes = 15;
constexpr std::size_t v2_preamble_bytes = 16;

bool starts_like(std::string_view bytes, std::string_view prefix)
{
    const std::size_t n = std::min(bytes.size(), prefix.size());
    return bytes.substr(0, n) == prefix.substr(0, n);
}

/// A v1 port: decimal 0..65535 without leading zeros, as the spec writes them.
std::optional<unsigned short> parse_port(std::string_view text)
{
    if (text.size() > 1 && text.front() == '0')
        return std::nullopt;
    return text::parse_port(text);
}

/// An address of the family the line names, in inet_pton's strict form (no IPv6 scope).
std::optional<address> parse_address(std::string_view text, bool v6)
{
    if (text.empty() || text.size() > 64 || text.find('%') != std::string_view::npos)
        return std::nullopt;
    const std::string s{text};
    address a;
    a.v6 = v6;
    if (::inet_pton(v6 ? AF_INET6 : AF_INET, s.c_str(), a.bytes.data()) != 1)
        return std::nullopt;
    return a;
}

std::vector<std::string_view> split_spaces(std::string_view line)
{
    std::vector<std::string_view> fields;
    while (fields.size() < 8) {  // a valid line has 6; more is wrong anyway
        const auto space = line.find(' ');
        fields.push_back(line.substr(0, space));
        if (space == std::string_view::npos)
            break;
        line.remove_prefix(space + 1);
    }
    return fields;
}

/// "PROXY TCP4 <src> <dst> <sport> <dport>\r\n", "PROXY TCP6 ...", or "PROXY UNKNOWN ...".
parse_result parse_v1(std::string_view bytes)
{
    const auto lf = bytes.find('\n');
    if (lf == std::string_view::npos) {
        if (bytes.size() >= max_v1_bytes)
            return malformed{"PROXY v1 line longer than 107 bytes"};
        return incomplete{std::max(bytes.size() + 1, min_v1_bytes)};
    }
    if (lf + 1 > max_v1_bytes)
        return malformed{"PROXY v1 line longer than 107 bytes"};
    if (lf == 0 || bytes[lf - 1] != '\r')
        return malformed{"PROXY v1 line not ended by CRLF"};
    const std::string_view line = bytes.substr(0, lf - 1);
    if (line.find('\r') != std::string_view::npos)
        return malformed{"PROXY v1 line holds a bare CR"};
    const auto fields = split_spaces(line);
    if (fields.size() >= 2 && fields[1] == "UNKNOWN")
        return header{lf + 1, std::nullopt, 0};  // the spec: ignore the rest of the line
    if (fields.size() != 6 || (fields[1] != "TCP4" && fields[1] != "TCP6"))
        return malformed{"PROXY v1 line is not TCP4, TCP6 or UNKNOWN with four fields"};
    const bool v6 = fields[1] == "TCP6";
    const auto source = parse_address(fields[2], v6);
    const auto destination = parse_address(fields[3], v6);
    const auto source_port = parse_port(fields[4]);
    const auto destination_port = parse_port(fields[5]);
    if (!source || !destination || !source_port || !destination_port)
        return malformed{"PROXY v1 line has a bad address or port"};
    return header{lf + 1, source, *source_port};
}

/// The binary header: signature, version/command, family/transport, big-endian length,
/// then the address block (and TLVs, which we skip).
parse_result parse_v2(std::string_view bytes)
{
    if (bytes.size() < v2_preamble_bytes)
        return incomplete{v2_preamble_bytes};
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    const std::size_t length = (std::size_t{byte(14)} << 8) | byte(15);
    const std::size_t total = v2_preamble_bytes + length;
    if (byte(12) >> 4 != 2)
        return malformed{"PROXY v2 header with an unknown version"};
    const unsigned command = byte(12) & 0x0f;
    if (command > 1)
        return malformed{"PROXY v2 header with an unknown command"};
    if (total > max_v2_bytes)
        return malformed{"PROXY v2 header longer than we accept"};
    if (bytes.size() < total)
        return incomplete{total};

    // LOCAL: the proxy speaking for itself (health checks); the peer is the client.
    if (command == 0)
        return header{total, std::nullopt, 0};
    const std::uint8_t family = byte(13);
    const auto port_at = [&](std::size_t i) { return static_cast<unsigned short>((byte(i) << 8) | byte(i + 1)); };
    switch (family) {
    case 0x11: {  // TCP over IPv4: src(4) dst(4) sport(2) dport(2)
        if (length < 12)
            return malformed{"PROXY v2 TCP4 address block too short"};
        address src;
        std::memcpy(src.bytes.data(), bytes.data() + 16, 4);
        return header{total, src, port_at(24)};
    }
    case 0x21: {  // TCP over IPv6: src(16) dst(16) sport(2) dport(2)
        if (length < 36)
            return malformed{"PROXY v2 TCP6 address block too short"};
        address src{true, {}};
        std::memcpy(src.bytes.data(), bytes.data() + 16, 16);
        return header{total, src, port_at(48)};
    }
    case 0x00:  // UNSPEC
    case 0x12:  // UDP: not a stream we could be serving, but well-formed; no address to use
    case 0x22:
    case 0x31:  // UNIX stream/datagram: a path, not a client address
    case 0x32:
        return header{total, std::nullopt, 0};
    default:
        return malformed{"PROXY v2 header with an unknown address family"};
    }
}

} // namespace

std::string address::to_string() const
{
    char out[INET6_ADDRSTRLEN] = {};
    if (!::inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), out, sizeof out))
        return {};
    return out;
}

parse_result parse_header(std::string_view bytes)
{
    if (bytes.empty())
        return incomplete{min_v1_bytes};
    if (starts_like(bytes, v2_signature))
        return parse_v2(bytes);
    if (starts_like(bytes, v1_prefix))
        return parse_v1(bytes);
    return malformed{"not a PROXY protocol header"};
}

} // namespace smolpub::net::proxy
