// SPDX-License-Identifier: ISC
#pragma once
// Memory for the small, short-lived objects of the waiting room (list nodes, wait operations),
// kept apart from the process heap (issue 17). asio keeps one descriptor state per socket for
// reuse, allocated on the heap at accept; if every connection's other objects were allocated
// beside it, those long-lived states would sit on every page of a burst's memory and no page
// could be given back after it. Here the short-lived objects take 64 KiB chunks of their own
// (mmap), and a chunk goes back to the system when its last block is freed.
#include <cstddef>

namespace smolpub::net {

/// Equal-sized blocks carved from mmap'd chunks. Single-threaded. Larger requests fall back
/// to operator new. An empty chunk is unmapped at once, but for the last one, kept so that
/// a quiet server does not map and unmap a chunk per connection. Must outlive every block it
/// handed out (asio's pending operations included: declare it before the io_context).
class slab_pool {
public:
    static constexpr std::size_t block_size = 256;  ///< usable bytes per block
    static constexpr std::size_t chunk_bytes = 64 * 1024;

    slab_pool() = default;
    slab_pool(const slab_pool&) = delete;
    slab_pool& operator=(const slab_pool&) = delete;
    ~slab_pool();

    void* allocate(std::size_t bytes);
    void deallocate(void* p) noexcept;
    /// Chunks mapped now.
    std::size_t chunks() const { return chunks_; }

    struct chunk;

private:
    chunk* open_ = nullptr;  ///< chunks with a free block, a doubly linked list
    std::size_t chunks_ = 0;
};

/// A standard allocator over a slab_pool, for std::list and for asio handlers.
template <class T>
struct slab_allocator {
    using value_type = T;
    slab_pool* pool;

    explicit slab_allocator(slab_pool& p) noexcept : pool{&p} {}
    template <class U>
    slab_allocator(const slab_allocator<U>& other) noexcept : pool{other.pool} {}

    T* allocate(std::size_t n) { return static_cast<T*>(pool->allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t) noexcept { pool->deallocate(p); }
    template <class U>
    bool operator==(const slab_allocator<U>& other) const noexcept { return pool == other.pool; }
    template <class U>
    bool operator!=(const slab_allocator<U>& other) const noexcept { return pool != other.pool; }
};

} // namespace smolpub::net
