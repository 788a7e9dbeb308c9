#include "hardening_support.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

namespace smolpub::e2e {
using namespace std::chrono_literals;

int tcp_connect(unsigned port, std::chrono::milliseconds limit, int receive_buffer)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(limit.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((limit.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (receive_buffer > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool send_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool closed_by_peer(int fd, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::array<char, 4096> sink;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= 0ms)
            return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            return false;
        const ssize_t n = ::recv(fd, sink.data(), sink.size(), MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            return true;
    }
}

tls_client::tls_client(int fd, std::string_view sni, std::string_view preamble) : fd_{fd}
{
    if (fd_ < 0)
        return;
    if (!preamble.empty() && !send_all(fd_, preamble))
        return;
    ctx_ = SSL_CTX_new(TLS_client_method());
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    if (!sni.empty())
        SSL_set_tlsext_host_name(ssl_, std::string{sni}.c_str());
    connected_ = SSL_connect(ssl_) == 1;
    ERR_clear_error();
}

tls_client::~tls_client()
{
    if (ssl_)
        SSL_free(ssl_);
    if (ctx_)
        SSL_CTX_free(ctx_);
    if (fd_ >= 0)
        ::close(fd_);
}

bool tls_client::write(std::string_view bytes)
{
    if (!connected_)
        return false;
    const bool ok = bytes.empty() || SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) > 0;
    ERR_clear_error();
    return ok;
}

std::optional<gemini_answer> tls_client::read_answer()
{
    if (!connected_)
        return std::nullopt;
    std::string all;
    std::array<char, 16384> buf;
    bool clean = false;
    while (true) {
        const int n = SSL_read(ssl_, buf.data(), static_cast<int>(buf.size()));
        if (n > 0) {
            all.append(buf.data(), static_cast<std::size_t>(n));
            continue;
        }
        clean = SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN;
        break;
    }
    ERR_clear_error();
    if (all.empty() && !clean)
        return std::nullopt;
    gemini_answer a;
    const auto eol = all.find("\r\n");
    a.header = all.substr(0, eol);
    a.body = eol == std::string::npos ? std::string{} : all.substr(eol + 2);
    a.close_notify = clean;
    return a;
}

std::optional<gemini_answer> fetch_with_preamble(unsigned port, std::string_view preamble, std::string_view request,
                                                 std::string_view sni)
{
    tls_client client{tcp_connect(port, 10s), sni, preamble};
    if (!client.write(std::string{request} + "\r\n"))
        return std::nullopt;
    return client.read_answer();
}

std::size_t open_descriptors(pid_t pid)
{
    std::size_t n = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it{"/proc/" + std::to_string(pid) + "/fd", ec}, end; !ec && it != end;
         it.increment(ec))
        ++n;
    return n;
}

std::string read_text(const std::filesystem::path& file)
{
    std::ifstream in{file, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

void pause_briefly() { std::this_thread::sleep_for(20ms); }

hardened_server::hardened_server(std::string_view extra, bool start_now)
{
    copy_example_capsule(dir.path());
    std::string config = "[site]\ntitle = \"Hardened\"\ncontent = \"capsule\"\nhostnames = [\"localhost\"]\n"
                         "certificates = \"certs\"\n";
    config += extra;
    if (config.find("[gemini]") == std::string::npos)
        config += "\n[gemini]\nlisten = [\"127.0.0.1:0\"]\n";
    write_text(dir.path() / "smolpub.toml", config);
    if (start_now)
        start();
}

} // namespace smolpub::e2e
