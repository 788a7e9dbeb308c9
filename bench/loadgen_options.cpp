// SPDX-License-Identifier: ISC
#include "bench/loadgen_options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <thread>
#include <type_traits>

#include <asio/ip/address.hpp>

namespace smolpub::bench {
namespace {

using namespace std::string_literals;

template <class T>
std::optional<T> to_number(const std::string& text)
{
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// Seconds as given on the command line ("10", "0.5"), as milliseconds.
std::optional<std::chrono::milliseconds> to_duration(const std::string& text)
{
    const auto seconds = to_number<double>(text);
    if (!seconds || !std::isfinite(*seconds) || *seconds <= 0 || *seconds > 24 * 3600)
        return std::nullopt;
    return std::chrono::milliseconds(static_cast<long long>(std::llround(*seconds * 1000)));
}

} // namespace

tl::expected<target, std::string> parse_target(const std::string& url)
{
    target t;
    t.url = url;
    std::string rest;
    if (url.rfind("gemini://", 0) == 0) {
        rest = url.substr(9);
        t.port = 1965;
    } else if (url.rfind("gopher://", 0) == 0) {
        rest = url.substr(9);
        t.gopher = true;
        t.port = 70;
    } else if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
        t.http = true;
        t.port = 80;
    } else {
        return tl::unexpected("URL must start with gemini://, gopher:// or http://, got \"" + url + "\"");
    }
    if (url.find_first_of("\r\n") != std::string::npos)
        return tl::unexpected("URL must not contain CR or LF"s);

    const auto path_start = rest.find_first_of("/?#");
    const std::string authority = rest.substr(0, path_start);
    const std::string path = path_start == std::string::npos ? "" : rest.substr(path_start);
    if (authority.find('@') != std::string::npos)
        return tl::unexpected("URL must not carry user info"s);

    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos)
            return tl::unexpected("unterminated [IPv6] host in \"" + url + "\"");
        t.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':')
            return tl::unexpected("junk after [IPv6] host in \"" + url + "\"");
        if (!after.empty())
            port_text = after.substr(1);
    } else {
        const auto colon = authority.rfind(':');
        t.host = authority.substr(0, colon);
        if (colon != std::string::npos)
            port_text = authority.substr(colon + 1);
    }
    if (t.host.empty())
        return tl::unexpected("no host in \"" + url + "\"");
    if (!port_text.empty()) {
        const auto port = to_number<unsigned>(port_text);
        if (!port || *port == 0 || *port > 65535)
            return tl::unexpected("bad port \"" + port_text + "\" in \"" + url + "\"");
        t.port = static_cast<std::uint16_t>(*port);
    }
    // RFC 4266: gopher://host/<type><selector>; the type character is not sent.
    if (t.gopher && path.size() >= 2 && path.front() == '/')
        t.selector = path.substr(2);
    if (t.http) {
        t.path = path.empty() || path.front() != '/' ? "/" + path : path;
        if (t.path.find_first_of(" \t") != std::string::npos)
            return tl::unexpected("HTTP path must not contain spaces"s);
    }
    return t;
}

bool is_loopback_host(const std::string& host)
{
    std::string lower = host;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    if (lower == "localhost" || lower == "localhost.")
        return true;
    std::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

std::string usage()
{
    return "usage: loadgen URL [--concurrency N] [--requests N | --duration SECONDS] [--threads N]\n"
           "               [--timeout SECONDS] [--resume] [--nagle] [--gopher] [--json FILE] [--expect-status NN]\n"
           "               [--keepalive N]\n"
           "  URL is gemini://host[:port]/path, gopher://host[:port]/<type><selector> or http://host[:port]/path,\n"
           "  on loopback only.\n"
           "  Stops after --requests (default 1000000) or --duration (default 10 s), whichever comes first.\n"
           "  --nagle: no TCP_NODELAY and the request in its own write(s), like clients that keep socket defaults.\n"
           "  --keepalive N (http:// only): N requests per connection (default 1: a new connection each);\n"
           "  latency is per request, the connect counted in the first.\n";
}

tl::expected<options, std::string> parse_options(int argc, const char* const* argv)
{
    options o;
    o.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    std::optional<std::string> url;
    bool want_gopher = false;
    std::optional<std::string> status;

    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> tl::expected<std::string, std::string> {
            if (i + 1 >= argc)
                return tl::unexpected(arg + " needs a value");
            return std::string(argv[++i]);
        };
        const auto count = [&](std::uint64_t max) -> tl::expected<std::uint64_t, std::string> {
            return value().and_then([&](const std::string& v) -> tl::expected<std::uint64_t, std::string> {
                const auto n = to_number<std::uint64_t>(v);
                if (!n || *n == 0 || *n > max)
                    return tl::unexpected(arg + " must be 1.." + std::to_string(max) + ", got \"" + v + "\"");
                return *n;
            });
        };
        const auto seconds = [&]() -> tl::expected<std::chrono::milliseconds, std::string> {
            return value().and_then([&](const std::string& v) -> tl::expected<std::chrono::milliseconds, std::string> {
                if (auto d = to_duration(v))
                    return *d;
                return tl::unexpected(arg + " must be a number of seconds in (0, 86400], got \"" + v + "\"");
            });
        };

        // An option's value, once read and checked, is stored in its field; else `stored` says why not.
        tl::expected<void, std::string> stored;
        const auto to = [](auto& field) {
            return [&field](auto v) { field = static_cast<std::decay_t<decltype(field)>>(v); };
        };
        if (arg == "--concurrency" || arg == "-c")
            stored = count(100'000).map(to(o.concurrency));
        else if (arg == "--threads" || arg == "-t")
            stored = count(256).map(to(o.threads));
        else if (arg == "--requests" || arg == "-n")
            stored = count(1'000'000'000).map(to(o.max_requests));
        else if (arg == "--duration" || arg == "-d")
            stored = seconds().map(to(o.duration));
        else if (arg == "--timeout")
            stored = seconds().map(to(o.request_timeout));
        else if (arg == "--json")
            stored = value().map(to(o.json_file));
        else if (arg == "--keepalive")
            stored = count(1'000'000).map(to(o.keepalive));
        else if (arg == "--expect-status") {
            stored = value().and_then([&](const std::string& v) -> tl::expected<void, std::string> {
                if ((v.size() != 2 && v.size() != 3) || !std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
                    return tl::unexpected("--expect-status must be two digits (Gemini) or three (HTTP), got \"" + v + "\"");
                status = v;
                return {};
            });
        } else if (arg == "--resume") {
            o.resume = true;
        } else if (arg == "--nagle") {
            o.nagle = true;
        } else if (arg == "--gopher") {
            want_gopher = true;
        } else if (arg == "--help" || arg == "-h") {
            return tl::unexpected(usage());
        } else if (!arg.empty() && arg.front() == '-') {
            return tl::unexpected("unknown option " + arg + "\n" + usage());
        } else if (url) {
            return tl::unexpected("only one URL, got \"" + *url + "\" and \"" + arg + "\"");
        } else {
            url = arg;
        }
        if (!stored)
            return tl::unexpected(stored.error());
    }
    if (!url)
        return tl::unexpected(usage());
    auto where = parse_target(*url);
    if (!where)
        return tl::unexpected(where.error());
    o.where = *where;
    if (want_gopher && !o.where.gopher)
        return tl::unexpected("--gopher needs a gopher:// URL"s);
    if (o.resume && (o.where.gopher || o.where.http))
        return tl::unexpected("--resume is for TLS (gemini://) targets"s);
    if (o.keepalive != 1 && !o.where.http)
        return tl::unexpected("--keepalive is for http:// targets"s);
    if (o.where.http)
        o.expect_status = "200";
    if (status) {
        if (status->size() != (o.where.http ? 3u : 2u))
            return tl::unexpected("--expect-status must be " + std::string(o.where.http ? "three" : "two") + " digits for this URL"s);
        o.expect_status = *status;
    }
    // A load generator pointed at someone else's server is a denial-of-service tool.
    if (!is_loopback_host(o.where.host))
        return tl::unexpected("refusing to load " + o.where.host + ": only localhost, 127.0.0.0/8 and ::1 are allowed");
    o.threads = std::min(o.threads, o.concurrency);  // a thread without a connection slot would idle
    return o;
}

} // namespace smolpub::bench
