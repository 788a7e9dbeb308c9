// SPDX-License-Identifier: ISC
#pragma once
// A 64-bit mixing function for hash tables keyed by numbers (client addresses, page
// fingerprints). Pure, no dependencies.
#include <cstdint>

namespace smolpub::text {

/// splitmix64's finaliser: every input bit reaches every output bit, so neighbouring keys
/// (addresses of one subnet) land in unrelated slots, and the two halves of the result are
/// independent enough to index two tables.
constexpr std::uint64_t mix64(std::uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

} // namespace smolpub::text
