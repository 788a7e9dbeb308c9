// SPDX-License-Identifier: ISC
#pragma once
// Command line of the load generator: what to hit, how hard, and when to stop.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <tl/expected.hpp>

namespace smolpub::bench {

/// A parsed gemini:// or gopher:// URL.
struct target {
    bool gopher = false;
    std::string url;       ///< as given; sent verbatim as the Gemini request
    std::string host;      ///< without IPv6 brackets
    std::uint16_t port = 0;
    std::string selector;  ///< Gopher only: the path after "/<type>"
};

struct options {
    target where;
    unsigned concurrency = 10;
    unsigned threads = 1;
    std::uint64_t max_requests = 1'000'000;
    std::chrono::milliseconds duration{10'000};
    std::chrono::milliseconds request_timeout{5'000};  ///< bounds one whole transaction
    bool resume = false;
    /// Behave like clients that keep the socket defaults (Python's ssl, many crawlers): no
    /// TCP_NODELAY, and the request written on its own after the handshake (Gopher: the
    /// selector and its CRLF in two writes), so Nagle holds it until the server ACKs.
    bool nagle = false;
    std::string expect_status = "20";
    std::optional<std::string> json_file;
};

/// Parses "gemini://host[:port]/path" or "gopher://host[:port]/<type><selector>". Pure.
tl::expected<target, std::string> parse_target(const std::string& url);

/// True for hosts this tool may load: "localhost", 127.0.0.0/8 and ::1. Pure.
bool is_loopback_host(const std::string& host);

/// Parses the command line (argv[0] is the program name and skipped). Pure.
tl::expected<options, std::string> parse_options(int argc, const char* const* argv);

/// One paragraph of usage text.
std::string usage();

} // namespace smolpub::bench
