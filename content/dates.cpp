// SPDX-License-Identifier: ISC
#include "content/dates.hpp"

namespace smolpub::content {

namespace {

bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month)
{
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/// Reads exactly `width` decimal digits at `pos`, advancing it.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t width)
{
    if (text.size() - pos < width)
        return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char wanted)
{
    if (pos >= text.size() || text[pos] != wanted)
        return false;
    ++pos;
    return true;
}

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, int month, int day)
{
    const std::int64_t y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

} // namespace

bool is_calendar_date(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::optional<timestamp> parse_date_text(std::string_view text)
{
    timestamp when;
    std::size_t pos = 0;
    const auto year = read_digits(text, pos, 4);
    if (!year || !expect(text, pos, '-'))
        return std::nullopt;
    const auto month = read_digits(text, pos, 2);
    if (!month || !expect(text, pos, '-'))
        return std::nullopt;
    const auto day = read_digits(text, pos, 2);
    if (!day || !is_calendar_date(*year, *month, *day))
        return std::nullopt;
    when.year = *year;
    when.month = *month;
    when.day = *day;
    if (pos == text.size())
        return when;

    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
        return std::nullopt;
    ++pos;
    const auto hour = read_digits(text, pos, 2);
    if (!hour || !expect(text, pos, ':'))
        return std::nullopt;
    const auto minute = read_digits(text, pos, 2);
    if (!minute)
        return std::nullopt;
    int second = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        const auto s = read_digits(text, pos, 2);
        if (!s)
            return std::nullopt;
        second = *s;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            const std::size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
                ++pos;
            if (pos == start)
                return std::nullopt;
        }
    }
    // 60 allows a leap second, as RFC 3339 does.
    if (*hour > 23 || *minute > 59 || second > 60)
        return std::nullopt;
    when.hour = *hour;
    when.minute = *minute;
    when.second = second;
    when.has_time = true;
    if (pos == text.size())
        return when;

    if (text[pos] == 'Z' || text[pos] == 'z')
        return pos + 1 == text.size() ? std::optional(when) : std::nullopt;
    if (text[pos] != '+' && text[pos] != '-')
        return std::nullopt;
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto offset_hours = read_digits(text, pos, 2);
    if (!offset_hours || !expect(text, pos, ':'))
        return std::nullopt;
    const auto offset_minutes = read_digits(text, pos, 2);
    if (!offset_minutes || pos != text.size() || *offset_hours > 23 || *offset_minutes > 59)
        return std::nullopt;
    when.offset_minutes = sign * (*offset_hours * 60 + *offset_minutes);
    return when;
}

std::int64_t seconds_since_epoch(const timestamp& when)
{
    const std::int64_t days = days_from_civil(when.year, when.month, when.day);
    return days * 86400 + when.hour * 3600 + when.minute * 60 + when.second -
           std::int64_t{when.offset_minutes} * 60;
}

} // namespace smolpub::content
