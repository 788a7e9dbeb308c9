// SPDX-License-Identifier: ISC
#pragma once
// What one load-generator thread observed, merged across threads at the end, and reported.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace smolpub::bench {

/// Owned by one thread; never shared while the load runs.
struct thread_stats {
    std::vector<std::uint64_t> latencies_us;      ///< successful transactions only
    std::map<std::string, std::uint64_t> errors;  ///< by kind: "connect", "handshake", "status 51", ...
    std::uint64_t bytes = 0;                      ///< response bytes received, header included
    std::uint64_t resumed = 0;                    ///< TLS sessions resumed
    std::uint64_t offered = 0;                    ///< handshakes that offered a session (--resume)

    /// Appends `other` into this (used once, after the threads have joined).
    void merge(thread_stats&& other);
};

struct summary {
    std::string url;
    unsigned concurrency = 0;
    unsigned threads = 0;
    double elapsed_s = 0;
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    double requests_per_s = 0;  ///< successful transactions per second
    std::uint64_t p50_us = 0, p99_us = 0, max_us = 0;
    std::uint64_t bytes = 0;
    std::uint64_t resumed = 0;
    std::uint64_t offered = 0;
    /// resumed / offered; a --resume cell under 99 % measured full handshakes, not resumption,
    /// and is reported invalid (issue 24).
    double resumed_share = 0;
    bool resumed_valid = true;
    std::map<std::string, std::uint64_t> errors;
};

/// Sorts the latencies in place and computes the report. p50/p99 are nearest-rank.
summary summarize(thread_stats& all, std::chrono::duration<double> elapsed, const std::string& url, unsigned concurrency,
                  unsigned threads);

/// Human-readable, for stdout.
std::string to_table(const summary& s);

/// One JSON object, for --json.
std::string to_json(const summary& s);

} // namespace smolpub::bench
