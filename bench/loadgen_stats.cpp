// SPDX-License-Identifier: ISC
#include "bench/loadgen_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <sstream>

namespace smolpub::bench {
namespace {

/// Nearest-rank percentile of sorted data: the smallest value with at least p% at or below it.
std::uint64_t percentile(const std::vector<std::uint64_t>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::string json_string(const std::string& s)
{
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", c);
            out += esc;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

} // namespace

void thread_stats::merge(thread_stats&& other)
{
    latencies_us.insert(latencies_us.end(), other.latencies_us.begin(), other.latencies_us.end());
    for (const auto& [kind, n] : other.errors)
        errors[kind] += n;
    bytes += other.bytes;
    resumed += other.resumed;
    offered += other.offered;
}

summary summarize(thread_stats& all, std::chrono::duration<double> elapsed, const std::string& url, unsigned concurrency,
                  unsigned threads)
{
    std::sort(all.latencies_us.begin(), all.latencies_us.end());
    summary s;
    s.url = url;
    s.concurrency = concurrency;
    s.threads = threads;
    s.elapsed_s = elapsed.count();
    s.ok = all.latencies_us.size();
    for (const auto& [kind, n] : all.errors)
        s.failed += n;
    s.requests_per_s = s.elapsed_s > 0 ? static_cast<double>(s.ok) / s.elapsed_s : 0;
    s.p50_us = percentile(all.latencies_us, 50);
    s.p99_us = percentile(all.latencies_us, 99);
    s.max_us = all.latencies_us.empty() ? 0 : all.latencies_us.back();
    s.bytes = all.bytes;
    s.resumed = all.resumed;
    s.offered = all.offered;
    s.resumed_share = s.offered > 0 ? static_cast<double>(s.resumed) / static_cast<double>(s.offered) : 0;
    s.resumed_valid = s.offered == 0 || s.resumed_share >= 0.99;
    s.errors = all.errors;
    return s;
}

std::string to_table(const summary& s)
{
    std::ostringstream out;
    const auto row = [&](const char* name, const std::string& value) {
        char label[24];
        std::snprintf(label, sizeof label, "%-14s", name);
        out << label << value << '\n';
    };
    row("target", s.url);
    row("concurrency", std::to_string(s.concurrency) + " connections on " + std::to_string(s.threads) + " threads");
    row("elapsed", fixed(s.elapsed_s, 2) + " s");
    row("requests", std::to_string(s.ok) + " ok, " + std::to_string(s.failed) + " failed");
    row("throughput", fixed(s.requests_per_s, 1) + " req/s");
    row("latency (us)", "p50 " + std::to_string(s.p50_us) + "   p99 " + std::to_string(s.p99_us) + "   max " +
                            std::to_string(s.max_us));
    row("received", std::to_string(s.bytes) + " bytes");
    row("resumed", std::to_string(s.resumed) + " TLS sessions" +
                       (s.offered > 0 ? " of " + std::to_string(s.offered) + " offered (" +
                                            fixed(100 * s.resumed_share, 1) + " %" +
                                            (s.resumed_valid ? ")" : ", INVALID: under 99 %)")
                                      : ""));
    std::string errors;
    for (const auto& [kind, n] : s.errors)
        errors += (errors.empty() ? "" : ", ") + kind + ": " + std::to_string(n);
    row("errors", errors.empty() ? "none" : errors);
    return out.str();
}

std::string to_json(const summary& s)
{
    std::ostringstream out;
    out << "{\n"
        << "  \"url\": " << json_string(s.url) << ",\n"
        << "  \"concurrency\": " << s.concurrency << ",\n"
        << "  \"threads\": " << s.threads << ",\n"
        << "  \"elapsed_s\": " << fixed(s.elapsed_s, 3) << ",\n"
        << "  \"ok\": " << s.ok << ",\n"
        << "  \"failed\": " << s.failed << ",\n"
        << "  \"requests_per_s\": " << fixed(s.requests_per_s, 1) << ",\n"
        << "  \"latency_us\": {\"p50\": " << s.p50_us << ", \"p99\": " << s.p99_us << ", \"max\": " << s.max_us << "},\n"
        << "  \"bytes\": " << s.bytes << ",\n"
        << "  \"resumed\": " << s.resumed << ",\n"
        << "  \"offered\": " << s.offered << ",\n"
        << "  \"resumed_share\": " << fixed(s.resumed_share, 4) << ",\n"
        << "  \"resumed_valid\": " << (s.resumed_valid ? "true" : "false") << ",\n"
        << "  \"errors\": {";
    bool first = true;
    for (const auto& [kind, n] : s.errors) {
        out << (first ? "" : ", ") << json_string(kind) << ": " << n;
        first = false;
    }
    out << "}\n}\n";
    return out.str();
}

} // namespace smolpub::bench
