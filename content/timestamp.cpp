// SPDX-License-Identifier: ISC
#include <cstdio>
#include <cstdlib>

#include "content/model.hpp"

namespace smolpub::content {

std::string timestamp::ymd() const
{
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
    return out;
}

std::string timestamp::rfc3339() const
{
    // Local date-times (no offset in the source) are published as UTC: a capsule has no
    // time zone of its own, and feeds need some offset.
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour,
                  minute, second);
    std::string text = out;
    if (offset_minutes == 0) {
        text += 'Z';
        return text;
    }
    const int magnitude = std::abs(offset_minutes);
    std::snprintf(out, sizeof out, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
    text += out;
    return text;
}

} // namespace smolpub::content
