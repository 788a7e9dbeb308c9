// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "http/request.hpp"

using namespace smolpub::http;

namespace {

request accepted(std::string_view head)
{
    parse_result r = parse_request(head);
    if (auto* f = std::get_if<failure>(&r))
        FAIL_CHECK("refused with " << f->status << ": " << f->reason << " for " << head);
    REQUIRE_MESSAGE(std::holds_alternative<parsed>(r), "not complete: " << head);
    CHECK(std::get<parsed>(r).consumed == head.size());
    return std::get<parsed>(r).req;
}

int refused(std::string_view head)
{
    parse_result r = parse_request(head);
    REQUIRE_MESSAGE(std::holds_alternative<failure>(r), "not refused: " << head);
    return std::get<failure>(r).status;
}

bool is_incomplete(std::string_view head) { return std::holds_alternative<incomplete>(parse_request(head)); }

} // namespace

TEST_CASE("a GET with Host parses into a decoded path, the query as sent, and the canonical host")
{
    const request r = accepted("GET /caf%C3%A9/a%20b.gmi?q=caf%C3%A9 HTTP/1.1\r\nHost: Example.ORG.:8080\r\n\r\n");
    CHECK(r.verb == method::get);
    CHECK(r.minor_version == 1u);
    CHECK(r.path == "/café/a b.gmi");
    CHECK(r.raw_path == "/caf%C3%A9/a%20b.gmi");
    REQUIRE(r.query);
    CHECK(*r.query == "q=caf%C3%A9");  // the site splits a form's fields before decoding
    CHECK(r.host == "example.org");
    CHECK(r.port == 8080u);
    CHECK(r.keep_alive);
    CHECK(!r.accepts_gzip);
}

TEST_CASE("HEAD, HTTP/1.0, bare LF line ends and leading empty lines are accepted")
{
    const request r = accepted("\r\n\nHEAD / HTTP/1.0\nUser-Agent: x\n\n");
    CHECK(r.verb == method::head);
    CHECK(r.minor_version == 0u);
    CHECK(r.host.empty());
    CHECK(!r.keep_alive);  // 1.0 closes unless asked
    CHECK(accepted("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
    CHECK(!accepted("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n").keep_alive);
}

TEST_CASE("the absolute form's authority wins over Host")
{
    const request r = accepted("GET http://Other.Example/x?y HTTP/1.1\r\nHost: a.example\r\n\r\n");
    CHECK(r.host == "other.example");
    CHECK(r.path == "/x");
    CHECK(r.query == "y");
    CHECK(accepted("GET HTTPS://b.example HTTP/1.1\r\nHost: a\r\n\r\n").path == "/");
    CHECK(refused("GET ftp://b.example/ HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET http://u@b.example/ HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
}

TEST_CASE("methods other than GET and HEAD are 405, case-sensitively")
{
    CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\n\r\n") == 405);
    CHECK(refused("get / HTTP/1.1\r\nHost: a\r\n\r\n") == 405);
    CHECK(refused("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") == 405);
    CHECK(refused("BREW / HTTP/1.1\r\nHost: a\r\n\r\n") == 405);
}

TEST_CASE("versions: 1.0 and 1.1 served, other HTTP versions 505, anything else 400")
{
    CHECK(refused("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505);
    CHECK(refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == 505);
    CHECK(refused("GET / HTTP/0.9\r\n\r\n") == 505);
    CHECK(refused("GET / HTTP/1.10\r\n\r\n") == 400);
    CHECK(refused("GET / http/1.1\r\n\r\n") == 400);
    CHECK(refused("GET /\r\n\r\n") == 400);
}

TEST_CASE("malformed request lines and targets are 400")
{
    for (std::string_view head : {"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
                                  "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", "GET a HTTP/1.1\r\nHost: a\r\n\r\n",
                                  "GET /#frag HTTP/1.1\r\nHost: a\r\n\r\n", "GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n",
                                  "GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
                                  "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n"}) {
        CAPTURE(head);
        CHECK(refused(head) == 400);
    }
}

TEST_CASE("paths follow Gemini's rules: dot segments, %00, bad escapes refused, an encoded slash is 404")
{
    CHECK(refused("GET /a/../b HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /a/%2e%2E/b HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /./ HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /a%00 HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /%ff HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /?%00 HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
    CHECK(refused("GET /a%2Fb HTTP/1.1\r\nHost: a\r\n\r\n") == 404);
    CHECK(accepted("GET /a..b/.c HTTP/1.1\r\nHost: a\r\n\r\n").path == "/a..b/.c");
}

TEST_CASE("Host: required once on HTTP/1.1, valid in any version, empty allowed")
{
    CHECK(refused("GET / HTTP/1.1\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.0\r\nHost: bad host\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a:0\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n") == 400);
    CHECK(accepted("GET / HTTP/1.1\r\nHost:\r\n\r\n").host.empty());
    const request v6 = accepted("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
    CHECK(v6.host == "[::1]");
    CHECK(v6.port == 8080u);
    CHECK(accepted("GET / HTTP/1.1\r\nhOsT:   b\xc3\xa9.example  \r\n\r\n").host == "xn--b-bga.example");
}

TEST_CASE("header fields: no folding, no space before the colon, no control characters")
{
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  2\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nNo colon\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01z\r\n\r\n") == 400);
    constexpr char with_nul[] = "GET / HTTP/1.1\r\nHost: a\r\nX: a\0z\r\n\r\n";
    CHECK(refused(std::string{with_nul, sizeof with_nul - 1}) == 400);  // the NUL inside, not the end's
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n") == 400);
    CHECK(accepted("GET / HTTP/1.1\r\nHost: a\r\nX: tab\there \xc3\xa9\r\n\r\n").host == "a");
}

TEST_CASE("no request bodies: Content-Length above 0 or any Transfer-Encoding is 400")
{
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -0\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 1\r\n\r\n") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
    CHECK(accepted("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").host == "a");
}

TEST_CASE("oversized heads: a long target is 414, long or many header fields 431, decided before the buffer fills")
{
    const std::string long_target = "GET /" + std::string(max_request_line_bytes, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n";
    CHECK(refused(long_target) == 414);
    // Still on its request line, without a line end yet.
    CHECK(refused("GET /" + std::string(max_request_line_bytes + 10, 'a')) == 414);
    CHECK(is_incomplete("GET /" + std::string(max_request_line_bytes - 100, 'a')));
    const std::string big_field = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(max_header_bytes, 'b') + "\r\n\r\n";
    CHECK(refused(big_field) == 431);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(max_header_bytes + 10, 'b')) == 431);
    std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (std::size_t i = 0; i < max_header_fields + 1; ++i)
        many += "X: 1\r\n";
    CHECK(refused(many + "\r\n") == 431);
}

TEST_CASE("incomplete heads wait for more, a client not speaking HTTP is told at once")
{
    CHECK(is_incomplete(""));
    CHECK(is_incomplete("GE"));
    CHECK(is_incomplete("GET / HTTP/1.1\r"));
    CHECK(is_incomplete("GET / HTTP/1.1\r\nHost: a\r\n"));
    CHECK(is_incomplete("GET / HTTP/1.1\r\nHost: a\r\n\r"));
    CHECK(refused("\x16\x03\x01\x02") == 400);  // a TLS ClientHello on the plain port
}

TEST_CASE("pipelined requests: consumed covers the first head only")
{
    const std::string two = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n";
    parse_result r = parse_request(two);
    REQUIRE(std::holds_alternative<parsed>(r));
    const auto& p = std::get<parsed>(r);
    CHECK(p.req.path == "/a");
    CHECK(two.substr(p.consumed).starts_with("GET /b "));
}

TEST_CASE("the conditional, encoding and forwarding fields are kept")
{
    const request r = accepted("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"x\"\r\nIf-None-Match: \"y\"\r\n"
                               "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\nAccept-Encoding: br, gzip;q=0.5\r\n"
                               "X-Forwarded-For: 192.0.2.1\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
    CHECK(r.if_none_match == "\"x\", \"y\"");
    CHECK(r.if_modified_since == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(r.accepts_gzip);
    CHECK(r.forwarded_for == "192.0.2.1, 10.0.0.1");
}

TEST_CASE("Accept-Encoding: gzip by name or by *, never with q=0")
{
    CHECK(allows_gzip("gzip"));
    CHECK(allows_gzip("GZIP"));
    CHECK(allows_gzip("x-gzip"));
    CHECK(allows_gzip("deflate, gzip;q=1.0"));
    CHECK(allows_gzip("gzip ; q=0.001"));
    CHECK(allows_gzip("*"));
    CHECK(!allows_gzip(""));
    CHECK(!allows_gzip("identity"));
    CHECK(!allows_gzip("br, deflate"));
    CHECK(!allows_gzip("gzip;q=0"));
    CHECK(!allows_gzip("gzip;q=0.000"));
    CHECK(!allows_gzip("*, gzip;q=0"));
    CHECK(!allows_gzip("*;q=0"));
    CHECK(!allows_gzip("gzip;q=2"));
}

TEST_CASE("a stream of empty lines is refused rather than buffered")
{
    CHECK(is_incomplete(std::string(max_leading_empty_bytes / 2, '\n')));
    CHECK(refused(std::string(max_leading_empty_bytes + 2, '\n')) == 400);
    CHECK(refused(std::string(4096, '\n') + "GET / HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
}
