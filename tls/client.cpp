// SPDX-License-Identifier: ISC
#include "tls/client.hpp"

#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "text/ascii.hpp"
#include "tls/openssl_handles.hpp"

namespace smolpub::tls {
namespace {

using ssl_ptr = c_ptr<SSL, SSL_free>;

struct fd_closer {
    int fd = -1;
    ~fd_closer()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

tl::expected<int, std::string> connect_to(const gemini_target& to, std::chrono::milliseconds timeout)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(to.port);
    if (const int rc = ::getaddrinfo(to.host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return tl::unexpected(to.host + ": " + ::gai_strerror(rc));
    std::string error = to.host + ": no address";
    int fd = -1;
    // On Linux SO_SNDTIMEO bounds connect() too.
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            error = to.host + ":" + port + ": " + std::strerror(errno);
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(found);
    if (fd < 0)
        return tl::unexpected(error);
    return fd;
}

} // namespace

tl::expected<gemini_target, std::string> parse_gemini_url(std::string_view url)
{
    constexpr std::string_view scheme = "gemini://";
    if (!url.starts_with(scheme))
        return tl::unexpected("not a gemini:// URL: " + std::string{url});
    std::string_view rest = url.substr(scheme.size());
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    gemini_target out;
    std::string_view host = authority, port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return tl::unexpected("bad host in " + std::string{url});
        host = authority.substr(1, close - 1);
        if (authority.size() > close + 1) {
            if (authority[close + 1] != ':')
                return tl::unexpected("bad host in " + std::string{url});
            port = authority.substr(close + 2);
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty())
        return tl::unexpected("no host in " + std::string{url});
    out.host = std::string{host};
    if (!port.empty()) {
        const auto p = text::parse_port(port);
        if (!p || *p == 0)
            return tl::unexpected("bad port in " + std::string{url});
        out.port = *p;
    }
    return out;
}

tl::expected<std::string, std::string> gemini_request(std::string_view url, std::chrono::milliseconds timeout)
{
    if (url.size() > 1024)
        return tl::unexpected(std::string{"the request is longer than Gemini's 1024 bytes"});
    const auto target = parse_gemini_url(url);
    if (!target)
        return tl::unexpected(target.error());
    const auto fd = connect_to(*target, timeout);
    if (!fd)
        return tl::unexpected(fd.error());
    fd_closer closer{*fd};

    ssl_ctx_ptr ctx{SSL_CTX_new(TLS_client_method())};
    if (!ctx)
        return tl::unexpected(openssl_errors());
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    ssl_ptr ssl{SSL_new(ctx.get())};
    if (!ssl || SSL_set_fd(ssl.get(), *fd) != 1)
        return tl::unexpected(openssl_errors());
    SSL_set_tlsext_host_name(ssl.get(), target->host.c_str());
    if (SSL_connect(ssl.get()) != 1)
        return tl::unexpected(target->host + ": TLS handshake failed: " + openssl_errors("timed out or closed"));
    const std::string line = std::string{url} + "\r\n";
    if (SSL_write(ssl.get(), line.data(), static_cast<int>(line.size())) != static_cast<int>(line.size()))
        return tl::unexpected(target->host + ": could not send the request");
    std::string header;
    char c = 0;
    // The header is at most 1024 bytes of meta, two of status, a space and CRLF.
    while (header.size() < 1100) {
        if (SSL_read(ssl.get(), &c, 1) != 1)
            break;
        if (c == '\n')
            break;
        header += c;
    }
    if (!header.empty() && header.back() == '\r')
        header.pop_back();
    SSL_shutdown(ssl.get());
    if (header.size() < 2)
        return tl::unexpected(target->host + ": no Gemini response header");
    return header;
}

} // namespace smolpub::tls
