// SPDX-License-Identifier: ISC
#pragma once
// Dates written as text in front matter and comment archives, and ordering by instant.
#include <cstdint>
#include <optional>
#include <string_view>

#include "content/model.hpp"

namespace smolpub::content {

/// Parses "YYYY-MM-DD", optionally followed by "THH:MM[:SS[.fraction]]" (or a space instead
/// of the T) and "Z" or "+HH:MM"/"-HH:MM". Fractions are dropped. nullopt when malformed or
/// not a real calendar date.
std::optional<timestamp> parse_date_text(std::string_view text);

/// Seconds since 1970-01-01T00:00:00Z, honouring the offset: the order in which things
/// actually happened, which timestamp's field-wise <=> does not give across offsets.
std::int64_t seconds_since_epoch(const timestamp& when);

/// True when year/month/day name a day that exists (leap years included).
bool is_calendar_date(int year, int month, int day);

} // namespace smolpub::content
