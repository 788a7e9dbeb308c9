// SPDX-License-Identifier: ISC
// The per-address connection counter behind limits.max_connections_per_address.
#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "net/address_cap.hpp"

using namespace smolpub::net;

namespace {

std::uint64_t key_of(const char* address) { return rate_key(asio::ip::make_address(address)); }

} // namespace

TEST_CASE("an address holds at most its cap of connections, and gets one back when one closes")
{
    auto counter = std::make_unique<address_counter>();
    const auto a = key_of("127.0.0.2");
    CHECK(counter->try_add(a, 3));
    CHECK(counter->try_add(a, 3));
    CHECK(counter->try_add(a, 3));
    CHECK_FALSE(counter->try_add(a, 3));
    CHECK(counter->count(a) == 3);  // a refusal leaves no count behind
    counter->remove(a);
    CHECK(counter->try_add(a, 3));
    CHECK_FALSE(counter->try_add(a, 3));
}

TEST_CASE("other addresses are not held back by a crowded one")
{
    auto counter = std::make_unique<address_counter>();
    const auto crowded = key_of("127.0.0.2");
    for (int i = 0; i < 32; ++i)
        REQUIRE(counter->try_add(crowded, 32));
    REQUIRE_FALSE(counter->try_add(crowded, 32));
    // A thousand other IPv4 clients each get their connection: a shared counter in one row
    // is not enough to refuse anyone.
    int refused = 0;
    for (unsigned i = 1; i <= 1000; ++i)
        refused += counter->try_add(rate_key(asio::ip::address_v4{0xc0000200u + i}), 32) ? 0 : 1;
    CHECK(refused == 0);
}

TEST_CASE("IPv6 clients are counted per /64, IPv4-mapped ones as their IPv4 address")
{
    auto counter = std::make_unique<address_counter>();
    CHECK(counter->try_add(key_of("2001:db8:1:2::1"), 2));
    CHECK(counter->try_add(key_of("2001:db8:1:2:ffff:ffff:ffff:fffe"), 2));
    CHECK_FALSE(counter->try_add(key_of("2001:db8:1:2:abcd::9"), 2));  // the same /64
    CHECK(counter->try_add(key_of("2001:db8:1:3::1"), 2));             // the next /64
    CHECK(counter->try_add(key_of("192.0.2.1"), 1));
    CHECK_FALSE(counter->try_add(key_of("::ffff:192.0.2.1"), 1));
}

TEST_CASE("a cap of 0 counts nothing as over")
{
    auto counter = std::make_unique<address_counter>();
    for (int i = 0; i < 100; ++i)
        CHECK(counter->try_add(key_of("127.0.0.2"), 0));
}

TEST_CASE("address_slot gives its connection back when it goes")
{
    auto counter = std::make_unique<address_counter>();
    const auto a = key_of("198.51.100.4");
    {
        REQUIRE(counter->try_add(a, 1));
        address_slot held{*counter, a};
        address_slot moved{std::move(held)};
        CHECK(moved);
        CHECK_FALSE(held);
        CHECK_FALSE(counter->try_add(a, 1));
    }
    CHECK(counter->count(a) == 0);
    CHECK(counter->try_add(a, 1));
}
