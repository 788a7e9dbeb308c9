// SPDX-License-Identifier: ISC
// The lock-free per-client rate limiter behind "44 slow down".
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "net/rate_limit.hpp"

using namespace smolpub::net;
using namespace std::chrono_literals;
using clock_type = rate_limiter::clock;

namespace {

std::uint64_t key(const char* address) { return rate_key(asio::ip::make_address(address)); }

} // namespace

TEST_CASE("a client gets its burst at once, then one request per interval")
{
    rate_limiter limiter{clock_type::time_point{}};
    const auto t0 = clock_type::time_point{} + 100s;
    const auto k = key("192.0.2.1");
    for (int i = 0; i < 5; ++i)
        CHECK_FALSE(limiter.admit(k, t0, 1.0, 5));
    const auto refused = limiter.admit(k, t0, 1.0, 5);
    REQUIRE(refused);
    CHECK(*refused == 1);
    // Refusals do not cost tokens: the client may come back when told.
    CHECK(limiter.admit(k, t0 + 500ms, 1.0, 5));
    CHECK_FALSE(limiter.admit(k, t0 + 1s, 1.0, 5));
    CHECK(limiter.admit(k, t0 + 1s, 1.0, 5));
    CHECK_FALSE(limiter.admit(k, t0 + 2s, 1.0, 5));
}

TEST_CASE("the wait in 44 is the whole seconds until the next request would pass")
{
    rate_limiter limiter{clock_type::time_point{}};
    const auto t0 = clock_type::time_point{} + 10s;
    const auto k = key("192.0.2.2");
    CHECK_FALSE(limiter.admit(k, t0, 0.1, 1));  // one request every 10 s
    const auto wait = limiter.admit(k, t0, 0.1, 1);
    REQUIRE(wait);
    CHECK(*wait == 10);
    const auto later = limiter.admit(k, t0 + 7500ms, 0.1, 1);
    REQUIRE(later);
    CHECK(*later == 3);  // 2.5 s rounds up
    CHECK_FALSE(limiter.admit(k, t0 + 10s, 0.1, 1));
}

TEST_CASE("clients are limited separately, IPv6 by /64 and IPv4-mapped as IPv4")
{
    rate_limiter limiter{clock_type::time_point{}};
    const auto t = clock_type::time_point{} + 1s;
    CHECK_FALSE(limiter.admit(key("192.0.2.1"), t, 1.0, 1));
    CHECK(limiter.admit(key("192.0.2.1"), t, 1.0, 1));
    CHECK_FALSE(limiter.admit(key("192.0.2.3"), t, 1.0, 1));
    CHECK(limiter.admit(key("::ffff:192.0.2.3"), t, 1.0, 1));

    CHECK_FALSE(limiter.admit(key("2001:db8:1:2::1"), t, 1.0, 1));
    CHECK(limiter.admit(key("2001:db8:1:2:ffff::9"), t, 1.0, 1));   // same /64
    CHECK_FALSE(limiter.admit(key("2001:db8:1:3::1"), t, 1.0, 1));  // another /64
    CHECK(key("0.0.0.1") != key("::1"));
}

TEST_CASE("rate 0 means unlimited")
{
    rate_limiter limiter;
    for (int i = 0; i < 1000; ++i)
        REQUIRE_FALSE(limiter.admit(key("192.0.2.9"), clock_type::now(), 0, 1));
}

TEST_CASE("memory stays fixed: a flood of addresses evicts idle entries, and a limited client stays limited")
{
    rate_limiter limiter{clock_type::time_point{}};
    auto t = clock_type::time_point{} + 1s;
    const auto hot = key("198.51.100.1");
    CHECK_FALSE(limiter.admit(hot, t, 1.0, 1));
    // A million other addresses, each seen once: each has a fresh bucket and is admitted,
    // except for the rare one that shares slot window and tag with an earlier address.
    // The table never grows.
    int refused = 0;
    for (std::uint32_t i = 0; i < 1'000'000; ++i)
        if (limiter.admit(rate_key(asio::ip::address_v4{0x0a000000u + i}), t, 1.0, 1))
            ++refused;
    CHECK(refused < 20);
    CHECK(sizeof limiter < 70'000);
    // The hot client still has a debt unless it was evicted; either way it is never
    // refused for longer than its own interval.
    if (auto wait = limiter.admit(hot, t, 1.0, 1))
        CHECK(*wait == 1);
    t += 1s;
    CHECK_FALSE(limiter.admit(hot, t, 1.0, 1));
}

TEST_CASE("many threads hammering one key admit exactly the burst")
{
    rate_limiter limiter{clock_type::time_point{}};
    const auto t = clock_type::time_point{} + 5s;
    const auto k = key("203.0.113.5");
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            for (int j = 0; j < 1000; ++j)
                if (!limiter.admit(k, t, 0.5, 50))
                    ++admitted;
        });
    for (auto& th : threads)
        th.join();
    CHECK(admitted.load() == 50);
}
