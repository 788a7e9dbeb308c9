// SPDX-License-Identifier: ISC
#include "import/slugs.hpp"

namespace smolpub::import {
namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
void cut_utf8(std::string& text, std::size_t max)
{
    if (text.size() <= max)
        return;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
}

void trim_dashes(std::string& text)
{
    while (!text.empty() && text.back() == '-')
        text.pop_back();
    const auto first = text.find_first_not_of('-');
    text.erase(0, first == std::string::npos ? text.size() : first);
}

} // namespace

std::string percent_decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

std::string to_valid_utf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xC0 && c < 0xE0) len = 2;
        else if (c >= 0xE0 && c < 0xF0) len = 3;
        else if (c >= 0xF0 && c < 0xF8) len = 4;
        const std::string_view one = s.substr(i, len);
        if (c < 0x80 || (one.size() == len && len > 1 && is_utf8(one))) {
            out += one;
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

bool is_utf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len;
        unsigned long cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > s.size())
            return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

std::string slug_from_title(std::string_view title)
{
    std::string out;
    for (char c : title) {
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += c;
        else if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if (u >= 0x80)
            out += c;  // UTF-8 letters of other scripts stay; only ASCII punctuation goes
        else if (out.empty() || out.back() != '-')
            out += '-';
    }
    if (!is_utf8(out))
        return {};
    cut_utf8(out, 120);
    trim_dashes(out);
    return out;
}

std::string safe_segment(std::string_view slug)
{
    std::string decoded = percent_decode(slug);
    if (!is_utf8(decoded))
        decoded = std::string{slug};
    std::string out;
    for (char c : decoded) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '/' || c == '\\' || c == '?' || c == '#' || c == '%' || c == ' ' || u < 0x20 || u == 0x7F)
            out += '-';
        else
            out += c;
    }
    cut_utf8(out, 120);
    // No hidden or "_" names, and no dashes at either end.
    while (!out.empty() && (out.front() == '.' || out.front() == '_' || out.front() == '-'))
        out.erase(0, 1);
    trim_dashes(out);
    return out;
}

} // namespace smolpub::import
