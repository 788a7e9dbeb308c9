// SPDX-License-Identifier: ISC
#pragma once
// Percent-decoding (RFC 3986 2.1), shared by every layer that reads URLs or selectors.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smolpub::text {

inline constexpr char upper_hex[] = "0123456789ABCDEF";  ///< RFC 3986 %XX
inline constexpr char lower_hex[] = "0123456789abcdef";

/// Appends `text` to `out`, each byte for which `escaped(byte)` holds written as `prefix`
/// and two digits of `digits` (upper_hex for %XX, lower_hex for a log's \xhh).
template <class Escaped>
void append_hex_escaped(std::string& out, std::string_view text, Escaped escaped, std::string_view prefix,
                        const char* digits)
{
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (!escaped(c)) {
            out += ch;
            continue;
        }
        out += prefix;
        out += digits[c >> 4];
        out += digits[c & 0xF];
    }
}

/// 0-15 for a hex digit, -1 otherwise.
int hex_digit_value(char c);

/// `bytes` as two digits of `digits` each (a key's name, a certificate's fingerprint),
/// with `separator` between bytes unless it is '\0'.
std::string hex_of(std::span<const unsigned char> bytes, const char* digits = lower_hex, char separator = '\0');

/// Decodes `%xx`; a '%' not followed by two hex digits is kept as typed. For text people
/// type or write by hand (links in Markdown, search terms), where forgiving is right.
std::string percent_decode(std::string_view s);

/// Where a URL's path ends: the first '?' or '#', or npos. The same as
/// find_first_of("?#"), which calls memchr once per character of the URL.
inline std::size_t path_end(std::string_view url)
{
    for (std::size_t i = 0; i < url.size(); ++i)
        if (url[i] == '?' || url[i] == '#')
            return i;
    return std::string_view::npos;
}

/// Decodes `%xx`; nullopt when any '%' is not followed by two hex digits. For requests,
/// where a malformed escape is a malformed request.
std::optional<std::string> percent_decode_strict(std::string_view s);

} // namespace smolpub::text
