// SPDX-License-Identifier: ISC
// The waiting room's block pool: blocks come back, chunks go back to the system.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <list>
#include <vector>

#include "net/slab_pool.hpp"

using namespace smolpub::net;

TEST_CASE("a slab pool hands out distinct aligned blocks and unmaps all but one chunk once they are freed")
{
    slab_pool pool;
    std::vector<void*> blocks;
    for (int i = 0; i < 5000; ++i) {  // many chunks' worth
        void* p = pool.allocate(200);
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(p) % 16 == 0);
        std::memset(p, i & 0xff, 200);  // writable, and must not overlap another block
        blocks.push_back(p);
    }
    CHECK(pool.chunks() > 10);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        CHECK(static_cast<unsigned char*>(blocks[i])[199] == (i & 0xff));
    // Free every other block first: no chunk is empty yet, so none goes.
    const std::size_t mapped = pool.chunks();
    for (std::size_t i = 0; i < blocks.size(); i += 2)
        pool.deallocate(blocks[i]);
    CHECK(pool.chunks() == mapped);
    for (std::size_t i = 1; i < blocks.size(); i += 2)
        pool.deallocate(blocks[i]);
    CHECK(pool.chunks() == 1);  // the last one is kept for the next connection
    // And is used again.
    void* again = pool.allocate(8);
    CHECK(pool.chunks() == 1);
    pool.deallocate(again);
}

TEST_CASE("a request larger than a block falls back to the heap, and a std::list can live in the pool")
{
    slab_pool pool;
    void* big = pool.allocate(slab_pool::block_size + 1);
    REQUIRE(big != nullptr);
    std::memset(big, 0, slab_pool::block_size + 1);
    CHECK(pool.chunks() == 0);
    pool.deallocate(big);

    std::list<int, slab_allocator<int>> values{slab_allocator<int>{pool}};
    for (int i = 0; i < 1000; ++i)
        values.push_back(i);
    CHECK(pool.chunks() >= 1);
    int sum = 0;
    for (int v : values)
        sum += v;
    CHECK(sum == 999 * 1000 / 2);
    values.clear();
    CHECK(pool.chunks() == 1);
}
