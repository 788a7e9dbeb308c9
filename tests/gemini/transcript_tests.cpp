// SPDX-License-Identifier: ISC
// gemini::handle as a transcript: request lines in, exact replies out, on the small fixture
// site of tests/site/site_fixture.hpp. No socket: the handler is the whole decision.
#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "gemini/handler.hpp"
#include "tests/site/site_fixture.hpp"
#include "tests/support/transcript.hpp"
#include "tests/support/verdict.hpp"

using namespace smolpub;

TEST_CASE("gemini::handle answers every request of tests/gemini/transcript.txt as written there")
{
    const std::vector<site::hosted_site> sites{{site::testing::sample_settings(), site::testing::sample_site()}};
    const auto file = std::filesystem::path{SMOLPUB_SOURCE_DIR} / "tests/gemini/transcript.txt";
    const auto cases = testing::read_transcript(file, "\n");
    REQUIRE(cases.size() >= 20);
    for (const auto& c : cases) {
        CAPTURE(c.line);
        CAPTURE(c.request);
        const gemini::reply r = gemini::handle({sites, true}, testing::verdict_of(c.admit), c.request, c.sni);
        const std::string reply = r.head + std::string{r.body_view()};
        if (c.whole)
            CHECK(reply == c.expected);
        else
            CHECK(reply.substr(0, c.expected.size()) == c.expected);
    }
}
