// SPDX-License-Identifier: ISC
#include "net/slab_pool.hpp"

#include <new>

#include <sys/mman.h>

namespace smolpub::net {

// Every block starts with a 16-byte header naming its chunk (nullptr: operator new), so
// deallocate needs no size and the payload stays 16-byte aligned.
struct slab_pool::chunk {
    chunk* prev = nullptr;
    chunk* next = nullptr;
    void* free = nullptr;       ///< freed blocks, linked through their payload
    std::size_t used = 0;       ///< blocks handed out now
    std::size_t carved = 0;     ///< blocks ever carved from the tail
    bool open = false;          ///< on the open list
};

namespace {

struct alignas(16) header {
    slab_pool::chunk* owner;
};

constexpr std::size_t stride = sizeof(header) + slab_pool::block_size;
constexpr std::size_t first_block = (sizeof(slab_pool::chunk) + 15) / 16 * 16;
constexpr std::size_t per_chunk = (slab_pool::chunk_bytes - first_block) / stride;

char* block_at(slab_pool::chunk* c, std::size_t i)
{
    return reinterpret_cast<char*>(c) + first_block + i * stride;
}

} // namespace

slab_pool::~slab_pool()
{
    // Only chunks with free blocks are listed; a full one still in use at exit is left to the
    // system, as its blocks may be freed later by objects that outlive us (they must not).
    while (open_) {
        chunk* c = open_;
        open_ = c->next;
        ::munmap(c, chunk_bytes);
    }
}

void* slab_pool::allocate(std::size_t bytes)
{
    if (bytes > block_size) {
        auto* h = static_cast<header*>(::operator new(sizeof(header) + bytes));
        h->owner = nullptr;
        return h + 1;
    }
    if (!open_) {
        void* mem = ::mmap(nullptr, chunk_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED)
            throw std::bad_alloc{};
        open_ = new (mem) chunk{};
        open_->open = true;
        ++chunks_;
    }
    chunk* c = open_;
    char* block;
    if (c->free) {
        block = static_cast<char*>(c->free) - sizeof(header);
        c->free = *static_cast<void**>(c->free);
    } else {
        block = block_at(c, c->carved++);
    }
    ++c->used;
    if (!c->free && c->carved == per_chunk) {  // full: off the open list
        open_ = c->next;
        if (open_)
            open_->prev = nullptr;
        c->next = c->prev = nullptr;
        c->open = false;
    }
    auto* h = reinterpret_cast<header*>(block);
    h->owner = c;
    return h + 1;
}

void slab_pool::deallocate(void* p) noexcept
{
    if (!p)
        return;
    header* h = static_cast<header*>(p) - 1;
    chunk* c = h->owner;
    if (!c) {
        ::operator delete(h);
        return;
    }
    *static_cast<void**>(p) = c->free;
    c->free = p;
    if (--c->used == 0 && chunks_ > 1) {  // empty, and not the last: back to the system
        if (c->open) {
            (c->prev ? c->prev->next : open_) = c->next;
            if (c->next)
                c->next->prev = c->prev;
        }
        --chunks_;
        ::munmap(c, chunk_bytes);
        return;
    }
    if (!c->open) {  // had been full: open again
        c->next = open_;
        c->prev = nullptr;
        if (open_)
            open_->prev = c;
        open_ = c;
        c->open = true;
    }
}

} // namespace smolpub::net
