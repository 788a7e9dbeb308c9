// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include "text/percent.hpp"

using namespace smolpub::text;

TEST_CASE("percent_decode keeps malformed escapes as typed")
{
    CHECK(percent_decode("caf%C3%A9") == "café");
    CHECK(percent_decode("100%") == "100%");
    CHECK(percent_decode("%4") == "%4");
    CHECK(percent_decode("%zz%41") == "%zzA");
    CHECK(percent_decode("a+b") == "a+b");
    CHECK(percent_decode("") == "");
}

TEST_CASE("percent_decode_strict refuses malformed escapes")
{
    CHECK(percent_decode_strict("a%2Fb") == "a/b");
    CHECK(percent_decode_strict("%00") == std::string{"\0", 1});
    CHECK(!percent_decode_strict("100%"));
    CHECK(!percent_decode_strict("%4"));
    CHECK(!percent_decode_strict("%g0"));
    CHECK(hex_digit_value('f') == 15);
    CHECK(hex_digit_value('G') == -1);
}

TEST_CASE("hex_of writes two digits a byte, with a separator between bytes if asked")
{
    const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    CHECK(hex_of(bytes) == "000fa5ff");
    CHECK(hex_of(bytes, upper_hex, ':') == "00:0F:A5:FF");
    CHECK(hex_of(std::span<const unsigned char>{}) == "");
}
