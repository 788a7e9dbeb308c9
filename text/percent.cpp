// SPDX-License-Identifier: ISC
#include "text/percent.hpp"

namespace smolpub::text {

std::string hex_of(std::span<const unsigned char> bytes, const char* digits, char separator)
{
    std::string out;
    out.reserve(bytes.size() * 3);
    for (const unsigned char b : bytes) {
        if (separator != '\0' && !out.empty())
            out += separator;
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

namespace {

/// The shared loop: `strict` decides whether a bad escape fails or is kept.
std::optional<std::string> decode(std::string_view s, bool strict)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int hi = i + 2 < s.size() ? hex_digit_value(s[i + 1]) : -1;
        const int lo = hi >= 0 ? hex_digit_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            if (strict)
                return std::nullopt;
            out += s[i];
            continue;
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

} // namespace

std::string percent_decode(std::string_view s) { return *decode(s, false); }

std::optional<std::string> percent_decode_strict(std::string_view s) { return decode(s, true); }

} // namespace smolpub::text
