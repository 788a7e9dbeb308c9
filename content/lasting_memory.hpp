// SPDX-License-Identifier: ISC
#pragma once
// Memory for what outlives the snapshot that made it (issue 13). A reload builds a new
// snapshot beside the old one and then frees the old: its pages can go back to the system
// only if nothing that lives on sits among them. Packed texts and search entries do live
// on (every snapshot after shares those of the files that did not change), and if they were
// allocated on the heap, between the first snapshot's records, they would hold most of that
// snapshot's pages after it is gone: measured, 8-11 MB of VmRSS more after every other
// reload on a 10,000-article archive. So they take memory from this pool instead: chunks
// of their own, mapped from the system and unmapped when their last block is freed.
//
// Blocks are carved one after the other and not reused on their own; a chunk is reused
// or given back whole. That suits what lives here: made at a load, freed when the file
// changes, a few at a time.
#include <cstddef>
#include <memory>
#include <new>
#include <string>

namespace smolpub::content {

/// `bytes` from the pool, aligned for any type; throws std::bad_alloc. Thread-safe.
void* lasting_allocate(std::size_t bytes);
/// Gives back a block of `bytes` (the same count it was asked with). Thread-safe.
void lasting_deallocate(void* block, std::size_t bytes) noexcept;

/// What the pool holds from the system now.
struct lasting_usage {
    std::size_t chunks = 0;       ///< shared chunks mapped
    std::size_t large_blocks = 0; ///< blocks too large for a chunk, mapped one by one
    std::size_t mapped_bytes = 0; ///< of both
    std::size_t live_blocks = 0;  ///< handed out and not freed
};
lasting_usage lasting_pool_usage();

/// A standard allocator over the pool, for strings, containers and allocate_shared.
template <class T>
struct lasting_allocator {
    using value_type = T;

    lasting_allocator() noexcept = default;
    template <class U>
    lasting_allocator(const lasting_allocator<U>&) noexcept {}

    T* allocate(std::size_t n)
    {
        if (n > static_cast<std::size_t>(-1) / sizeof(T))
            throw std::bad_array_new_length{};
        return static_cast<T*>(lasting_allocate(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept { lasting_deallocate(p, n * sizeof(T)); }

    template <class U>
    bool operator==(const lasting_allocator<U>&) const noexcept { return true; }
};

/// A string kept in the pool.
using lasting_string = std::basic_string<char, std::char_traits<char>, lasting_allocator<char>>;

} // namespace smolpub::content
