// SPDX-License-Identifier: ISC
#include "content/diagnostic.hpp"

namespace smolpub::content {

std::string diagnostic::text() const
{
    std::string out = file.string();
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (column > 0)
            out += ':' + std::to_string(column);
    }
    out += ": ";
    out += message;
    return out;
}

} // namespace smolpub::content
