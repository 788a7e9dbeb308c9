// SPDX-License-Identifier: ISC
// Gemini request lines arrive from anyone on the internet before any authentication, so
// parse_request must never crash, and whatever it accepts must be safe to map onto files.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "text/utf8.hpp"
#include "gemini/request.hpp"

namespace {

using smolpub::fuzz::has_control;
using smolpub::fuzz::has_dot_segment;

namespace gemini = smolpub::gemini;

/// A canonical host outside IPv6 brackets is plain ASCII LDH (plus '_') labels.
bool is_ascii_hostname(std::string_view host)
{
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

void check_request(std::string_view input)
{
    const auto req = gemini::parse_request(input);
    if (!req) {
        const int code = static_cast<int>(req.error().code);
        FUZZ_CHECK(code >= 10 && code <= 69, input);
        FUZZ_CHECK(!req.error().meta.empty(), input);
        FUZZ_CHECK(!has_control(req.error().meta), input);
        return;
    }
    FUZZ_CHECK(input.size() <= gemini::max_request_bytes, input);
    FUZZ_CHECK(!req->host.empty(), input);
    FUZZ_CHECK(!has_control(req->host), input);
    FUZZ_CHECK(req->path.empty() || req->path.front() == '/', input);
    FUZZ_CHECK(!has_dot_segment(req->path), input);
    FUZZ_CHECK(!has_control(req->path), input);
    FUZZ_CHECK(smolpub::text::is_valid_utf8(req->path), input);
    FUZZ_CHECK(!req->port || (*req->port >= 1 && *req->port <= 65535), input);
    if (req->query) {
        FUZZ_CHECK(req->query->find('\0') == std::string::npos, input);
        FUZZ_CHECK(smolpub::text::is_valid_utf8(*req->query), input);
    }
    // The host is already canonical: canonicalising it again must not change it.
    if (req->host.front() != '[') {
        FUZZ_CHECK(is_ascii_hostname(req->host), input);
        const auto again = gemini::canonical_host(req->host);
        FUZZ_CHECK(again && *again == req->host, input);
    }
}

void check_host(std::string_view input)
{
    const auto host = gemini::canonical_host(input);
    if (!host)
        return;
    FUZZ_CHECK(!host->empty(), input);
    FUZZ_CHECK(!has_control(*host), input);
    FUZZ_CHECK(smolpub::text::is_valid_utf8(*host), input);
    if (host->front() != '[') {
        FUZZ_CHECK(is_ascii_hostname(*host), input);
        const auto again = gemini::canonical_host(*host);
        FUZZ_CHECK(again && *again == *host, input);
    }
}

void check_header(std::string_view input)
{
    const std::string head = gemini::header(gemini::status::temporary_failure, input);
    FUZZ_CHECK(head.size() <= 3 + gemini::max_meta_bytes + 2, input);
    FUZZ_CHECK(head.starts_with("40 ") && head.ends_with("\r\n"), input);
    if (smolpub::text::is_valid_utf8(input))
        FUZZ_CHECK(smolpub::text::is_valid_utf8(head), input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    check_request(input);
    check_host(input);
    check_header(input);
    // The same bytes as the part after "gemini://", so the fuzzer need not find the scheme.
    if (size <= gemini::max_request_bytes)
        check_request("gemini://" + std::string{input});
    return 0;
}
