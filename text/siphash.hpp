// SPDX-License-Identifier: ISC
#pragma once
// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit MAC for short inputs. Without
// the 128-bit key, a value tells nothing of its input, and known input/value pairs tell
// nothing of the key. Pure; written from the paper, no library.
#include <array>
#include <cstdint>
#include <string_view>

namespace smolpub::text {

using siphash_key = std::array<std::uint8_t, 16>;

/// SipHash-2-4 of `data` under `key` (the paper's k0 = bytes 0..7, k1 = 8..15, little-endian).
std::uint64_t siphash24(const siphash_key& key, std::string_view data);

} // namespace smolpub::text
