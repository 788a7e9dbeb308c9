#pragma once
// Percent-decoding (RFC 3986 2.1), shared by every layer that reads URLs or selectors.
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::render {

/// 0-15 for a hex digit, -1 otherwise.
int hex_digit_value(char c);

/// Decodes `%xx`; a '%' not followed by two hex digits is kept as typed. For text people
/// type or write by hand (links in Markdown, search terms), where forgiving is right.
std::string percent_decode(std::string_view s);

/// Decodes `%xx`; nullopt when any '%' is not followed by two hex digits. For requests,
/// where a malformed escape is a malformed request.
std::optional<std::string> percent_decode_strict(std::string_view s);

} // namespace smolpub::render
