// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "gopher/request.hpp"

using namespace smolpub::gopher;

namespace {

/// One request line and what parse_selector must make of it; a malformed request is
/// checked for its kind only.
struct selector_case {
    const char* why;
    std::string line;
    request_kind kind = request_kind::selector;
    std::string selector;
    std::optional<std::string> query = std::nullopt;
};

void check_cases(const std::vector<selector_case>& cases)
{
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CAPTURE(c.line);
        const auto r = parse_selector(c.line);
        CHECK(r.kind == c.kind);
        if (c.kind == request_kind::malformed)
            continue;
        CHECK(r.selector == c.selector);
        CHECK(r.query == c.query);
    }
}

constexpr auto malformed = request_kind::malformed;
constexpr auto gopher_plus = request_kind::gopher_plus;
constexpr auto attributes = request_kind::attributes;

} // namespace

TEST_CASE("parse_selector reads a plain selector with any line end")
{
    check_cases({
        {"CRLF", "/notes/heron.gmi\r\n", request_kind::selector, "/notes/heron.gmi"},
        {"a bare LF", "/notes/heron.gmi\n", request_kind::selector, "/notes/heron.gmi"},
        {"no line end at all (the session hands over what a half-closing client sent)", "/about.gmi",
         request_kind::selector, "/about.gmi"},
        {"a CR alone in the middle is a control character", "/a\rb\r\n", malformed, ""},
    });
}

TEST_CASE("parse_selector treats the empty selector and / as the root")
{
    check_cases({
        {"an empty line", "\r\n", request_kind::selector, "/"},
        {"a slash", "/\r\n", request_kind::selector, "/"},
        {"nothing at all", "", request_kind::selector, "/"},
    });
}

TEST_CASE("parse_selector keeps selectors opaque")
{
    check_cases({
        {"percent-escapes and '+' stay", "/caf%C3%A9/a+b.gmi\r\n", request_kind::selector, "/caf%C3%A9/a+b.gmi"},
        {"UTF-8 stays", "/café.txt\r\n", request_kind::selector, "/café.txt"},
    });
}

TEST_CASE("parse_selector splits a type-7 query")
{
    check_cases({
        {"after a TAB, byte for byte", "/search\tgrey heron%20x\r\n", request_kind::selector, "/search",
         "grey heron%20x"},
        {"an empty TAB query is no query", "/search\t\r\n", request_kind::selector, "/search"},
        {"after '?', percent-decoded, '+' kept", "/search?grey%20heron+c++\r\n", request_kind::selector, "/search",
         "grey heron+c++"},
        {"a '%' without two hex digits stays as typed", "/search?100%\r\n", request_kind::selector, "/search",
         "100%"},
        {"a '%' with one hex digit or none stays too", "/search?%zz%4", request_kind::selector, "/search", "%zz%4"},
        {"a '?' query that decodes to NUL is refused", "/search?a%00b\r\n", malformed, ""},
        {"a '?' query that decodes to LF is refused", "/search?a%0Ab\r\n", malformed, ""},
        {"a '?' query that decodes to invalid UTF-8 is refused", "/search?%FF\r\n", malformed, ""},
        {"with a TAB query, a '?' is part of the selector", "/what?\tterms\r\n", request_kind::selector, "/what?",
         "terms"},
        {"URL: selectors are never split at '?'", "URL:https://example.org/?q=1\r\n", request_kind::selector,
         "URL:https://example.org/?q=1"},
        {"the root with a '?' query", "?x\r\n", request_kind::selector, "/", "x"},
    });
    CHECK(parse_selector("/search?grey%20heron+c++\r\n").raw == "/search?grey%20heron+c++");
}

TEST_CASE("parse_selector recognises Gopher+ requests")
{
    check_cases({
        {"\\t+ asks for the item with a Gopher+ header", "/about.gmi\t+\r\n", gopher_plus, "/about.gmi"},
        {"\\t+ with a representation", "/a.txt\t+text/plain\r\n", gopher_plus, "/a.txt"},
        {"\\t! asks for attributes", "/about.gmi\t!\r\n", attributes, "/about.gmi"},
        {"\\t$ asks for attributes", "/\t$\r\n", attributes, "/"},
        {"\\t! with a block name", "/\t!+ADMIN\r\n", attributes, "/"},
        {"\\t$ of the empty selector", "\t$\r\n", attributes, "/"},
        {"a search with a Gopher+ marker after the query", "/search\theron\t+\r\n", gopher_plus, "/search", "heron"},
        {"three fields without a marker are refused", "/a\tb\tc\r\n", malformed, ""},
        {"a client data block is refused", "/a\tb\t+\t1\r\n", malformed, ""},
    });
}

TEST_CASE("parse_selector detects HTTP clients on the Gopher port")
{
    for (const char* line : {"GET / HTTP/1.1\r\n", "HEAD /index.html HTTP/1.0\r\n", "POST /form HTTP/1.1\r\n",
                             "GET /x?y=1 HTTP/2\n", "OPTIONS * HTTP/1.1\r\n"}) {
        CAPTURE(line);
        const auto r = parse_selector(line);
        CHECK(r.kind == request_kind::http);
    }
    CHECK(parse_selector("GET / HTTP/1.1\r\n").selector == "/");
    SUBCASE("selectors that only look a little like HTTP stay selectors")
    {
        CHECK(parse_selector("GET / \r\n").kind == request_kind::selector);
        CHECK(parse_selector("get / HTTP/1.1\r\n").kind == request_kind::selector);
        CHECK(parse_selector("/GET / HTTP/1.1\r\n").kind == request_kind::selector);
        CHECK(parse_selector("GET / HTTP/x\r\n").kind == request_kind::selector);
    }
}

TEST_CASE("parse_selector refuses what cannot be a selector")
{
    SUBCASE("NUL")
    {
        const auto r = parse_selector(std::string{"/a\0b\r\n", 6});
        CHECK(r.kind == request_kind::malformed);
        CHECK(r.message.find("Control") != std::string::npos);
    }
    SUBCASE("control characters")
    {
        CHECK(parse_selector("/a\x01\r\n").kind == request_kind::malformed);
        CHECK(parse_selector("/a\x1b[31m\r\n").kind == request_kind::malformed);
        CHECK(parse_selector("/a\x7f\r\n").kind == request_kind::malformed);
        CHECK(parse_selector("/a\n\r\n").kind == request_kind::malformed);
    }
    SUBCASE("invalid UTF-8")
    {
        const auto r = parse_selector("/caf\xe9\r\n");
        CHECK(r.kind == request_kind::malformed);
        CHECK(r.message.find("UTF-8") != std::string::npos);
        CHECK(parse_selector("/\xc0\xaf\r\n").kind == request_kind::malformed);  // overlong '/'
    }
    SUBCASE("longer than 1024 bytes")
    {
        const std::string at_limit = "/" + std::string(1023, 'a');
        CHECK(parse_selector(at_limit + "\r\n").kind == request_kind::selector);
        CHECK(parse_selector(at_limit + "\n").kind == request_kind::selector);
        const auto r = parse_selector(at_limit + "a\r\n");
        CHECK(r.kind == request_kind::malformed);
        CHECK(r.message.find("1024") != std::string::npos);
        CHECK(parse_selector(at_limit + "aa").kind == request_kind::malformed);
    }
}
