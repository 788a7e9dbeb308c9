// SPDX-License-Identifier: ISC
#pragma once
// Sixteen bytes looked at as one vector, for the scans that pass over text looking for
// a rare byte (a control character, two spaces in a row). GCC vector extensions: SSE2
// on x86-64, NEON on ARM, plain code elsewhere. Pure.
#include <cstdint>
#include <cstring>

namespace smolpub::text {

/// Sixteen bytes; comparisons give 0xff in each byte where they hold, 0 elsewhere.
using bytes16 = unsigned char __attribute__((vector_size(16)));

/// The sixteen bytes at `p` (no alignment needed).
inline bytes16 load16(const char* p)
{
    bytes16 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

/// True when any byte of `mask` is not zero.
inline bool any_set(bytes16 mask)
{
    std::uint64_t halves[2];
    std::memcpy(halves, &mask, sizeof halves);
    return (halves[0] | halves[1]) != 0;
}

} // namespace smolpub::text
