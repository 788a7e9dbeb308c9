// SPDX-License-Identifier: ISC
#include "render/cmark_arena.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace smolpub::render {
namespace {

// cmark_mem's hooks carry no context pointer, hence one current arena per thread.
thread_local cmark_arena* current_arena = nullptr;

// Blocks start small (a comment or a short article needs little) and double up to
// 1 MiB, so small documents do not pay for a large allocation they never use.
constexpr std::size_t max_block_size = std::size_t{1} << 20;
// Larger requests are cmark's growing text buffers; they go to malloc so that
// realloc can grow them in place instead of copying within the arena.
constexpr std::size_t large_size = 16 * 1024;

// Every allocation starts with a header that records its size (for realloc) and
// whether it came from malloc. 16 bytes keeps the payload aligned like malloc's.
struct alignas(16) header {
    std::size_t size;
    bool large;
};
static_assert(sizeof(header) == 16);

header* header_of(void* p) { return static_cast<header*>(p) - 1; }

[[noreturn]] void out_of_memory()
{
    // cmark itself aborts when calloc fails (cmark_mem contract: never returns null).
    std::abort();
}

} // namespace

void cmark_arena::block_deleter::operator()(std::byte* p) const noexcept { std::free(p); }

cmark_arena::cmark_arena()
    : previous_(current_arena), mem_{&calloc_hook, &realloc_hook, &free_hook}
{
    current_arena = this;
}

cmark_arena::~cmark_arena()
{
    for (void* p : large_)
        std::free(p);
    current_arena = previous_;
}

void* cmark_arena::allocate(std::size_t size, bool zeroed)
{
    if (size >= large_size)
        return allocate_large(size);
    const std::size_t needed = sizeof(header) + ((size + 15) & ~std::size_t{15});
    if (needed > left_)
        start_block();
    auto* h = reinterpret_cast<header*>(cursor_);
    cursor_ += needed;
    left_ -= needed;
    *h = {size, false};
    if (zeroed)
        std::memset(h + 1, 0, size);  // cmark asks for calloc semantics
    return h + 1;
}

// allocate_large and start_block are out of line: cmark allocates a million times
// per 10 MB, and allocate's fast path stays small without them (no register spills).
void* cmark_arena::allocate_large(std::size_t size)
{
    auto* h = static_cast<header*>(std::calloc(1, sizeof(header) + size));
    if (!h)
        out_of_memory();
    *h = {size, true};
    large_.push_back(h);
    return h + 1;
}

void cmark_arena::start_block()
{
    const std::size_t size_of_block = next_block_size_;
    next_block_size_ = std::min(next_block_size_ * 2, max_block_size);
    auto* block = static_cast<std::byte*>(std::malloc(size_of_block));
    if (!block)
        out_of_memory();
    blocks_.emplace_back(block);
    cursor_ = block;
    left_ = size_of_block;
}

void* cmark_arena::reallocate(void* old, std::size_t size)
{
    if (!old)
        return allocate(size, false);  // realloc(NULL, n) is malloc: nothing to zero
    header* h = header_of(old);
    if (h->large) {
        auto slot = std::find(large_.rbegin(), large_.rend(), h);
        auto* grown = static_cast<header*>(std::realloc(h, sizeof(header) + size));
        if (!grown)
            out_of_memory();
        grown->size = size;
        if (slot != large_.rend())
            *slot = grown;
        else
            large_.push_back(grown);  // another arena's buffer, grown while this one is current
        return grown + 1;
    }
    if (size <= h->size)
        return old;
    // cmark grows its text buffers step by step while it reads; when the buffer is
    // the arena's latest allocation it grows where it is, with no copy and no waste.
    auto* payload = static_cast<std::byte*>(old);
    const std::size_t had = (h->size + 15) & ~std::size_t{15};
    const std::size_t wanted = (size + 15) & ~std::size_t{15};
    if (payload + had == cursor_ && size < large_size && wanted - had <= left_) {
        cursor_ += wanted - had;
        left_ -= wanted - had;
        h->size = size;
        return old;
    }
    void* fresh = allocate(size, false);  // the old bytes go in; realloc leaves the rest unset
    std::memcpy(fresh, old, h->size);
    return fresh;
}

void cmark_arena::release(void* p)
{
    if (!p)
        return;
    header* h = header_of(p);
    if (!h->large)
        return;  // arena memory goes back all at once
    auto slot = std::find(large_.rbegin(), large_.rend(), h);
    if (slot != large_.rend()) {
        std::free(h);
        large_.erase(std::next(slot).base());
    }
}

void* cmark_arena::calloc_hook(std::size_t count, std::size_t size)
{
    std::size_t bytes = 0;  // no division: this runs for every node cmark makes
    if (__builtin_mul_overflow(count, size, &bytes) || bytes > (std::size_t{1} << 40))
        out_of_memory();
    return current_arena->allocate(bytes, true);
}

void* cmark_arena::realloc_hook(void* p, std::size_t size) { return current_arena->reallocate(p, size); }

void cmark_arena::free_hook(void* p) { current_arena->release(p); }

} // namespace smolpub::render
