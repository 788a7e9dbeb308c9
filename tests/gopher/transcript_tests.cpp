// SPDX-License-Identifier: ISC
// gopher::parse_selector + gopher::handle as a transcript: selector lines in, exact replies
// out, on the small fixture site of tests/site/site_fixture.hpp. No socket.
#include <doctest/doctest.h>

#include <filesystem>

#include "gopher/handler.hpp"
#include "tests/site/site_fixture.hpp"
#include "tests/support/transcript.hpp"
#include "tests/support/verdict.hpp"

using namespace smolpub;

TEST_CASE("gopher::handle answers every request of tests/gopher/transcript.txt as written there")
{
    const auto settings = site::testing::sample_settings();
    const auto site = site::testing::sample_site(settings);
    const auto file = std::filesystem::path{SMOLPUB_SOURCE_DIR} / "tests/gopher/transcript.txt";
    const auto cases = testing::read_transcript(file, "\r\n");
    REQUIRE(cases.size() >= 15);
    for (const auto& c : cases) {
        CAPTURE(c.line);
        CAPTURE(c.request);
        const auto r = gopher::handle(testing::verdict_of(c.admit), gopher::parse_selector(c.request), site, settings);
        const std::string reply = r.head + std::string{r.body_view()};
        if (c.whole)
            CHECK(reply == c.expected);
        else
            CHECK(reply.substr(0, c.expected.size()) == c.expected);
    }
}
