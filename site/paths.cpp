// SPDX-License-Identifier: ISC
#include "site/paths.hpp"

#include <cstdio>
#include <limits>
#include <vector>

#include "text/percent.hpp"

namespace smolpub::site::paths {
using content::timestamp;

namespace {

bool kept_verbatim(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '-': case '.': case '_': case '~': case '/':
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+':
    case ',': case ';': case '=': case ':': case '@':
        return true;
    default:
        return false;
    }
}

// Days since 1970-01-01 of a proleptic Gregorian date (the well-known civil-from-days
// inversion: shift the year to start in March so the leap day comes last).
std::int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (m + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

std::string category_url(std::string_view folder)
{
    if (folder.empty())
        return "/";
    std::string url = "/";
    url += folder;
    url += '/';
    return url;
}

std::string article_url(std::string_view folder, std::string_view slug)
{
    std::string url = category_url(folder);
    url += slug;
    url += ".gmi";
    return url;
}

std::string with_extension(std::string_view url, std::string_view ext)
{
    const auto slash = url.rfind('/');
    const auto dot = url.rfind('.');
    std::string out{dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)
                        ? url.substr(0, dot)
                        : url};
    out += ext;
    return out;
}

std::string article_dir_url(std::string_view article_url)
{
    return with_extension(article_url, "/");
}

std::string comments_url(std::string_view article_url)
{
    return article_dir_url(article_url) + "comments.gmi";
}

std::string tag_url(std::string_view tag)
{
    std::string url = "/tags/";
    for (char c : tag)
        url += c == '/' ? '-' : c;
    url += '/';
    return url;
}

std::string encode(std::string_view decoded_path)
{
    std::string out;
    out.reserve(decoded_path.size());
    text::append_hex_escaped(
        out, decoded_path, [](unsigned char c) { return !kept_verbatim(c); }, "%", text::upper_hex);
    return out;
}

std::string decode(std::string_view encoded) { return text::percent_decode(encoded); }

bool has_scheme(std::string_view url)
{
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return false;
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(url[0]))
        return false;
    for (std::size_t i = 1; i < colon; ++i) {
        const char c = url[i];
        if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
            return false;
    }
    return true;
}

std::string normalize(std::string_view absolute_path)
{
    std::vector<std::string_view> segments;
    std::size_t pos = 0;
    bool trailing_slash = false;
    while (pos <= absolute_path.size()) {
        auto next = absolute_path.find('/', pos);
        if (next == std::string_view::npos)
            next = absolute_path.size();
        const std::string_view seg = absolute_path.substr(pos, next - pos);
        // A path ending in "/", "/." or "/.." names a folder.
        trailing_slash = seg.empty() || seg == "." || seg == "..";
        if (seg == "..") {
            if (!segments.empty())
                segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        pos = next + 1;
    }
    std::string out;
    for (auto seg : segments) {
        out += '/';
        out += seg;
    }
    if (out.empty() || trailing_slash)
        out += '/';
    return out;
}

std::string one_line(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        out += (c < 0x20 || c == 0x7F) ? ' ' : ch;
    }
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    const auto last = out.find_last_not_of(' ');
    return out.substr(first, last - first + 1);
}

std::string link_line(std::string_view decoded_url, std::string_view label)
{
    std::string line = "=> ";
    line += encode(decoded_url);
    const std::string text = one_line(label);
    if (!text.empty()) {
        line += ' ';
        line += text;
    }
    line += '\n';
    return line;
}

std::int64_t sort_key(const timestamp& t)
{
    std::int64_t seconds = days_from_civil(t.year, t.month, t.day) * 86400;
    if (t.has_time)
        seconds += t.hour * 3600 + t.minute * 60 + t.second - std::int64_t{t.offset_minutes} * 60;
    return seconds;
}

std::int64_t sort_key(const std::optional<timestamp>& t)
{
    return t ? sort_key(*t) : std::numeric_limits<std::int64_t>::min();
}

} // namespace smolpub::site::paths
