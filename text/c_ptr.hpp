// SPDX-License-Identifier: ISC
#pragma once
// An owning pointer for a C library's handle, freed by that library's own function
// (`c_ptr<cmark_iter, cmark_iter_free>`, `c_ptr<ZSTD_CCtx, ZSTD_freeCCtx>`). Each folder
// names its own handles with it, beside the library it owns.
#include <memory>

namespace smolpub::text {

/// Calls `Free` on the handle; a null handle is never passed (unique_ptr skips it).
template <auto Free> struct c_deleter {
    void operator()(auto* handle) const noexcept { Free(handle); }
};

/// A unique_ptr to `T` that frees with `Free`.
template <class T, auto Free> using c_ptr = std::unique_ptr<T, c_deleter<Free>>;

} // namespace smolpub::text
