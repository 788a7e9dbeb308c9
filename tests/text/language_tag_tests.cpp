// SPDX-License-Identifier: ISC
// The BCP 47 shape that `lang` (front matter, site.lang) must have before it reaches a header.
#include <doctest/doctest.h>

#include <string>

#include "text/language_tag.hpp"

using smolpub::text::is_language_tag;

TEST_CASE("is_language_tag accepts the shapes of real tags")
{
    CHECK(is_language_tag("en"));
    CHECK(is_language_tag("de-CH"));
    CHECK(is_language_tag("zh-Hant-TW"));
    CHECK(is_language_tag("es-419"));
    CHECK(is_language_tag("x-klingon"));
    CHECK(is_language_tag("i-default"));
}

TEST_CASE("is_language_tag refuses anything that could break a header line")
{
    CHECK_FALSE(is_language_tag(""));
    CHECK_FALSE(is_language_tag("en\r\n20 text/html"));
    CHECK_FALSE(is_language_tag("en\n"));
    CHECK_FALSE(is_language_tag("en\t"));
    CHECK_FALSE(is_language_tag("en; charset=x"));
    CHECK_FALSE(is_language_tag("en US"));
    CHECK_FALSE(is_language_tag("en-"));
    CHECK_FALSE(is_language_tag("-en"));
    CHECK_FALSE(is_language_tag("en--US"));
    CHECK_FALSE(is_language_tag("e"));
    CHECK_FALSE(is_language_tag("12"));
    CHECK_FALSE(is_language_tag("en-abcdefghi"));
    CHECK_FALSE(is_language_tag(std::string(64, 'a')));
    CHECK_FALSE(is_language_tag("fr\xc3\xa9"));
}
