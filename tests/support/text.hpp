// SPDX-License-Identifier: ISC
#pragma once
// Text helpers that tests of every folder share.
#include <cstddef>
#include <string_view>

namespace smolpub::test {

/// How many times `needle` (not empty) starts in `text`, overlapping ones included.
inline std::size_t count_of(std::string_view text, std::string_view needle)
{
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

} // namespace smolpub::test
