// SPDX-License-Identifier: ISC
#include "text/language_tag.hpp"

namespace smolpub::text {
namespace {

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

bool is_language_tag(std::string_view tag)
{
    if (tag.empty() || tag.size() > 63)
        return false;
    std::size_t start = 0;
    bool first = true;
    while (start <= tag.size()) {
        std::size_t end = tag.find('-', start);
        if (end == std::string_view::npos)
            end = tag.size();
        const std::string_view sub = tag.substr(start, end - start);
        if (sub.empty() || sub.size() > 8)
            return false;
        for (const char c : sub)
            if (!is_alpha(c) && !(is_digit(c) && !first))
                return false;
        if (first && sub.size() == 1 && sub != "x" && sub != "X" && sub != "i" && sub != "I")
            return false;
        first = false;
        start = end + 1;
    }
    return true;
}

} // namespace smolpub::text
