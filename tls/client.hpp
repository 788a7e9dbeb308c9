// SPDX-License-Identifier: ISC
#pragma once
// One Gemini request as a client: what `smolpub announce` needs to tell an aggregator
// (Antenna) about a feed. Blocking, bounded by a timeout, no retries.
#include <chrono>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace smolpub::tls {

/// The parts of a gemini:// URL a client needs; host is without brackets.
struct gemini_target {
    std::string host;
    unsigned port = 1965;
};

/// "gemini://host[:port]/..." -> host and port; an error for anything else.
tl::expected<gemini_target, std::string> parse_gemini_url(std::string_view url);

/// Sends `url` as a Gemini request line and returns the response header ("20 text/gemini",
/// without CRLF). The server's certificate is not verified: Gemini trusts on first use, and
/// what is sent is public. Every step (name lookup excepted) gives up after `timeout`.
tl::expected<std::string, std::string> gemini_request(std::string_view url, std::chrono::milliseconds timeout);

} // namespace smolpub::tls
