// SPDX-License-Identifier: ISC
#include "content/lasting_memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>

namespace smolpub::content {
namespace {

/// A chunk holds the blocks of about 500 packed articles; a text larger than a quarter of
/// one is mapped on its own, so that one large text does not leave most of a chunk unused.
constexpr std::size_t chunk_bytes = 256 * 1024;
constexpr std::size_t largest_in_chunk = chunk_bytes / 4;
constexpr std::size_t alignment = alignof(std::max_align_t);

constexpr std::size_t round_up(std::size_t n, std::size_t to)
{
    return (n + to - 1) / to * to;
}

/// At the start of every chunk. Chunks are aligned to their size, so a block finds its
/// chunk by rounding its address down.
struct chunk_header {
    std::size_t used = 0;  ///< bytes from the chunk's start that are carved
    std::size_t live = 0;  ///< blocks not freed
};
constexpr std::size_t first_block = round_up(sizeof(chunk_header), alignment);

std::size_t page_bytes()
{
    static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

void* map(std::size_t bytes)
{
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc{};
    return p;
}

class pool {
public:
    void* allocate(std::size_t bytes)
    {
        if (bytes > largest_in_chunk) {
            const std::size_t mapped = round_up(bytes, page_bytes());
            void* block = map(mapped);
            const std::lock_guard lock(mutex_);
            ++large_;
            large_bytes_ += mapped;
            ++live_;
            return block;
        }
        const std::size_t size = round_up(bytes == 0 ? 1 : bytes, alignment);
        const std::lock_guard lock(mutex_);
        if (open_ == nullptr || open_->used + size > chunk_bytes) {
            chunk_header* fresh = map_chunk();
            // The chunk it replaces goes back when its last block does, or now if it has none.
            if (open_ != nullptr && open_->live == 0)
                unmap_chunk(open_);
            open_ = fresh;
        }
        void* block = reinterpret_cast<char*>(open_) + open_->used;
        open_->used += size;
        ++open_->live;
        ++live_;
        return block;
    }

    void deallocate(void* block, std::size_t bytes) noexcept
    {
        if (bytes > largest_in_chunk) {
            const std::size_t mapped = round_up(bytes, page_bytes());
            ::munmap(block, mapped);
            const std::lock_guard lock(mutex_);
            --large_;
            large_bytes_ -= mapped;
            --live_;
            return;
        }
        auto* owner = reinterpret_cast<chunk_header*>(reinterpret_cast<std::uintptr_t>(block) & ~(chunk_bytes - 1));
        const std::lock_guard lock(mutex_);
        --live_;
        if (--owner->live > 0)
            return;
        if (owner == open_)
            owner->used = first_block;  // empty: carved again from its start
        else
            unmap_chunk(owner);
    }

    lasting_usage usage() const
    {
        const std::lock_guard lock(mutex_);
        return {chunks_, large_, chunks_ * chunk_bytes + large_bytes_, live_};
    }

private:
    /// A chunk aligned to its own size: twice that mapped, the ends cut off.
    chunk_header* map_chunk()
    {
        auto* raw = static_cast<char*>(map(2 * chunk_bytes));
        const auto start = reinterpret_cast<std::uintptr_t>(raw);
        const std::uintptr_t aligned = round_up(start, chunk_bytes);
        if (aligned > start)
            ::munmap(raw, aligned - start);
        if (const std::uintptr_t end = aligned + chunk_bytes; end < start + 2 * chunk_bytes)
            ::munmap(reinterpret_cast<void*>(end), start + 2 * chunk_bytes - end);
        auto* header = new (reinterpret_cast<void*>(aligned)) chunk_header{first_block, 0};
        ++chunks_;
        return header;
    }

    void unmap_chunk(chunk_header* chunk) noexcept
    {
        ::munmap(chunk, chunk_bytes);
        --chunks_;
    }

    mutable std::mutex mutex_;
    chunk_header* open_ = nullptr;  ///< where the next block is carved
    std::size_t chunks_ = 0;
    std::size_t large_ = 0, large_bytes_ = 0;
    std::size_t live_ = 0;
};

/// Never destroyed: blocks may still be freed while the program's statics are.
pool& the_pool()
{
    static pool* const instance = new pool;
    return *instance;
}

} // namespace

void* lasting_allocate(std::size_t bytes)
{
    return the_pool().allocate(bytes);
}

void lasting_deallocate(void* block, std::size_t bytes) noexcept
{
    the_pool().deallocate(block, bytes);
}

lasting_usage lasting_pool_usage()
{
    return the_pool().usage();
}

} // namespace smolpub::content
