// SPDX-License-Identifier: ISC
#include "text/ascii.hpp"

#include <charconv>

namespace smolpub::text {

std::string ascii_lower(std::string_view s)
{
    std::string out{s};
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

std::optional<std::uint16_t> parse_port(std::string_view text)
{
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > 65535)
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

} // namespace smolpub::text
