// SPDX-License-Identifier: ISC
#include "tls/openssl_handles.hpp"

#include <openssl/err.h>

namespace smolpub::tls {

std::string openssl_errors(const char* fallback)
{
    std::string text;
    for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
        char line[256];
        ERR_error_string_n(e, line, sizeof line);
        if (!text.empty())
            text += "; ";
        // Prefer the bare reason ("no start line"); the full code string is kept
        // for errors that have none, so nothing is ever reported as empty.
        const char* reason = ERR_reason_error_string(e);
        text += reason != nullptr ? reason : line;
    }
    return text.empty() ? std::string{fallback} : text;
}

} // namespace smolpub::tls
