// SPDX-License-Identifier: ISC
// Gopher selectors arrive in clear text from anyone; parse_selector must never crash, and what
// it passes on as a selector or query must be text that cannot break a menu line or a log line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "text/utf8.hpp"
#include "gopher/pages.hpp"
#include "gopher/request.hpp"

namespace {

using smolpub::fuzz::has_control;

namespace gopher = smolpub::gopher;

void check_selector(std::string_view input)
{
    const gopher::request req = gopher::parse_selector(input);
    switch (req.kind) {
    case gopher::request_kind::malformed:
        FUZZ_CHECK(!req.message.empty(), input);
        return;
    case gopher::request_kind::http:
        FUZZ_CHECK(input.find(" HTTP/") != std::string_view::npos, input);
        return;
    case gopher::request_kind::selector:
    case gopher::request_kind::gopher_plus:
    case gopher::request_kind::attributes:
        break;
    }
    FUZZ_CHECK(!req.selector.empty(), input);
    FUZZ_CHECK(req.selector.size() <= gopher::max_request_bytes, input);
    FUZZ_CHECK(!has_control(req.selector), input);
    FUZZ_CHECK(smolpub::text::is_valid_utf8(req.selector), input);
    FUZZ_CHECK(!req.raw.empty() && !has_control(req.raw), input);
    if (req.query) {
        FUZZ_CHECK(!req.query->empty(), input);
        FUZZ_CHECK(!has_control(*req.query), input);
        FUZZ_CHECK(smolpub::text::is_valid_utf8(*req.query), input);
    }
}

void check_error_menu(std::string_view input)
{
    // Exactly three lines (error item, home item, "."), each with four fields.
    const std::string menu = gopher::error_menu(input, "localhost", 70);
    FUZZ_CHECK(smolpub::fuzz::crlf_lines(menu), input);
    FUZZ_CHECK(menu.ends_with("\r\n.\r\n"), input);
    FUZZ_CHECK(std::count(menu.begin(), menu.end(), '\n') == 3, input);
    FUZZ_CHECK(std::count(menu.begin(), menu.end(), '\t') == 6, input);
}

void check_url_page(std::string_view input)
{
    const auto page = gopher::url_redirect_page(input);
    if (!page)
        return;
    FUZZ_CHECK(!has_control(input) && input.find(' ') == std::string_view::npos, input);
    // The URL was HTML-escaped: nothing in it can open a tag or close an attribute.
    FUZZ_CHECK(input.find_first_of("<>\"'") == std::string_view::npos ||
                   page->find(std::string{input}) == std::string::npos,
               input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    check_selector(input);
    check_error_menu(input);
    check_url_page(input);
    return 0;
}
