// SPDX-License-Identifier: ISC
// A PROXY protocol header arrives before anything else on the connection, from whoever can
// reach the port; parse_header must never crash, never claim more bytes than it was given,
// and ask for more only within the limits the socket reader holds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "fuzz/fuzz_check.hpp"
#include "net/proxy_header.hpp"

namespace proxy = smolpub::net::proxy;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    const proxy::parse_result parsed = proxy::parse_header(input);
    if (const auto* h = std::get_if<proxy::header>(&parsed)) {
        FUZZ_CHECK(h->length > 0 && h->length <= input.size(), input);
        FUZZ_CHECK(h->length <= std::max(proxy::max_v1_bytes, proxy::max_v2_bytes), input);
        if (h->source)
            FUZZ_CHECK(!h->source->to_string().empty(), input);
        else
            FUZZ_CHECK(h->source_port == 0, input);
        // The header alone parses to the same header: nothing past it was looked at.
        const auto again = proxy::parse_header(input.substr(0, h->length));
        const auto* same = std::get_if<proxy::header>(&again);
        FUZZ_CHECK(same && same->length == h->length && same->source_port == h->source_port, input);
    } else if (const auto* more = std::get_if<proxy::incomplete>(&parsed)) {
        FUZZ_CHECK(more->total > input.size(), input);
        FUZZ_CHECK(more->total <= std::max(proxy::max_v1_bytes, proxy::max_v2_bytes), input);
    } else {
        FUZZ_CHECK(!std::get<proxy::malformed>(parsed).reason.empty(), input);
    }
    return 0;
}
