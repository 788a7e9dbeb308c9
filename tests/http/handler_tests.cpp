// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <variant>

#include <zlib.h>

#include "http/gzip.hpp"
#include "http/handler.hpp"
#include "http/response.hpp"

using namespace smolpub;
using namespace smolpub::http;

namespace {

const time_point now = std::chrono::sys_days{std::chrono::year{2026} / 1 / 2} + std::chrono::hours{3};
const time_point built = now - std::chrono::hours{1};

request req_of(std::string_view head)
{
    parse_result r = parse_request(head);
    REQUIRE(std::holds_alternative<parsed>(r));
    return std::get<parsed>(r).req;
}

std::string header_of(std::string_view head, std::string_view name)
{
    const std::string key = "\r\n" + std::string{name} + ": ";
    const auto at = head.find(key);
    if (at == std::string_view::npos)
        return {};
    const auto from = at + key.size();
    return std::string{head.substr(from, head.find("\r\n", from) - from)};
}

std::string gunzip(std::string_view data)
{
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    CHECK(rc == Z_STREAM_END);
    return out;
}

std::shared_ptr<const site::document> page(std::string body, std::string mime = "text/html; charset=utf-8")
{
    return std::make_shared<const site::document>(site::document{std::move(mime), std::move(body)});
}

} // namespace

TEST_CASE("a page: 200 with its type, length, ETag, Last-Modified and the security headers")
{
    const auto doc = page("<!DOCTYPE html><p>hello</p>");
    const reply r = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), doc, now, built);
    CHECK(r.status == 200);
    CHECK(r.head.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(r.head.ends_with("\r\n\r\n"));
    CHECK(header_of(r.head, "Date") == "Fri, 02 Jan 2026 03:00:00 GMT");
    CHECK(header_of(r.head, "Last-Modified") == "Fri, 02 Jan 2026 02:00:00 GMT");
    CHECK(header_of(r.head, "Content-Type") == "text/html; charset=utf-8");
    CHECK(header_of(r.head, "Content-Length") == std::to_string(doc->body.size()));
    CHECK(header_of(r.head, "ETag") == etag_of(doc->body));
    CHECK(header_of(r.head, "Content-Security-Policy") == "default-src 'none'; style-src 'self'; img-src 'self'");
    CHECK(header_of(r.head, "X-Content-Type-Options") == "nosniff");
    CHECK(header_of(r.head, "Referrer-Policy") == "no-referrer");
    CHECK(header_of(r.head, "Connection").empty());
    CHECK(r.send_body);
    CHECK(r.body_view() == doc->body);
}

TEST_CASE("HEAD frames the same head without a body, Connection: close is said")
{
    const auto doc = page("<p>x</p>");
    const reply get = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), doc, now, built);
    const reply head = page_reply(req_of("HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), doc, now, built);
    CHECK(!head.send_body);
    CHECK(head.close);
    CHECK(header_of(head.head, "Content-Length") == header_of(get.head, "Content-Length"));
    CHECK(header_of(head.head, "Connection") == "close");
}

TEST_CASE("If-None-Match and If-Modified-Since answer 304 without a body")
{
    const auto doc = page("<p>cached</p>");
    const std::string etag = etag_of(doc->body);
    const reply hit = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"zz\", W/" + etag + "\r\n\r\n"), doc, now, built);
    CHECK(hit.status == 304);
    CHECK(!hit.send_body);
    CHECK(header_of(hit.head, "Content-Length").empty());
    CHECK(header_of(hit.head, "ETag") == etag);
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"other\"\r\n\r\n"), doc, now, built).status == 200);
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: *\r\n\r\n"), doc, now, built).status == 304);
    const std::string since = "If-Modified-Since: " + http_date(built) + "\r\n";
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\n" + since + "\r\n"), doc, now, built).status == 304);
    const std::string before = "If-Modified-Since: " + http_date(built - std::chrono::seconds{1}) + "\r\n";
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\n" + before + "\r\n"), doc, now, built).status == 200);
    // If-None-Match decides alone when both are sent (RFC 9110 13.2.2).
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"other\"\r\n" + since + "\r\n"), doc, now, built)
              .status == 200);
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: yesterday\r\n\r\n"), doc, now, built).status ==
          200);
}

TEST_CASE("gzip when accepted and the type is text, with its own ETag and Vary")
{
    std::string body;
    for (int i = 0; i < 200; ++i)
        body += "<p>A line of a page that compresses well.</p>\n";
    const auto doc = page(body);
    const reply gz = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\n\r\n"), doc, now, built);
    CHECK(header_of(gz.head, "Content-Encoding") == "gzip");
    CHECK(header_of(gz.head, "Vary") == "Accept-Encoding");
    CHECK(header_of(gz.head, "Content-Length") == std::to_string(gz.body_view().size()));
    CHECK(gz.body_view().size() < body.size() / 4);
    CHECK(gunzip(gz.body_view()) == body);
    CHECK(header_of(gz.head, "ETag") != etag_of(body));
    // The memo hands the same bytes to the next request.
    const reply again = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n"), doc, now, built);
    CHECK(again.body == gz.body);
    const std::string etag = header_of(gz.head, "ETag");
    CHECK(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nIf-None-Match: " + etag + "\r\n\r\n"), doc,
                     now, built)
              .status == 304);
    const reply plain = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), doc, now, built);
    CHECK(header_of(plain.head, "Content-Encoding").empty());
    CHECK(plain.body_view() == body);
    const auto image = page(body, "image/png");
    CHECK(header_of(page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n"), image, now, built).head,
                    "Content-Encoding")
              .empty());
}

TEST_CASE("a header value with a control character is never framed: a bare 500 instead")
{
    const auto doc = page("<p>x</p>", "text/html\r\nSet-Cookie: a=b");
    const reply r = page_reply(req_of("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), doc, now, built);
    CHECK(r.status == 500);
    CHECK(r.head == refused_head);
    CHECK(!r.send_body);
    CHECK(r.close);
    CHECK(r.head.find("Set-Cookie") == std::string::npos);
}

TEST_CASE("refusals: a small HTML page, 405 with Allow, Retry-After when known, and close")
{
    const reply r = refuse({405, "Only GET <and> HEAD"}, now);
    CHECK(r.head.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"));
    CHECK(header_of(r.head, "Allow") == "GET, HEAD");
    CHECK(header_of(r.head, "Connection") == "close");
    CHECK(r.close);
    CHECK(r.body_view().find("Only GET &lt;and&gt; HEAD") != std::string::npos);
    CHECK(header_of(r.head, "Content-Length") == std::to_string(r.body_view().size()));
    CHECK(header_of(refuse({429, "slow"}, now, 7).head, "Retry-After") == "7");
}

TEST_CASE("HTTP dates: IMF-fixdate both ways, other forms not believed")
{
    CHECK(http_date(std::chrono::sys_days{std::chrono::year{1994} / 11 / 6} + std::chrono::hours{8} +
                    std::chrono::minutes{49} + std::chrono::seconds{37}) == "Sun, 06 Nov 1994 08:49:37 GMT");
    const auto t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    REQUIRE(t);
    CHECK(http_date(*t) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(!parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
    CHECK(!parse_http_date("Sun Nov  6 08:49:37 1994"));
    CHECK(!parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
    CHECK(!parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
    CHECK(!parse_http_date("Sun, 06 Nov 9994 08:49:37 GMT"));  // past the clock's range (found by fuzz_http_request)
}

TEST_CASE("static files: framed as opened, 304 on their ETag")
{
    reply r;
    r.file_mime = "image/png";
    r.file = content::file_source{};
    const content::file_identity opened{1, 42, 1234, 1'700'000'000'000'000'000, false};
    frame_file(r, opened, now);
    CHECK(r.status == 200);
    CHECK(header_of(r.head, "Content-Length") == "1234");
    CHECK(header_of(r.head, "Last-Modified") == "Tue, 14 Nov 2023 22:13:20 GMT");
    const std::string etag = header_of(r.head, "ETag");
    reply again;
    again.file_mime = "image/png";
    again.file = content::file_source{};
    again.if_none_match = etag;
    frame_file(again, opened, now);
    CHECK(again.status == 304);
    CHECK(!again.send_body);
}

TEST_CASE("answer makes admission's refusals: 503 over a cap, 429 over the rate, each with Retry-After, and closes")
{
    const hosts none{};
    const parse_result head = parse_request("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    using kind = net::verdict::kind;
    const reply cap = answer(none, {kind::over_address_cap}, head, now, built);
    CHECK(cap.status == 503);
    CHECK(header_of(cap.head, "Retry-After") == "60");
    CHECK(cap.close);
    const reply full = answer(none, {kind::over_capacity}, head, now, built);
    CHECK(full.status == 503);
    CHECK(header_of(full.head, "Retry-After") == "10");
    const reply slow = answer(none, {kind::rate_limited, 9}, head, now, built);
    CHECK(slow.status == 429);
    CHECK(header_of(slow.head, "Retry-After") == "9");
    CHECK(slow.close);
    // A refused head is answered with its own failure, whatever admission said.
    const reply bad = answer(none, {kind::rate_limited, 9}, parse_request("POST / HTTP/1.1\r\nHost: a\r\n\r\n"), now, built);
    CHECK(bad.status == 405);
    // Served: the handler's answer (no site here: 404).
    CHECK(answer(none, {}, head, now, built).status == 404);
}
