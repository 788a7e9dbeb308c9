#pragma once
// One line per request on stdout. Request-controlled text is escaped so no request
// can forge a log line.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "content/settings.hpp"

namespace smolpub::net {

struct access_entry {
    std::string_view client;    ///< address as text
    std::string_view protocol;  ///< "gemini", "gopher"
    std::string_view host;
    std::string_view path;
    int status = 0;             ///< Gemini status, or 0/3 for Gopher ok/error
    std::size_t bytes = 0;
    std::chrono::steady_clock::duration duration{};
};

/// Control characters, backslash, '"' and non-UTF-8 bytes as \xNN; the rest unchanged.
std::string escape_for_log(std::string_view text);

/// Formats the client address as configured: full, hashed (salted per process) or omitted.
std::string loggable_address(std::string_view address, content::address_logging mode);

/// Writes one line with a single write(2), so lines from several threads never interleave.
void log_access(const access_entry& e, content::address_logging mode);

} // namespace smolpub::net
