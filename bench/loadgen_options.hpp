// SPDX-License-Identifier: ISC
#pragma once
// Command line of the load generator: what to hit, how hard, and when to stop.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <tl/expected.hpp>

namespace smolpub::bench {

/// A parsed gemini://, gopher:// or http:// URL.
struct target {
    bool gopher = false;
    bool http = false;     ///< plain HTTP/1.1 over TCP (issue 26)
    std::string url;       ///< as given; sent verbatim as the Gemini request
    std::string host;      ///< without IPv6 brackets
    std::uint16_t port = 0;
    std::string selector;  ///< Gopher only: the path after "/<type>"
    std::string path;      ///< HTTP only: the request target ("/" when the URL has none)
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
    /// HTTP only: requests per connection; 1 opens a new connection for each (and sends
    /// `Connection: close`), N > 1 keeps one open for N requests, the last with `Connection: close`.
    std::uint64_t keepalive = 1;
    std::string expect_status = "20";  ///< Gemini: two digits; HTTP: "200" unless given
    std::optional<std::string> json_file;
};

/// Parses "gemini://host[:port]/path", "gopher://host[:port]/<type><selector>" or
/// "http://host[:port]/path". Pure.
tl::expected<target, std::string> parse_target(const std::string& url);

/// True for hosts this tool may load: "localhost", 127.0.0.0/8 and ::1. Pure.
bool is_loopback_host(const std::string& host);

/// Parses the command line (argv[0] is the program name and skipped). Pure.
tl::expected<options, std::string> parse_options(int argc, const char* const* argv);

/// One paragraph of usage text.
std::string usage();

} // namespace smolpub::bench
