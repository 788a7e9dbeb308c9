// SPDX-License-Identifier: ISC
// Punycode encoder written from RFC 3492 section 6.3 (the bootstring parameters of 5).
#include "text/punycode.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace smolpub::text {
namespace {

constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
constexpr std::uint32_t initial_bias = 72, initial_n = 128;

char digit(std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first)
{
    delta = first ? delta / damp : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((base - tmin) * tmax) / 2) {
        delta /= base - tmin;
        k += base;
    }
    return k + (base - tmin + 1) * delta / (delta + skew);
}

std::optional<std::vector<std::uint32_t>> code_points(std::string_view s)
{
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size())
            return std::nullopt;
        std::uint32_t cp = len == 1 ? b : b & (0x7fu >> len);
        for (int k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((c & 0xc0) != 0x80)
                return std::nullopt;
            cp = (cp << 6) | (c & 0x3f);
        }
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

} // namespace

std::optional<std::string> punycode_encode(std::string_view utf8_label)
{
    auto input = code_points(utf8_label);
    if (!input)
        return std::nullopt;
    std::string out;
    for (std::uint32_t cp : *input)
        if (cp < 0x80)
            out += static_cast<char>(cp);
    const auto basic = static_cast<std::uint32_t>(out.size());
    std::uint32_t handled = basic;
    if (basic > 0)
        out += '-';

    std::uint32_t n = initial_n, delta = 0, bias = initial_bias;
    const auto total = static_cast<std::uint32_t>(input->size());
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    while (handled < total) {
        std::uint32_t m = max;
        for (std::uint32_t cp : *input)
            if (cp >= n && cp < m)
                m = cp;
        if ((m - n) > (max - delta) / (handled + 1))
            return std::nullopt;
        delta += (m - n) * (handled + 1);
        n = m;
        for (std::uint32_t cp : *input) {
            if (cp < n && ++delta == 0)
                return std::nullopt;
            if (cp != n)
                continue;
            std::uint32_t q = delta;
            for (std::uint32_t k = base;; k += base) {
                const std::uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
                if (q < t)
                    break;
                out += digit(t + (q - t) % (base - t));
                q = (q - t) / (base - t);
            }
            out += digit(q);
            bias = adapt(delta, handled + 1, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return out;
}

} // namespace smolpub::text
