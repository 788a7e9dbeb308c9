// SPDX-License-Identifier: ISC
#include "content/packed_text.hpp"

#include <functional>
#include <memory>
#include <new>
#include <stdexcept>

#include <zstd.h>
#include <zstd_errors.h>

#include "text/c_ptr.hpp"

namespace smolpub::content {

namespace {

/// Level 3 (zstd's default): on bench/archive_gen.py's archive it packs Markdown bodies
/// 3.0 times against a sample at 2.2 times zlib level 1's speed (which packed 3.1 times);
/// every file of a capsule is packed once at load.
constexpr int level = 3;

/// Only memory running out (or corruption) could make zstd fail on buffers we sized ourselves.
std::size_t check(std::size_t rc)
{
    if (ZSTD_isError(rc) != 0) {
        if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation)
            throw std::bad_alloc{};
        throw std::logic_error(std::string("packed_text: zstd failed: ") + ZSTD_getErrorName(rc));
    }
    return rc;
}

/// zstd's handles, each freed by its own function when its owner goes.
using cctx_ptr = text::c_ptr<ZSTD_CCtx, ZSTD_freeCCtx>;
using dctx_ptr = text::c_ptr<ZSTD_DCtx, ZSTD_freeDCtx>;
using cdict_ptr = text::c_ptr<ZSTD_CDict, ZSTD_freeCDict>;
using ddict_ptr = text::c_ptr<ZSTD_DDict, ZSTD_freeDDict>;

/// `handle`, or bad_alloc when zstd could not make it.
template <class Ptr> Ptr made(Ptr handle)
{
    if (handle == nullptr)
        throw std::bad_alloc{};
    return handle;
}

/// One compression and one decompression context per thread, reused between texts.
struct contexts {
    cctx_ptr pack = made(cctx_ptr{ZSTD_createCCtx()});
    dctx_ptr unpack = made(dctx_ptr{ZSTD_createDCtx()});
};

contexts& this_threads()
{
    thread_local contexts c;
    return c;
}

} // namespace

/// The sample, digested once for packing (about 115 KB) and once for unpacking (about 30 KB),
/// shared read-only by every thread.
class packing_dictionary {
public:
    explicit packing_dictionary(const std::string& text)
        : pack(made(cdict_ptr{ZSTD_createCDict(text.data(), text.size(), level)})),
          unpack(made(ddict_ptr{ZSTD_createDDict(text.data(), text.size())}))
    {
    }

    const cdict_ptr pack;
    const ddict_ptr unpack;
};

packing_sample make_packing_sample(std::string text)
{
    if (text.empty())
        return nullptr;
    return std::make_shared<const packing_dictionary>(text);
}

std::shared_ptr<const packed_text> packed_text::pack(std::string_view text, packing_sample sample)
{
    auto packed = std::allocate_shared<packed_text>(lasting_allocator<packed_text>{});
    packed->size_ = text.size();
    packed->hash_ = std::hash<std::string_view>{}(text);
    // Below this a frame's own header outweighs what it saves.
    constexpr std::size_t worth_packing = 64;
    if (text.size() >= worth_packing) {
        ZSTD_CCtx* cctx = this_threads().pack.get();
        std::string out(ZSTD_compressBound(text.size()), '\0');
        const std::size_t n =
            sample ? check(ZSTD_compress_usingCDict(cctx, out.data(), out.size(), text.data(), text.size(), sample->pack.get()))
                   : check(ZSTD_compressCCtx(cctx, out.data(), out.size(), text.data(), text.size(), level));
        if (n < text.size()) {
            packed->bytes_.assign(out.data(), n);
            packed->compressed_ = true;
            packed->sample_ = std::move(sample);
            return packed;
        }
    }
    packed->bytes_.assign(text);
    return packed;
}

std::string packed_text::unpack() const
{
    if (!compressed_)
        return std::string(bytes_.data(), bytes_.size());
    ZSTD_DCtx* dctx = this_threads().unpack.get();
    std::string out(size_, '\0');
    const std::size_t n =
        sample_ ? check(ZSTD_decompress_usingDDict(dctx, out.data(), out.size(), bytes_.data(), bytes_.size(), sample_->unpack.get()))
                : check(ZSTD_decompressDCtx(dctx, out.data(), out.size(), bytes_.data(), bytes_.size()));
    if (n != size_)
        throw std::logic_error("packed_text: unpacked to a different length");
    return out;
}

} // namespace smolpub::content
