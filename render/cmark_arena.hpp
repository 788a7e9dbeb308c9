// SPDX-License-Identifier: ISC
#pragma once
// A bump allocator for one cmark parse. cmark allocates every node and text run
// with calloc and frees them one by one; for a large document that malloc/free
// traffic (and glibc's consolidation of millions of small chunks) costs more than
// parsing. The arena hands cmark the same memory through the public cmark_mem
// hooks and releases it all at once, so the tree is never freed node by node.
#include <cmark.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace smolpub::render {

/// Memory for cmark objects that live exactly as long as this arena. Everything
/// allocated through `mem()` (parser, nodes, iterators) becomes invalid when the
/// arena is destroyed; calling cmark's free functions first is allowed but unneeded.
/// One arena serves one thread; `mem()` installs it as that thread's current arena.
class cmark_arena {
public:
    cmark_arena();
    ~cmark_arena();
    cmark_arena(const cmark_arena&) = delete;
    cmark_arena& operator=(const cmark_arena&) = delete;

    /// The allocator to pass to cmark_parser_new_with_mem.
    cmark_mem* mem() { return &mem_; }

private:
    struct block_deleter {
        void operator()(std::byte* p) const noexcept;
    };
    std::vector<std::unique_ptr<std::byte, block_deleter>> blocks_;
    std::byte* cursor_ = nullptr;
    std::size_t left_ = 0;
    std::size_t next_block_size_ = 64 * 1024;  ///< doubles per block, up to 1 MiB
    std::vector<void*> large_;  // big buffers come from malloc; freed here unless cmark freed them
    cmark_arena* previous_ = nullptr;
    cmark_mem mem_;

    void* allocate(std::size_t size, bool zeroed);
    [[gnu::noinline]] void start_block();
    [[gnu::noinline]] void* allocate_large(std::size_t size);
    void* reallocate(void* old, std::size_t size);
    void release(void* p);

    static void* calloc_hook(std::size_t count, std::size_t size);
    static void* realloc_hook(void* p, std::size_t size);
    static void free_hook(void* p);
};

} // namespace smolpub::render
