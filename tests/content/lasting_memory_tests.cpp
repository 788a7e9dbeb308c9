// SPDX-License-Identifier: ISC
// The lasting pool (content/lasting_memory.hpp): what outlives a snapshot is kept in chunks
// of its own, and a chunk goes back to the system with its last block.
#include <doctest/doctest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "content/lasting_memory.hpp"
#include "content/packed_text.hpp"

using namespace smolpub::content;

namespace {

/// Whether the calling process has `p` mapped (mincore fails with ENOMEM on an unmapped page).
bool mapped(const void* p)
{
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    auto* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(p) / page * page);
    unsigned char in_core = 0;
    return ::mincore(start, 1, &in_core) == 0;
}

} // namespace

TEST_CASE("lasting pool: blocks are aligned, distinct and writable, and freeing them all gives their chunks back")
{
    const lasting_usage before = lasting_pool_usage();
    std::vector<std::pair<char*, std::size_t>> blocks;
    // About 3 MB in blocks of 1 to 600 bytes: more than ten chunks.
    for (std::size_t i = 0; i < 10'000; ++i) {
        const std::size_t size = 1 + (i * 37) % 600;
        auto* p = static_cast<char*>(lasting_allocate(size));
        CHECK(reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t) == 0);
        std::memset(p, static_cast<int>(i & 0xFF), size);
        blocks.emplace_back(p, size);
    }
    const lasting_usage full = lasting_pool_usage();
    CHECK(full.live_blocks == before.live_blocks + blocks.size());
    CHECK(full.chunks >= before.chunks + 10);
    // Nothing overlapped: every block still holds what was written into it.
    for (std::size_t i = 0; i < blocks.size(); ++i)
        for (std::size_t k = 0; k < blocks[i].second; ++k)
            REQUIRE(static_cast<unsigned char>(blocks[i].first[k]) == (i & 0xFF));
    // From a chunk filled in this test and no longer carved (the first may be shared with
    // blocks made before, the last is the one still carved).
    const char* middle = blocks[blocks.size() / 2].first;
    for (const auto& [p, size] : blocks)
        lasting_deallocate(p, size);
    const lasting_usage after = lasting_pool_usage();
    CHECK(after.live_blocks == before.live_blocks);
    // At most the chunk blocks are being carved from stays (emptied, ready for the next).
    CHECK(after.chunks <= before.chunks + 1);
    CHECK_FALSE(mapped(middle));
}

TEST_CASE("lasting pool: a chunk stays mapped while any one of its blocks is live")
{
    std::vector<void*> blocks;
    for (int i = 0; i < 4'000; ++i)  // 1 MB: four chunks, the middle ones full and no longer carved
        blocks.push_back(lasting_allocate(256));
    void* survivor = blocks[1'500];
    for (void* block : blocks)
        if (block != survivor)
            lasting_deallocate(block, 256);
    CHECK(mapped(survivor));
    std::memset(survivor, 1, 256);
    lasting_deallocate(survivor, 256);
    CHECK_FALSE(mapped(survivor));
}

TEST_CASE("lasting pool: a large block is mapped on its own and unmapped when freed")
{
    const lasting_usage before = lasting_pool_usage();
    constexpr std::size_t size = 3 << 20;
    auto* p = static_cast<char*>(lasting_allocate(size));
    std::memset(p, 7, size);
    CHECK(lasting_pool_usage().large_blocks == before.large_blocks + 1);
    CHECK(lasting_pool_usage().mapped_bytes >= before.mapped_bytes + size);
    lasting_deallocate(p, size);
    CHECK(lasting_pool_usage().large_blocks == before.large_blocks);
    CHECK_FALSE(mapped(p));
}

TEST_CASE("lasting pool: threads allocate and free at once without losing a block")
{
    const lasting_usage before = lasting_pool_usage();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([t] {
            std::vector<lasting_string> texts;
            for (int i = 0; i < 5'000; ++i)
                texts.emplace_back(std::string(20 + (i + t) % 100, static_cast<char>('a' + t)));
            for (const auto& text : texts)
                REQUIRE(text.find_first_not_of(static_cast<char>('a' + t)) == lasting_string::npos);
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(lasting_pool_usage().live_blocks == before.live_blocks);
}

TEST_CASE("packed texts live in the lasting pool, and give their memory back with the last holder")
{
    const lasting_usage before = lasting_pool_usage();
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "Paragraph " + std::to_string(i) + " of a text that packs well enough. ";
    auto packed = packed_text::pack(text);
    CHECK(lasting_pool_usage().live_blocks > before.live_blocks);
    auto shared = packed;  // another snapshot's record holding the same version
    packed.reset();
    CHECK(shared->unpack() == text);
    shared.reset();
    CHECK(lasting_pool_usage().live_blocks == before.live_blocks);
}
