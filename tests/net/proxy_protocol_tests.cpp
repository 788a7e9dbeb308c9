// SPDX-License-Identifier: ISC
// The PROXY protocol parser: what a load balancer may put before the client's first byte.
#include <doctest/doctest.h>

#include <string>

#include "net/proxy_header.hpp"

using namespace smolpub::net::proxy;
using namespace std::string_literals;

namespace {

const std::string v2_signature{"\r\n\r\n\0\r\nQUIT\n", 12};

/// A v2 header: signature, version/command, family, big-endian length, then `block`.
std::string v2(unsigned char ver_cmd, unsigned char family, const std::string& block)
{
    std::string h = v2_signature;
    h += static_cast<char>(ver_cmd);
    h += static_cast<char>(family);
    h += static_cast<char>((block.size() >> 8) & 0xff);
    h += static_cast<char>(block.size() & 0xff);
    return h + block;
}

std::string bytes(std::initializer_list<int> values)
{
    std::string s;
    for (int v : values)
        s += static_cast<char>(v);
    return s;
}

header parsed(const std::string& input)
{
    const auto r = parse_header(input);
    REQUIRE_MESSAGE(std::holds_alternative<header>(r), "not a whole header: " << input.size() << " bytes");
    return std::get<header>(r);
}

bool is_malformed(const std::string& input) { return std::holds_alternative<malformed>(parse_header(input)); }

std::size_t wants(const std::string& input)
{
    const auto r = parse_header(input);
    REQUIRE(std::holds_alternative<incomplete>(r));
    return std::get<incomplete>(r).total;
}

} // namespace

TEST_CASE("v1 TCP4 and TCP6 lines give the client's address, and the header's exact length")
{
    const auto h = parsed("PROXY TCP4 192.0.2.7 198.51.100.1 56324 1965\r\n\x16\x03\x01"s);
    CHECK(h.length == 46);
    REQUIRE(h.source);
    CHECK(h.source->to_string() == "192.0.2.7");
    CHECK(h.source_port == 56324);

    const auto h6 = parsed("PROXY TCP6 2001:db8::7 2001:db8::1 65535 1965\r\n");
    REQUIRE(h6.source);
    CHECK(h6.source->is_v6());
    CHECK(h6.source->to_string() == "2001:db8::7");
    CHECK(h6.source_port == 65535);
}

TEST_CASE("v1 UNKNOWN is accepted without an address, whatever follows it on the line")
{
    CHECK_FALSE(parsed("PROXY UNKNOWN\r\n").source);
    const auto h = parsed("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\nrest");
    CHECK_FALSE(h.source);
    CHECK(h.length == std::string{"PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"}.size());
}

TEST_CASE("v1 lines that break the spec are malformed")
{
    CHECK(is_malformed("PROXY TCP4 192.0.2.7 198.51.100.1 56324 1965\n"));          // bare LF
    CHECK(is_malformed("PROXY TCP4 192.0.2.7 198.51.100.1 56324\r\n"));             // a field short
    CHECK(is_malformed("PROXY TCP4 192.0.2.7 198.51.100.1 56324 1965 x\r\n"));      // a field more
    CHECK(is_malformed("PROXY TCP4 2001:db8::7 2001:db8::1 1 2\r\n"));              // family mismatch
    CHECK(is_malformed("PROXY TCP6 192.0.2.7 198.51.100.1 1 2\r\n"));
    CHECK(is_malformed("PROXY TCP6 fe80::1%eth0 fe80::2 1 2\r\n"));                 // scope id
    CHECK(is_malformed("PROXY TCP4 192.0.2.300 198.51.100.1 1 2\r\n"));
    CHECK(is_malformed("PROXY TCP4 192.0.2.7 198.51.100.1 65536 2\r\n"));           // port range
    CHECK(is_malformed("PROXY TCP4 192.0.2.7 198.51.100.1 080 2\r\n"));             // leading zero
    CHECK(is_malformed("PROXY TCP4  192.0.2.7 198.51.100.1 1 2\r\n"));              // double space
    CHECK(is_malformed("PROXY UDP4 192.0.2.7 198.51.100.1 1 2\r\n"));
    CHECK(is_malformed("PROXY TCP4 192.0.2.7\r198.51.100.1 1 2\r\n"));               // bare CR
    CHECK(is_malformed("proxy TCP4 192.0.2.7 198.51.100.1 1 2\r\n"));               // case matters
    CHECK(is_malformed("GET / HTTP/1.1\r\n"));
    CHECK(is_malformed("\x16\x03\x01\x02\x00"s));                                   // TLS without a header
    CHECK(is_malformed("gemini://localhost/\r\n"));
}

TEST_CASE("a v1 line longer than 107 bytes is refused as soon as that is certain")
{
    const std::string long_line = "PROXY UNKNOWN " + std::string(93, 'x');  // 107 bytes, no LF yet
    REQUIRE(long_line.size() == max_v1_bytes);
    CHECK(is_malformed(long_line));
    CHECK(is_malformed(long_line + "\r\n"));
    // 105 bytes + CRLF = 107: the longest allowed.
    CHECK_FALSE(parsed("PROXY UNKNOWN " + std::string(91, 'x') + "\r\n").source);
}

TEST_CASE("a truncated v1 header asks for more, never for a byte past the header")
{
    CHECK(wants("") == 15);  // "PROXY UNKNOWN\r\n" is the shortest header of either version
    CHECK(wants("PRO") == 15);
    CHECK(wants("PROXY UNKNOWN\r") == 15);
    CHECK(wants("PROXY TCP4 192.0.2.7 198.51.") == 29);
    // Reading byte by byte as told reaches the whole header and stops exactly at its end.
    const std::string full = "PROXY TCP4 192.0.2.7 198.51.100.1 56324 1965\r\n";
    std::string got;
    for (int step = 0; step < 200; ++step) {
        const auto r = parse_header(got);
        if (std::holds_alternative<header>(r))
            break;
        REQUIRE(std::holds_alternative<incomplete>(r));
        const std::size_t total = std::get<incomplete>(r).total;
        REQUIRE(total <= full.size());
        got = full.substr(0, total);
    }
    CHECK(got == full);
}

TEST_CASE("v2 PROXY over TCP4 and TCP6 gives the source address and port")
{
    const std::string block4 = bytes({192, 0, 2, 7, 198, 51, 100, 1, 0xdc, 0x04, 0x07, 0xad});
    const auto h = parsed(v2(0x21, 0x11, block4) + "\x16\x03");
    CHECK(h.length == 28);
    REQUIRE(h.source);
    CHECK(h.source->to_string() == "192.0.2.7");
    CHECK(h.source_port == 0xdc04);

    std::string block6 = bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7});
    block6 += bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    block6 += bytes({0x01, 0xbb, 0x07, 0xad});
    const auto h6 = parsed(v2(0x21, 0x21, block6));
    REQUIRE(h6.source);
    CHECK(h6.source->to_string() == "2001:db8::7");
    CHECK(h6.source_port == 443);
    CHECK(h6.length == 16 + 36);
}

TEST_CASE("v2 TLVs after the addresses are skipped as part of the header")
{
    std::string block = bytes({10, 0, 0, 9, 10, 0, 0, 1, 0, 80, 0, 70});
    block += bytes({0x04, 0x00, 0x03, 'a', 'b', 'c'});  // PP2_TYPE_NOOP with 3 bytes
    const auto h = parsed(v2(0x21, 0x11, block));
    CHECK(h.length == 16 + block.size());
    REQUIRE(h.source);
    CHECK(h.source->to_string() == "10.0.0.9");
}

TEST_CASE("v2 LOCAL, UNSPEC and UNIX carry no client address: the peer is the client")
{
    CHECK_FALSE(parsed(v2(0x20, 0x00, "")).source);
    CHECK_FALSE(parsed(v2(0x20, 0x11, bytes({1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2}))).source);  // LOCAL ignores addresses
    CHECK_FALSE(parsed(v2(0x21, 0x00, "")).source);
    CHECK_FALSE(parsed(v2(0x21, 0x31, std::string(216, '\0'))).source);
}

TEST_CASE("v2 headers that break the spec, or are larger than we hold, are malformed")
{
    CHECK(is_malformed(v2(0x11, 0x11, std::string(12, '\1'))));  // version 1 in binary form
    CHECK(is_malformed(v2(0x22, 0x11, std::string(12, '\1'))));  // command 2
    CHECK(is_malformed(v2(0x21, 0x11, std::string(11, '\1'))));  // TCP4 block too short
    CHECK(is_malformed(v2(0x21, 0x21, std::string(35, '\1'))));  // TCP6 block too short
    CHECK(is_malformed(v2(0x21, 0x41, std::string(12, '\1'))));  // unknown family
    // Oversized: refused from the 16-byte preamble alone, before reading the body.
    std::string huge = v2_signature + bytes({0x21, 0x11, 0xff, 0xff});
    CHECK(is_malformed(huge));
    CHECK(is_malformed(v2(0x21, 0x11, std::string(max_v2_bytes - 16 + 1, '\1'))));
    CHECK_FALSE(parsed(v2(0x21, 0x11, std::string(max_v2_bytes - 16, '\1'))).length != max_v2_bytes);
    // A signature that goes wrong partway.
    CHECK(is_malformed("\r\n\r\n\0\r\nQUIX\n"s));
}

TEST_CASE("a truncated v2 header asks for the preamble, then for exactly its length")
{
    CHECK(wants("\r\n\r\n"s) == 16);
    CHECK(wants(v2_signature) == 16);
    const std::string full = v2(0x21, 0x11, bytes({192, 0, 2, 7, 198, 51, 100, 1, 0, 1, 0, 2}));
    CHECK(wants(full.substr(0, 15)) == 16);
    CHECK(wants(full.substr(0, 16)) == 28);
    CHECK(wants(full.substr(0, 27)) == 28);
    CHECK(parsed(full).length == 28);
}
