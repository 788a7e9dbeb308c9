#include "net/access_log.hpp"

#include <array>
#include <ctime>
#include <functional>
#include <random>

#include <unistd.h>

#include "text/percent.hpp"

namespace smolpub::net {

std::string escape_for_log(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    text::append_hex_escaped(
        out, text,
        [](unsigned char u) { return u < 0x20 || u == 0x7f || u >= 0x80 || u == '\\' || u == '"' || u == ' '; },
        "\\x", text::lower_hex);
    return out;
}

std::string loggable_address(std::string_view address, content::address_logging mode)
{
    switch (mode) {
    case content::address_logging::full:
        return escape_for_log(address);
    case content::address_logging::omit:
        return "-";
    case content::address_logging::hash: {
        // Salted per process: lines of one run can be correlated, addresses not recovered
        // from a table of hashes, and nothing links two runs.
        static const std::size_t salt = std::random_device{}();
        const std::size_t h = std::hash<std::string_view>{}(address) ^ (salt * 0x9e3779b97f4a7c15ull);
        std::array<char, 17> buf{};
        std::snprintf(buf.data(), buf.size(), "%016zx", h);
        return std::string{"h:"} + buf.data();
    }
    }
    return "-";
}

namespace {

/// The current UTC time as text, formatted at most once a second per thread: a busy
/// server logs thousands of lines a second, all with the same stamp.
std::string_view timestamp_now()
{
    struct cached {
        std::time_t second = -1;
        std::array<char, 32> text{};
    };
    thread_local cached stamp;
    const std::time_t now = std::time(nullptr);
    if (now != stamp.second) {
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::strftime(stamp.text.data(), stamp.text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
        stamp.second = now;
    }
    return stamp.text.data();
}

} // namespace

void log_access(const access_entry& e, content::address_logging mode)
{
    const std::string_view when = timestamp_now();

    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(e.duration).count();
    std::string line;
    line.reserve(128 + e.path.size());
    line += when;
    line += ' ';
    line += loggable_address(e.client, mode);
    line += ' ';
    line += e.protocol;
    line += ' ';
    line += e.host.empty() ? std::string{"-"} : escape_for_log(e.host);
    line += ' ';
    line += e.path.empty() ? std::string{"/"} : escape_for_log(e.path);
    line += ' ';
    line += std::to_string(e.status);
    line += ' ';
    line += std::to_string(e.bytes);
    line += ' ';
    line += std::to_string(micros);
    line += "us\n";
    // One write(2) per line: a line is never interleaved with another thread's.
    [[maybe_unused]] auto written = ::write(STDOUT_FILENO, line.data(), line.size());
}

} // namespace smolpub::net
