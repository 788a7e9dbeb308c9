// SPDX-License-Identifier: ISC
// The bounded page cache (site/page_cache.hpp): it never holds more than its limit,
// evicts the least recently used first, and a reload's retain() drops stale pages.
#include <doctest/doctest.h>

#include <string>

#include "site/page_cache.hpp"

using namespace smolpub::site;

namespace {

document page_of(std::size_t size, char fill = 'x') { return {"text/gemini", std::string(size, fill), {}}; }

} // namespace

TEST_CASE("the cache never holds more bytes than its limit")
{
    page_cache cache{10'000};
    for (int i = 0; i < 100; ++i) {
        cache.insert(page_cache::key('g', 1, "/p" + std::to_string(i)), page_of(1'000));
        CHECK(cache.bytes() <= cache.limit());
    }
    CHECK(cache.count() > 0);
    CHECK(cache.count() < 10);
    // A page larger than the whole cache is handed back but not kept.
    const auto big = cache.insert(page_cache::key('g', 1, "/big"), page_of(20'000));
    CHECK(big->body.size() == 20'000);
    CHECK(cache.find(page_cache::key('g', 1, "/big")) == nullptr);
    CHECK(cache.bytes() <= cache.limit());
}

TEST_CASE("the least recently used page goes first")
{
    const auto k = [](int i) { return page_cache::key('g', 7, "/p" + std::to_string(i)); };
    page_cache cache{3 * (1'000 + 300)};  // room for three 1,000-byte pages with their overhead
    cache.insert(k(1), page_of(1'000));
    cache.insert(k(2), page_of(1'000));
    cache.insert(k(3), page_of(1'000));
    REQUIRE(cache.count() == 3);
    CHECK(cache.find(k(1)));  // 1 is now the most recent: 2 is the oldest
    cache.insert(k(4), page_of(1'000));
    CHECK(cache.find(k(2)) == nullptr);
    CHECK(cache.find(k(1)));
    CHECK(cache.find(k(3)));
    CHECK(cache.find(k(4)));
    // A page handed out stays valid after it is evicted.
    const auto held = cache.find(k(1));
    cache.insert(k(5), page_of(1'000));
    cache.insert(k(6), page_of(1'000));
    cache.insert(k(7), page_of(1'000));
    CHECK(cache.find(k(1)) == nullptr);
    CHECK(held->body == std::string(1'000, 'x'));
}

TEST_CASE("keys tell views, fingerprints and paths apart, a second insert replaces the first")
{
    page_cache cache{1 << 20};
    cache.insert(page_cache::key('g', 1, "/a"), page_of(10, 'g'));
    cache.insert(page_cache::key('m', 1, "/a"), page_of(10, 'm'));
    cache.insert(page_cache::key('g', 2, "/a"), page_of(10, '2'));
    CHECK(cache.count() == 3);
    CHECK(cache.find(page_cache::key('g', 1, "/a"))->body == std::string(10, 'g'));
    CHECK(cache.find(page_cache::key('m', 1, "/a"))->body == std::string(10, 'm'));
    CHECK(cache.find(page_cache::key('g', 2, "/a"))->body == std::string(10, '2'));
    CHECK(cache.find(page_cache::key('g', 3, "/a")) == nullptr);
    const std::size_t before = cache.bytes();
    cache.insert(page_cache::key('g', 1, "/a"), page_of(10, 'h'));
    CHECK(cache.count() == 3);
    CHECK(cache.bytes() == before);
    CHECK(cache.find(page_cache::key('g', 1, "/a"))->body == std::string(10, 'h'));
}

TEST_CASE("retain drops what a reload no longer serves, set_limit shrinks at once")
{
    page_cache cache{1 << 20};
    for (int i = 0; i < 10; ++i)
        cache.insert(page_cache::key('g', static_cast<std::uint64_t>(i % 2), "/p" + std::to_string(i)), page_of(100));
    cache.retain([](std::string_view key) { return key == page_cache::key('g', 0, "/p4"); });
    CHECK(cache.count() == 1);
    CHECK(cache.find(page_cache::key('g', 0, "/p4")));
    cache.insert(page_cache::key('g', 0, "/p5"), page_of(100));
    cache.set_limit(350);
    CHECK(cache.count() == 1);
    CHECK(cache.find(page_cache::key('g', 0, "/p5")));  // the most recent one stays
    cache.set_limit(0);
    CHECK(cache.count() == 0);
    CHECK(cache.bytes() == 0);
}
