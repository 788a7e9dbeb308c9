// SPDX-License-Identifier: ISC
// SipHash-2-4 against the vectors of the paper (key 00 01 .. 0f, message 00 01 .. len-1).
#include <doctest/doctest.h>

#include <string>

#include "text/siphash.hpp"

using namespace smolpub::text;

namespace {

siphash_key paper_key()
{
    siphash_key k{};
    for (std::size_t i = 0; i < k.size(); ++i)
        k[i] = static_cast<std::uint8_t>(i);
    return k;
}

std::string counting(std::size_t n)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i)
        s += static_cast<char>(i);
    return s;
}

} // namespace

TEST_CASE("siphash24 gives the paper's values")
{
    CHECK(siphash24(paper_key(), "") == 0x726fdb47dd0e0e31ull);
    CHECK(siphash24(paper_key(), counting(15)) == 0xa129ca6149be45e5ull);
}

TEST_CASE("siphash24 depends on every key byte and on the length")
{
    const std::string address = "192.0.2.7";
    const std::uint64_t base = siphash24(paper_key(), address);
    for (std::size_t i = 0; i < 16; ++i) {
        siphash_key k = paper_key();
        k[i] ^= 1;
        CHECK(siphash24(k, address) != base);
    }
    CHECK(siphash24(paper_key(), counting(8)) != siphash24(paper_key(), counting(7)));
    CHECK(siphash24(paper_key(), std::string(8, '\0')) != siphash24(paper_key(), std::string(9, '\0')));
}
