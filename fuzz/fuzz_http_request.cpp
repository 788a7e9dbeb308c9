// SPDX-License-Identifier: ISC
// HTTP request heads arrive from anyone before anything is known of them, so parse_request
// must never crash, must decide within its limits, and whatever it accepts must be safe to
// map onto files. The same bytes also feed Accept-Encoding, the date parser and the framing
// of a header value, which must never let a value start a line of its own.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz/fuzz_check.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "text/url_path.hpp"
#include "text/utf8.hpp"

namespace {

using smolpub::fuzz::has_control;
using smolpub::fuzz::has_dot_segment;

namespace http = smolpub::http;

void check_request(std::string_view input)
{
    const http::parse_result result = http::parse_request(input);
    if (std::holds_alternative<http::incomplete>(result)) {
        // Undecided only while within the limits: a session never buffers more than this.
        FUZZ_CHECK(input.size() <= http::max_head_bytes, input);
        return;
    }
    if (const auto* f = std::get_if<http::failure>(&result)) {
        constexpr int known[] = {400, 404, 405, 414, 431, 505};
        FUZZ_CHECK(std::find(std::begin(known), std::end(known), f->status) != std::end(known), input);
        FUZZ_CHECK(!f->reason.empty() && !has_control(f->reason), input);
        return;
    }
    const http::parsed& p = std::get<http::parsed>(result);
    FUZZ_CHECK(p.consumed > 0 && p.consumed <= input.size(), input);
    FUZZ_CHECK(input.substr(0, p.consumed).ends_with("\n\n") || input.substr(0, p.consumed).ends_with("\n\r\n"), input);
    const http::request& r = p.req;
    FUZZ_CHECK(r.minor_version <= 1, input);
    FUZZ_CHECK(r.path.starts_with('/'), input);
    FUZZ_CHECK(!has_dot_segment(r.path), input);
    FUZZ_CHECK(!has_control(r.path), input);
    FUZZ_CHECK(smolpub::text::is_valid_utf8(r.path), input);
    FUZZ_CHECK(!has_control(r.target) && r.target.find(' ') == std::string::npos, input);
    if (r.query) {
        FUZZ_CHECK(r.query->find('\0') == std::string::npos, input);
        FUZZ_CHECK(smolpub::text::is_valid_utf8(*r.query), input);
    }
    FUZZ_CHECK(!r.port || (*r.port >= 1 && *r.port <= 65535), input);
    if (!r.host.empty()) {
        FUZZ_CHECK(!has_control(r.host), input);
        const auto again = smolpub::text::canonical_host(r.host);
        FUZZ_CHECK(again && *again == r.host, input);
    }
    // What is kept of fields holds no line end (the parser refused control characters).
    for (const auto* kept : {&r.if_none_match, &r.if_modified_since, &r.forwarded_for})
        if (*kept)
            FUZZ_CHECK((*kept)->find('\r') == std::string::npos && (*kept)->find('\n') == std::string::npos, input);
}

void check_framing(std::string_view input)
{
    const http::field fields[] = {{"X-Test", std::string{input}}};
    const std::string head = http::frame_head(200, fields, {input.size(), false, false}, {});
    if (!http::is_clean_value(input)) {
        FUZZ_CHECK(head == http::refused_head, input);
        return;
    }
    FUZZ_CHECK(smolpub::fuzz::crlf_lines(head), input);
    FUZZ_CHECK(head.ends_with("\r\n\r\n") && head.find("\r\n\r\n") == head.size() - 4, input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    check_request(input);
    // The same bytes as the rest of a head, so the fuzzer need not find a request line.
    check_request("GET / HTTP/1.1\r\n" + std::string{input});
    check_request("GET " + std::string{input} + " HTTP/1.1\r\nHost: a\r\n\r\n");
    (void)http::allows_gzip(input);
    // A date that parses prints back the same, but for the weekday (not checked) and a leap second.
    if (const auto t = http::parse_http_date(input); t && input.substr(23, 2) != "60")
        FUZZ_CHECK(http::http_date(*t).substr(5) == input.substr(5), input);
    check_framing(input);
    return 0;
}
