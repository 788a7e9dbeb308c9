// SPDX-License-Identifier: ISC
// The web face ([http]) of the real binary over real TCP: framing, methods and limits,
// conditional requests, keep-alive, redirects, virtual hosts, and the client address from
// a PROXY header or a trusted X-Forwarded-For in the access log.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view loopback_http = "[http]\nlisten = [\"127.0.0.1:0\"]\n";

struct http_answer {
    int status = 0;
    std::string head;  ///< status line and fields, CRLFs included, without the blank line
    std::string body;

    std::string field(std::string_view name) const
    {
        const std::string key = "\r\n" + std::string{name} + ": ";
        const auto at = head.find(key);
        if (at == std::string::npos)
            return {};
        const auto from = at + key.size();
        return head.substr(from, head.find("\r\n", from) - from);
    }
};

/// A client connection that reads replies one at a time (Content-Length framed).
class http_client {
public:
    explicit http_client(unsigned port) : fd_{tcp_connect(port, 5s)} {}
    ~http_client()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    http_client(const http_client&) = delete;
    http_client& operator=(const http_client&) = delete;

    bool send(std::string_view bytes) { return fd_ >= 0 && send_all(fd_, bytes); }

    /// The next reply; `no_body` for the reply to HEAD (and 304s, which carry none anyway).
    std::optional<http_answer> read(bool no_body = false)
    {
        std::size_t end;
        while ((end = pending_.find("\r\n\r\n")) == std::string::npos)
            if (!more())
                return std::nullopt;
        http_answer a;
        a.head = pending_.substr(0, end + 2);
        pending_.erase(0, end + 4);
        if (a.head.size() < 12)
            return std::nullopt;
        a.status = std::stoi(a.head.substr(9, 3));
        const std::string length = a.field("Content-Length");
        const std::size_t n = no_body || a.status == 304 || length.empty() ? 0 : std::stoul(length);
        while (pending_.size() < n)
            if (!more())
                return std::nullopt;
        a.body = pending_.substr(0, n);
        pending_.erase(0, n);
        return a;
    }

    /// True when the server closed the connection (nothing more to read).
    bool closed()
    {
        if (!pending_.empty())
            return false;
        return !more();
    }

private:
    bool more()
    {
        char buffer[16384];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0)
            return false;
        pending_.append(buffer, static_cast<std::size_t>(n));
        return true;
    }

    int fd_;
    std::string pending_;
};

std::optional<http_answer> exchange(unsigned port, std::string_view request, bool no_body = false)
{
    http_client c{port};
    if (!c.send(request))
        return std::nullopt;
    return c.read(no_body);
}

std::string get(std::string_view path, std::string_view host = "localhost", std::string_view more = {})
{
    return "GET " + std::string{path} + " HTTP/1.1\r\nHost: " + std::string{host} + "\r\n" + std::string{more} + "\r\n";
}

bool eventually_logged(const running_server& s, std::string_view text)
{
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (s.output().find(text) != std::string::npos)
            return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

struct web_server {
    scratch_dir dir;
    std::optional<running_server> server;
    explicit web_server(std::string_view http_keys = {}, std::string_view more_tables = {})
    {
        copy_example_capsule(dir.path());
        write_text(dir.path() / "smolpub.toml",
                   loopback_config("title = \"Web\"\n", std::string{loopback_http} + std::string{http_keys} +
                                                            "[limits]\nrequest_timeout = 2\n" + std::string{more_tables}));
        server.emplace(dir.path());
    }
    unsigned port() const { return server->http_port(); }
};

} // namespace

TEST_CASE("a static file: 200 with its type, length, ETag, Last-Modified and the security headers, HEAD the same without a body")
{
    web_server s;
    REQUIRE(s.port() != 0);
    const auto a = exchange(s.port(), get("/images/weir.svg"));
    REQUIRE(a);
    CHECK(a->status == 200);
    CHECK(a->head.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(a->field("Content-Type") == "image/svg+xml");
    CHECK(a->body == smolpub::test::read_file(s.dir.path() / "capsule/images/weir.svg"));
    CHECK(a->field("Content-Length") == std::to_string(a->body.size()));
    CHECK(a->field("ETag").starts_with("\""));
    CHECK(a->field("Last-Modified").ends_with(" GMT"));
    CHECK(a->field("Date").ends_with(" GMT"));
    CHECK(a->field("Content-Security-Policy") == "default-src 'none'; style-src 'self'; img-src 'self'");
    CHECK(a->field("X-Content-Type-Options") == "nosniff");
    CHECK(a->field("Referrer-Policy") == "no-referrer");

    http_client c{s.port()};
    REQUIRE(c.send("HEAD /images/weir.svg HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    const auto head = c.read(true);
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->field("Content-Length") == a->field("Content-Length"));
    CHECK(head->field("ETag") == a->field("ETag"));
    CHECK(head->field("Connection") == "close");
    CHECK(c.closed());  // no body followed, and the connection ended as said
    CHECK(eventually_logged(*s.server, " 127.0.0.1 http localhost /images/weir.svg 200 "));
}

TEST_CASE("conditional requests: the ETag or the date it sent answers 304 without a body")
{
    web_server s;
    const auto a = exchange(s.port(), get("/images/weir.svg"));
    REQUIRE(a);
    const auto etag = exchange(s.port(), get("/images/weir.svg", "localhost", "If-None-Match: " + a->field("ETag") + "\r\n"));
    REQUIRE(etag);
    CHECK(etag->status == 304);
    CHECK(etag->body.empty());
    CHECK(etag->field("ETag") == a->field("ETag"));
    const auto date = exchange(s.port(), get("/images/weir.svg", "localhost", "If-Modified-Since: " + a->field("Last-Modified") + "\r\n"));
    REQUIRE(date);
    CHECK(date->status == 304);
    const auto other = exchange(s.port(), get("/images/weir.svg", "localhost", "If-None-Match: \"not-it\"\r\n"));
    REQUIRE(other);
    CHECK(other->status == 200);
}

TEST_CASE("refusals: 405 with Allow, 400 for a body or a bad request, 414, 431, 505, 404, each closes")
{
    web_server s;
    struct refusal {
        std::string request;
        int status;
    };
    const refusal cases[] = {
        {"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", 405},
        {"DELETE /x HTTP/1.1\r\nHost: localhost\r\n\r\n", 405},
        {"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\nbody", 400},
        {"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\n\r\n", 400},  // no Host
        {"GET /../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n", 400},
        {"GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414},
        {"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(9000, 'b') + "\r\n\r\n", 431},
        {"GET / HTTP/2.0\r\nHost: localhost\r\n\r\n", 505},
        {"GET /no/such/page HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404},
    };
    for (const auto& [request, status] : cases) {
        CAPTURE(request.substr(0, 60));
        http_client c{s.port()};
        REQUIRE(c.send(request));
        const auto a = c.read();
        REQUIRE(a);
        CHECK(a->status == status);
        CHECK(a->field("Content-Type") == "text/html; charset=utf-8");
        CHECK(a->body.find("<!DOCTYPE html>") == 0);
        if (status == 405)
            CHECK(a->field("Allow") == "GET, HEAD");
        CHECK(a->field("Connection") == "close");
        CHECK(c.closed());
    }
}

TEST_CASE("keep-alive: two requests on one connection, then pipelined ones, then the max_requests-th closes")
{
    web_server s{"max_requests = 4\n"};
    http_client c{s.port()};
    REQUIRE(c.send(get("/images/weir.svg")));
    const auto one = c.read();
    REQUIRE(one);
    CHECK(one->status == 200);
    CHECK(one->field("Connection").empty());
    REQUIRE(c.send(get("/no-such")));
    const auto two = c.read();
    REQUIRE(two);
    CHECK(two->status == 404);  // a miss does not end a kept connection
    // Two requests in one write: both answered, in order; the fourth is the last allowed.
    REQUIRE(c.send(get("/images/weir.svg", "localhost", "If-None-Match: " + one->field("ETag") + "\r\n") + get("/images/weir.svg")));
    const auto three = c.read();
    const auto four = c.read();
    REQUIRE(three);
    REQUIRE(four);
    CHECK(three->status == 304);
    CHECK(four->status == 200);
    CHECK(four->body == one->body);
    CHECK(four->field("Connection") == "close");
    CHECK(c.closed());
}

TEST_CASE("an HTTP/1.0 client is closed after its reply unless it asks for keep-alive")
{
    web_server s;
    http_client c{s.port()};
    REQUIRE(c.send("GET /images/weir.svg HTTP/1.0\r\n\r\n"));
    const auto a = c.read();
    REQUIRE(a);
    CHECK(a->status == 200);
    CHECK(a->field("Connection") == "close");
    CHECK(c.closed());
    http_client kept{s.port()};
    REQUIRE(kept.send("GET /images/weir.svg HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    const auto b = kept.read();
    REQUIRE(b);
    CHECK(b->field("Connection") == "keep-alive");
    REQUIRE(kept.send("GET /images/weir.svg HTTP/1.0\r\n\r\n"));
    CHECK(kept.read());
}

TEST_CASE("an idle kept connection is closed after http.idle_timeout")
{
    web_server s{"idle_timeout = 1\n"};
    http_client c{s.port()};
    REQUIRE(c.send(get("/images/weir.svg")));
    REQUIRE(c.read());
    const auto before = std::chrono::steady_clock::now();
    CHECK(c.closed());
    const auto waited = std::chrono::steady_clock::now() - before;
    CHECK(waited >= 800ms);
    CHECK(waited < 4s);
}

TEST_CASE("an alias answers 301 with an absolute Location under base_url")
{
    web_server s{"base_url = \"https://blog.example\"\n"};
    const auto a = exchange(s.port(), get("/blog/2024/09/heron/"));
    REQUIRE(a);
    CHECK(a->status == 301);
    CHECK(a->field("Location").starts_with("https://blog.example/"));
    CHECK(a->field("Location").find("heron") != std::string::npos);
    CHECK(a->body.find(a->field("Location")) != std::string::npos);
    // By default the base is the first hostname and the bound port.
    web_server plain;
    const auto b = exchange(plain.port(), get("/blog/2024/09/heron/"));
    REQUIRE(b);
    CHECK(b->status == 301);
    CHECK(b->field("Location").starts_with("http://localhost:" + std::to_string(plain.port()) + "/"));
}

TEST_CASE("Host picks the virtual host by the names SNI uses, an unknown one gets the default site")
{
    scratch_dir dir;
    write_text(dir.path() / "capsule/index.md", "# A\n");
    write_text(dir.path() / "capsule/which.txt", "site a\n");
    write_text(dir.path() / "other/index.md", "# B\n");
    write_text(dir.path() / "other/which.txt", "site b\n");
    write_text(dir.path() / "smolpub.toml",
               loopback_config("", std::string{loopback_http}) + "[[vhost]]\ncontent = \"other\"\nhostnames = [\"b.example\"]\n");
    running_server server{dir.path()};
    const auto a = exchange(server.http_port(), get("/which.txt", "localhost"));
    const auto b = exchange(server.http_port(), get("/which.txt", "B.Example.:8080"));
    const auto unknown = exchange(server.http_port(), get("/which.txt", "elsewhere.example"));
    const auto absolute = exchange(server.http_port(), "GET http://b.example/which.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(unknown);
    REQUIRE(absolute);
    CHECK(a->body == "site a\n");
    CHECK(b->body == "site b\n");
    CHECK(unknown->body == "site a\n");
    CHECK(absolute->body == "site b\n");
}

TEST_CASE("behind a proxy: the PROXY header's address, and X-Forwarded-For only from a trusted peer, reach the access log")
{
    web_server proxied{{}, "[server]\nproxy_protocol = true\n"};
    {
        http_client c{proxied.port()};
        REQUIRE(c.send("PROXY TCP4 203.0.113.9 127.0.0.1 40000 80\r\n" + get("/images/weir.svg")));
        const auto a = c.read();
        REQUIRE(a);
        CHECK(a->status == 200);
    }
    CHECK(eventually_logged(*proxied.server, " 203.0.113.9 http localhost /images/weir.svg 200 "));

    web_server trusting{"trusted_proxies = [\"127.0.0.1\"]\n"};
    CHECK(exchange(trusting.port(), get("/images/weir.svg", "localhost", "X-Forwarded-For: 198.51.100.7, 127.0.0.1\r\n")));
    CHECK(eventually_logged(*trusting.server, " 198.51.100.7 http localhost /images/weir.svg 200 "));

    web_server wary{"trusted_proxies = [\"192.0.2.1\"]\n"};
    CHECK(exchange(wary.port(), get("/images/weir.svg", "localhost", "X-Forwarded-For: 198.51.100.7\r\n")));
    CHECK(eventually_logged(*wary.server, " 127.0.0.1 http localhost /images/weir.svg 200 "));
    CHECK(wary.server->output().find("198.51.100.7") == std::string::npos);
}

TEST_CASE("curl fetches a file, and sees an alias's 301 with its absolute Location")
{
    web_server s;
    const std::string url = "http://127.0.0.1:" + std::to_string(s.port());
    const std::string codes = (s.dir.path() / "curl.codes").string();
    auto run = [&](const std::string& what, const std::string& path) {
        const std::string cmd = "curl -sS --max-time 5 -o /dev/null -w '" + what + "' " + url + path + " > " + codes;
        REQUIRE(std::system(cmd.c_str()) == 0);
        return smolpub::test::read_file(codes);
    };
    CHECK(run("%{http_code} %{size_download}", "/images/weir.svg") ==
          "200 " + std::to_string(smolpub::test::read_file(s.dir.path() / "capsule/images/weir.svg").size()));
    CHECK(run("%{http_code} %{redirect_url}", "/blog/2024/09/heron/").starts_with("301 http://localhost:" + std::to_string(s.port()) + "/"));
}

TEST_CASE("limits.rate counts every request of a kept connection: past the burst, 429 with Retry-After, and close")
{
    web_server s{{}, "rate = 1\nrate_burst = 2\n"};
    http_client c{s.port()};
    REQUIRE(c.send(get("/images/weir.svg")));
    const auto one = c.read();
    REQUIRE(one);
    CHECK(one->status == 200);
    REQUIRE(c.send(get("/images/weir.svg")));
    const auto two = c.read();
    REQUIRE(two);
    CHECK(two->status == 200);
    REQUIRE(c.send(get("/images/weir.svg")));
    const auto three = c.read();
    REQUIRE(three);
    CHECK(three->status == 429);
    CHECK(!three->field("Retry-After").empty());
    CHECK(three->field("Connection") == "close");
    CHECK(c.closed());
}
