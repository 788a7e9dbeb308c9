// SPDX-License-Identifier: ISC
#pragma once
// ASCII-only case folding and number parsing for protocol text (host names, schemes, MIME
// extensions, tags, ports). Locale-independent on purpose: a server must not fold 'I' to a
// dotless 'ı' because of the environment it was started in. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::text {

/// 'A'..'Z' -> 'a'..'z'; every other byte as it is (UTF-8 stays intact).
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// A C0 control character or DEL: what no request line or URL may hold.
constexpr bool is_ascii_control(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

/// `s` with ascii_lower applied to each byte.
std::string ascii_lower(std::string_view s);

/// A decimal port 0..65535: digits only, no sign, no spaces; nullopt otherwise. Callers add
/// their own rules (a listener refuses 0; the PROXY protocol refuses leading zeros).
std::optional<std::uint16_t> parse_port(std::string_view text);

} // namespace smolpub::text
