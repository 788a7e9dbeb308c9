// SPDX-License-Identifier: ISC
#include "http/response.hpp"

#include <algorithm>
#include <array>
#include <ctime>

#include "http/request.hpp"
#include "render/html.hpp"
#include "text/ascii.hpp"

namespace smolpub::http {
namespace {

constexpr std::array<std::string_view, 7> day_names{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void append_two(std::string& out, int n)
{
    out += static_cast<char>('0' + n / 10 % 10);
    out += static_cast<char>('0' + n % 10);
}

std::optional<int> digits(std::string_view s)
{
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

} // namespace

bool is_clean_value(std::string_view value)
{
    return std::none_of(value.begin(), value.end(), [](char c) { return c != '\t' && text::is_ascii_control(c); });
}

std::string http_date(std::chrono::system_clock::time_point when)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    std::string out;
    out.reserve(29);
    out += day_names[static_cast<std::size_t>(tm.tm_wday) % 7];
    out += ", ";
    append_two(out, tm.tm_mday);
    out += ' ';
    out += month_names[static_cast<std::size_t>(tm.tm_mon) % 12];
    out += ' ';
    out += std::to_string(tm.tm_year + 1900);
    out += ' ';
    append_two(out, tm.tm_hour);
    out += ':';
    append_two(out, tm.tm_min);
    out += ':';
    append_two(out, tm.tm_sec);
    out += " GMT";
    return out;
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view s)
{
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s.substr(25) != " GMT")
        return std::nullopt;
    const auto month = std::find(month_names.begin(), month_names.end(), s.substr(8, 3));
    const auto day = digits(s.substr(5, 2)), year = digits(s.substr(12, 4)), hour = digits(s.substr(17, 2)),
               minute = digits(s.substr(20, 2)), second = digits(s.substr(23, 2));
    if (month == month_names.end() || !day || !year || !hour || !minute || !second || *day < 1 || *day > 31 ||
        *hour > 23 || *minute > 59 || *second > 60 || *year < 1970 || *year > 2200)  // past 2262 the clock's nanoseconds overflow
        return std::nullopt;
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{*year},
                              std::chrono::month{static_cast<unsigned>(month - month_names.begin() + 1)},
                              std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok())
        return std::nullopt;
    return sys_days{date} + hours{*hour} + minutes{*minute} + seconds{*second};
}

std::string frame_head(int status, std::span<const field> fields, const head_options& options,
                       std::chrono::system_clock::time_point now)
{
    if (!std::all_of(fields.begin(), fields.end(), [](const field& f) { return is_clean_value(f.value); }))
        return std::string{refused_head};
    std::string out;
    out.reserve(384);
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += reason_phrase(status);
    out += "\r\nDate: ";
    out += http_date(now);
    out += "\r\nServer: smolpub\r\n";
    for (const field& f : fields) {
        out += f.name;
        out += ": ";
        out += f.value;
        out += "\r\n";
    }
    out += "Content-Security-Policy: ";
    out += content_security_policy;
    out += "\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n";
    if (options.content_length) {
        out += "Content-Length: ";
        out += std::to_string(*options.content_length);
        out += "\r\n";
    }
    if (options.close)
        out += "Connection: close\r\n";
    else if (options.keep_alive_1_0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    return out;
}

std::string error_page(int status, std::string_view reason)
{
    std::string title = std::to_string(status);
    title += ' ';
    title += reason_phrase(status);
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += title;
    out += "</title>\n<h1>";
    out += title;
    out += "</h1>\n<p>";
    render::append_html_escaped(out, reason);
    out += "</p>\n</html>\n";
    return out;
}

} // namespace smolpub::http
