// SPDX-License-Identifier: ISC
#pragma once
// One line per request on stdout. Request-controlled text is escaped so no request
// can forge a log line. The event loop never writes: a line is queued in memory (at most
// 1 MiB) and a writer thread of its own writes it, so a slow reader of stdout costs log
// lines (dropped and counted, with a note on stderr), never a stalled request.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "content/settings.hpp"
#include "text/siphash.hpp"

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

/// Formats the client address as configured: full, hashed or omitted. A hashed address is
/// "h:" and 16 hex digits of SipHash-2-4 under that UTC day's key (derived from the log key):
/// the same address gives the same value all day, and without the key nothing else.
std::string loggable_address(std::string_view address, content::address_logging mode);

/// Sets the log key (log.key), at start or on SIGHUP (safe while other threads log); until
/// then a random key made at first use is taken, different in every process.
void set_address_key(const text::siphash_key& key);

/// Reads the 16-byte key in `file`, never making one (for `check` and SIGHUP).
std::optional<text::siphash_key> read_address_key(const std::filesystem::path& file, std::string& error);

/// Reads the 16-byte key in `file`, or makes one (random, mode 0600) when it does not exist.
/// nullopt with `error` set when the file cannot be read or made, or is not 16 bytes.
std::optional<text::siphash_key> load_or_make_address_key(const std::filesystem::path& file, std::string& error);

/// Queues one line for the writer thread (started at the first line). Never blocks on
/// stdout; drops the line, counted, when 1 MiB of lines is already waiting.
void log_access(const access_entry& e, content::address_logging mode);

/// Waits until every line queued so far is written (serve calls it before it exits, so a
/// stop loses no line; a SIGHUP does not touch the queue).
void flush_access_log();

/// Lines dropped because the queue was full, since the process started.
std::uint64_t access_log_dropped();

} // namespace smolpub::net
