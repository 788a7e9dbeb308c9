// SPDX-License-Identifier: ISC
// Case folding and ports, shared by every folder that reads protocol text.
#include <doctest/doctest.h>

#include "text/ascii.hpp"

using namespace smolpub::text;

TEST_CASE("ascii_lower folds only ASCII capitals and leaves UTF-8 bytes alone")
{
    CHECK(ascii_lower("GeMiNi://Example.ORG") == "gemini://example.org");
    CHECK(ascii_lower("ÉCOLE") == "École");  // É is two bytes above 0x7F: untouched
    CHECK(ascii_lower('Z') == 'z');
    CHECK(ascii_lower('[') == '[');
    CHECK(ascii_lower('@') == '@');
}

TEST_CASE("parse_port takes 0..65535 in plain decimal and nothing else")
{
    CHECK(parse_port("1965") == 1965);
    CHECK(parse_port("0") == 0);
    CHECK(parse_port("65535") == 65535);
    CHECK(parse_port("007") == 7);  // leading zeros are a caller's rule (PROXY v1 refuses them)
    CHECK_FALSE(parse_port("65536"));
    CHECK_FALSE(parse_port(""));
    CHECK_FALSE(parse_port("-1"));
    CHECK_FALSE(parse_port("+1"));
    CHECK_FALSE(parse_port(" 70"));
    CHECK_FALSE(parse_port("70 "));
    CHECK_FALSE(parse_port("99999999999"));
}
