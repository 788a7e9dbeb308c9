// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <string>

#include "gopher/request.hpp"

using namespace smolpub::gopher;

TEST_CASE("parse_selector reads a plain selector with any line end")
{
    SUBCASE("CRLF")
    {
        const auto r = parse_selector("/notes/heron.gmi\r\n");
        CHECK(r.kind == request_kind::selector);
        CHECK(r.selector == "/notes/heron.gmi");
        CHECK_FALSE(r.query);
    }
    SUBCASE("a bare LF")
    {
        const auto r = parse_selector("/notes/heron.gmi\n");
        CHECK(r.kind == request_kind::selector);
        CHECK(r.selector == "/notes/heron.gmi");
    }
    SUBCASE("no line end at all (the session hands over what a half-closing client sent)")
    {
        CHECK(parse_selector("/about.gmi").selector == "/about.gmi");
    }
    SUBCASE("a CR alone in the middle is a control character")
    {
        CHECK(parse_selector("/a\rb\r\n").kind == request_kind::malformed);
    }
}

TEST_CASE("parse_selector treats the empty selector and / as the root")
{
    CHECK(parse_selector("\r\n").selector == "/");
    CHECK(parse_selector("\r\n").kind == request_kind::selector);
    CHECK(parse_selector("/\r\n").selector == "/");
    CHECK(parse_selector("").selector == "/");
}

TEST_CASE("parse_selector keeps selectors opaque")
{
    const auto r = parse_selector("/caf%C3%A9/a+b.gmi\r\n");
    CHECK(r.kind == request_kind::selector);
    CHECK(r.selector == "/caf%C3%A9/a+b.gmi");
    CHECK(parse_selector("/café.txt\r\n").selector == "/café.txt");
}

TEST_CASE("parse_selector splits a type-7 query")
{
    SUBCASE("after a TAB, byte for byte")
    {
        const auto r = parse_selector("/search\tgrey heron%20x\r\n");
        CHECK(r.kind == request_kind::selector);
        CHECK(r.selector == "/search");
        REQUIRE(r.query);
        CHECK(*r.query == "grey heron%20x");
    }
    SUBCASE("an empty TAB query is no query")
    {
        const auto r = parse_selector("/search\t\r\n");
        CHECK(r.selector == "/search");
        CHECK_FALSE(r.query);
    }
    SUBCASE("after '?', percent-decoded, '+' kept")
    {
        const auto r = parse_selector("/search?grey%20heron+c++\r\n");
        CHECK(r.kind == request_kind::selector);
        CHECK(r.selector == "/search");
        CHECK(r.raw == "/search?grey%20heron+c++");
        REQUIRE(r.query);
        CHECK(*r.query == "grey heron+c++");
    }
    SUBCASE("a '%' without two hex digits stays as typed")
    {
        const auto r = parse_selector("/search?100%\r\n");
        REQUIRE(r.query);
        CHECK(*r.query == "100%");
        CHECK(*parse_selector("/search?%zz%4").query == "%zz%4");
    }
    SUBCASE("a '?' query that decodes to a control character or invalid UTF-8 is refused")
    {
        CHECK(parse_selector("/search?a%00b\r\n").kind == request_kind::malformed);
        CHECK(parse_selector("/search?a%0Ab\r\n").kind == request_kind::malformed);
        CHECK(parse_selector("/search?%FF\r\n").kind == request_kind::malformed);
    }
    SUBCASE("with a TAB query, a '?' is part of the selector")
    {
        const auto r = parse_selector("/what?\tterms\r\n");
        CHECK(r.selector == "/what?");
        CHECK(*r.query == "terms");
    }
    SUBCASE("URL: selectors are never split at '?'")
    {
        const auto r = parse_selector("URL:https://example.org/?q=1\r\n");
        CHECK(r.selector == "URL:https://example.org/?q=1");
        CHECK_FALSE(r.query);
    }
    SUBCASE("the root with a '?' query")
    {
        const auto r = parse_selector("?x\r\n");
        CHECK(r.selector == "/");
        CHECK(*r.query == "x");
    }
}

TEST_CASE("parse_selector recognises Gopher+ requests")
{
    SUBCASE("\\t+ asks for the item with a Gopher+ header")
    {
        const auto r = parse_selector("/about.gmi\t+\r\n");
        CHECK(r.kind == request_kind::gopher_plus);
        CHECK(r.selector == "/about.gmi");
        CHECK_FALSE(r.query);
    }
    SUBCASE("\\t+ with a representation")
    {
        CHECK(parse_selector("/a.txt\t+text/plain\r\n").kind == request_kind::gopher_plus);
    }
    SUBCASE("\\t! and \\t$ ask for attributes")
    {
        CHECK(parse_selector("/about.gmi\t!\r\n").kind == request_kind::attributes);
        CHECK(parse_selector("/\t$\r\n").kind == request_kind::attributes);
        CHECK(parse_selector("/\t!+ADMIN\r\n").kind == request_kind::attributes);
        CHECK(parse_selector("\t$\r\n").selector == "/");
    }
    SUBCASE("a search with a Gopher+ marker after the query")
    {
        const auto r = parse_selector("/search\theron\t+\r\n");
        CHECK(r.kind == request_kind::gopher_plus);
        CHECK(r.selector == "/search");
        CHECK(*r.query == "heron");
    }
    SUBCASE("three fields without a marker, or a client data block, are refused")
    {
        CHECK(parse_selector("/a\tb\tc\r\n").kind == request_kind::malformed);
        CHECK(parse_selector("/a\tb\t+\t1\r\n").kind == request_kind::malformed);
    }
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
