#pragma once
// Percent-decoding (RFC 3986 2.1), shared by every layer that reads URLs or selectors.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::render {

/// 0-15 for a hex digit, -1 otherwise.
int hex_digit_value(char c);

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

} // namespace smolpub::render
