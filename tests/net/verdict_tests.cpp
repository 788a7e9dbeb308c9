// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include "net/verdict.hpp"

using namespace smolpub::net;

TEST_CASE("judge puts the address cap before the server's cap, and both before the rate")
{
    using kind = verdict::kind;
    CHECK(judge(false, 1, 10, std::nullopt) == verdict{});
    CHECK(judge(false, 10, 10, std::nullopt).serves());  // this connection included: at the cap is still in
    CHECK(judge(false, 11, 10, std::nullopt) == verdict{kind::over_capacity});
    CHECK(judge(true, 11, 10, 5u) == verdict{kind::over_address_cap});
    CHECK(judge(false, 11, 10, 5u) == verdict{kind::over_capacity});
    CHECK(judge(false, 1, 10, 5u) == verdict{kind::rate_limited, 5});
    CHECK(judge(true, 1, 10, std::nullopt).refuses_unread());
    CHECK(judge(false, 11, 10, std::nullopt).refuses_unread());
    CHECK_FALSE(judge(false, 1, 10, 5u).refuses_unread());  // read first, so the client sees the answer
}
