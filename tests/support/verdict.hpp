// SPDX-License-Identifier: ISC
#pragma once
// The `admit` line of a transcript (tests/support/transcript.hpp) as admission's verdict.
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/verdict.hpp"

namespace smolpub::testing {

inline net::verdict verdict_of(std::string_view words)
{
    using kind = net::verdict::kind;
    if (words.empty())
        return {};
    if (words == "over-address-cap")
        return {kind::over_address_cap};
    if (words == "over-capacity")
        return {kind::over_capacity};
    if (words == "too-long")
        return {kind::too_long};
    if (words.starts_with("rate-limited "))
        return {kind::rate_limited, static_cast<unsigned>(std::stoul(std::string{words.substr(13)}))};
    throw std::runtime_error{"unknown admit verdict: " + std::string{words}};
}

} // namespace smolpub::testing
