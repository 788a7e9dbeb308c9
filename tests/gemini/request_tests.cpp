// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <string>

#include "gemini/request.hpp"
#include "text/punycode.hpp"

using namespace smolpub::text;
using namespace smolpub::gemini;
using smolpub::gemini::parse_request;
using smolpub::gemini::status;

namespace {
status rejection(std::string_view line)
{
    auto r = parse_request(line);
    REQUIRE_MESSAGE(!r, "accepted: " << line);
    return r.error().code;
}
} // namespace

TEST_CASE("parse_request accepts absolute gemini URLs")
{
    SUBCASE("empty path and root are both served")
    {
        auto empty = parse_request("gemini://example.org");
        REQUIRE(empty);
        CHECK(empty->host == "example.org");
        CHECK(empty->path == "");
        CHECK(!empty->port);
        auto root = parse_request("gemini://example.org/");
        REQUIRE(root);
        CHECK(root->path == "/");
    }
    SUBCASE("port, path and query")
    {
        auto r = parse_request("gemini://Example.ORG:1965/notes/a%20b.gmi?caf%C3%A9");
        REQUIRE(r);
        CHECK(r->host == "example.org");
        CHECK(r->port == 1965u);
        CHECK(r->path == "/notes/a b.gmi");
        CHECK(r->raw_path == "/notes/a%20b.gmi");
        CHECK(r->query == "café");
    }
    SUBCASE("scheme is case-insensitive")
    {
        CHECK(parse_request("GEMINI://example.org/"));
    }
    SUBCASE("exactly 1024 bytes is served")
    {
        std::string line = "gemini://example.org/";
        line += std::string(1024 - line.size(), 'a');
        REQUIRE(line.size() == 1024);
        CHECK(parse_request(line));
        line += 'a';
        CHECK(rejection(line) == status::bad_request);
    }
    SUBCASE("IPv6 literal host")
    {
        auto r = parse_request("gemini://[::1]:1965/");
        REQUIRE(r);
        CHECK(r->host == "[::1]");
        CHECK(r->port == 1965u);
    }
}

TEST_CASE("parse_request rejects what the spec forbids with 59")
{
    CHECK(rejection("") == status::bad_request);
    CHECK(rejection("/relative/path") == status::bad_request);
    CHECK(rejection("example.org/") == status::bad_request);
    CHECK(rejection("//example.org/") == status::bad_request);
    CHECK(rejection("gemini:/example.org/") == status::bad_request);
    CHECK(rejection("gemini://user@example.org/") == status::bad_request);
    CHECK(rejection("gemini://example.org/#top") == status::bad_request);
    CHECK(rejection("gemini://example.org/a/../b") == status::bad_request);
    CHECK(rejection("gemini://example.org/./b") == status::bad_request);
    CHECK(rejection("gemini://example.org/%2e%2e/etc/passwd") == status::bad_request);
    CHECK(rejection("gemini://example.org/%2E/x") == status::bad_request);
    CHECK(rejection("gemini://example.org/..") == status::bad_request);
    CHECK(rejection("gemini://example.org/a%00b") == status::bad_request);
    CHECK(rejection("gemini://example.org/a%0ab") == status::bad_request);
    CHECK(rejection("gemini://example.org/%zz") == status::bad_request);
    CHECK(rejection("gemini://example.org/%4") == status::bad_request);
    CHECK(rejection(std::string{"gemini://example.org/a\0b", 24}) == status::bad_request);
    CHECK(rejection("gemini://example.org/a\tb") == status::bad_request);
    CHECK(rejection("gemini://example.org/a b") == status::bad_request);
    CHECK(rejection("\xEF\xBB\xBFgemini://example.org/") == status::bad_request);
    CHECK(rejection("gemini://example.org/\xff") == status::bad_request);
    CHECK(rejection("gemini://example.org/\xC0\xAF") == status::bad_request);  // overlong '/'
    CHECK(rejection("gemini://example.org/%C0%AF") == status::bad_request);   // overlong, encoded
    CHECK(rejection("gemini://example.org:99999/") == status::bad_request);
    CHECK(rejection("gemini://example.org:12ab/") == status::bad_request);
    CHECK(rejection("gemini:///path") == status::bad_request);
}

TEST_CASE("parse_request refuses other schemes as proxy requests (53)")
{
    CHECK(rejection("https://example.org/") == status::proxy_request_refused);
    CHECK(rejection("gopher://example.org/") == status::proxy_request_refused);
    CHECK(rejection("http://example.org/") == status::proxy_request_refused);
}

TEST_CASE("an encoded slash is never a path separator")
{
    auto r = parse_request("gemini://example.org/notes%2Fsecret.gmi");
    REQUIRE(!r);
    CHECK(r.error().code == status::not_found);
}

TEST_CASE("hosts compare in one canonical form")
{
    CHECK(smolpub::gemini::canonical_host("Example.ORG.") == "example.org");
    CHECK(smolpub::gemini::canonical_host("b%C3%BCcher.example") == "xn--bcher-kva.example");
    CHECK(smolpub::gemini::canonical_host("bücher.example") == "xn--bcher-kva.example");
    CHECK(smolpub::gemini::canonical_host("xn--bcher-kva.example") == "xn--bcher-kva.example");
    CHECK(!smolpub::gemini::canonical_host("a..b"));
    CHECK(!smolpub::gemini::canonical_host("bad host"));
    CHECK(!smolpub::gemini::canonical_host(""));
}

TEST_CASE("punycode follows RFC 3492's samples")
{
    CHECK(punycode_encode("bücher") == "bcher-kva");
    CHECK(punycode_encode("münchen") == "mnchen-3ya");
    // RFC 3492 7.1 (L) Japanese: 3<nen>B<gumi><kinpachi><sensei>
    CHECK(punycode_encode("3年B組金八先生") == "3B-ww4c5e180e575a65lsy2b");
    CHECK(!punycode_encode("\xff"));
}

TEST_CASE("header keeps meta within the spec's 1024 bytes without splitting UTF-8")
{
    CHECK(smolpub::gemini::header(status::not_found, "Not found") == "51 Not found\r\n");
    std::string meta(1023, 'a');
    meta += "é";  // two bytes straddling the limit
    const std::string h = smolpub::gemini::header(status::success, meta);
    CHECK(h.size() == 3 + 1023 + 2);
    CHECK(h.ends_with("a\r\n"));
}

TEST_CASE("header refuses a meta holding CR, LF or another control character: one line, always")
{
    using smolpub::gemini::header;
    using smolpub::gemini::refused_header;
    CHECK(header(status::success, "text/gemini; charset=utf-8; lang=en\r\n20 text/html") == refused_header);
    CHECK(header(status::redirect_permanent, "/a\nb") == refused_header);
    CHECK(header(status::success, "text/gemini\t") == refused_header);
    CHECK(header(status::success, std::string{"a\0b", 3}) == refused_header);
    CHECK(header(status::success, "text/plain\x7f") == refused_header);
    CHECK(refused_header.find('\n') == refused_header.size() - 1);
    CHECK(header(status::success, "text/gemini; charset=utf-8; lang=de-CH") ==
          "20 text/gemini; charset=utf-8; lang=de-CH\r\n");
}
