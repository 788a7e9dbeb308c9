// SPDX-License-Identifier: ISC
#include "server_harness.hpp"

#include <array>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace smolpub::e2e {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string slurp(const fs::path& file)
{
    std::ifstream in{file, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

} // namespace

void copy_example_capsule(const fs::path& dir)
{
    fs::copy(fs::path{SMOLPUB_SOURCE_DIR} / "examples" / "capsule", dir / "capsule", fs::copy_options::recursive);
}

running_server::running_server(const fs::path& dir, std::chrono::seconds startup_limit) : dir_{dir}
{
    const fs::path config = dir / "smolpub.toml";
    const std::string out = (dir / "server.out").string(), err = (dir / "server.err").string();
    pid_ = ::fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(o, STDOUT_FILENO);
        ::dup2(e, STDERR_FILENO);
        ::execl(SMOLPUB_BINARY, SMOLPUB_BINARY, "serve", "--config", config.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    static const std::regex gemini{R"(gemini listening on 127\.0\.0\.1:(\d+))"}, gopher{R"(gopher listening on 127\.0\.0\.1:(\d+))"},
        gemini6{R"(gemini listening on \[::1\]:(\d+))"}, http{R"(http listening on 127\.0\.0\.1:(\d+))"},
        https{R"(https listening on 127\.0\.0\.1:(\d+))"};
    const auto deadline = std::chrono::steady_clock::now() + startup_limit;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string text = output();
        std::smatch m;
        if (std::regex_search(text, m, gemini))
            gemini_port_ = static_cast<unsigned>(std::stoul(m[1]));
        if (std::regex_search(text, m, gemini6))
            gemini_port_v6_ = static_cast<unsigned>(std::stoul(m[1]));
        if (std::regex_search(text, m, gopher))
            gopher_port_ = static_cast<unsigned>(std::stoul(m[1]));
        if (std::regex_search(text, m, http))
            http_port_ = static_cast<unsigned>(std::stoul(m[1]));
        if (std::regex_search(text, m, https))
            https_port_ = static_cast<unsigned>(std::stoul(m[1]));
        // The Gopher listener, when configured, is bound right after Gemini's.
        // A table header at the start of a line; a comment that names the table is not one.
        const std::string text_of_config = "\n" + slurp(config);
        const bool wants_gopher = text_of_config.find("\n[gopher]") != std::string::npos;
        const bool wants_http = text_of_config.find("\n[http]") != std::string::npos;
        // All listening lines are said at once: the plain or the TLS one shows they are out.
        if (gemini_port_ && (gopher_port_ || !wants_gopher) && (http_port_ || https_port_ || !wants_http))
            return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("smolpub exited at startup: " + errors());
        }
        std::this_thread::sleep_for(20ms);
    }
    signal(SIGKILL, true);
    throw std::runtime_error("smolpub did not start listening in time: " + errors());
}

running_server::~running_server()
{
    if (pid_ > 0)
        signal(SIGKILL, true);
}

std::string running_server::output() const { return slurp(dir_ / "server.out"); }
std::string running_server::errors() const { return slurp(dir_ / "server.err"); }

std::optional<int> running_server::signal(int signo, bool wait, std::chrono::seconds limit)
{
    if (pid_ <= 0)
        return std::nullopt;
    ::kill(pid_, signo);
    if (!wait)
        return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? std::optional{WEXITSTATUS(status)} : std::nullopt;
        }
        std::this_thread::sleep_for(10ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return std::nullopt;
}

int connect_from(const char* source, unsigned port, std::chrono::seconds limit)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    timeval tv{static_cast<time_t>(limit.count()), 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int tcp_connect(unsigned port, std::chrono::milliseconds limit, int receive_buffer, bool ipv6)
{
    const int fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
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
    sockaddr_in6 addr6{};
    addr6.sin6_family = AF_INET6;
    addr6.sin6_port = htons(static_cast<uint16_t>(port));
    addr6.sin6_addr = in6addr_loopback;
    const int connected = ipv6 ? ::connect(fd, reinterpret_cast<sockaddr*>(&addr6), sizeof addr6)
                               : ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (connected != 0) {
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

tls_client::tls_client(int fd, std::string_view sni, std::string_view preamble, const tls_options& options)
    : fd_{fd}
{
    if (fd_ < 0)
        return;
    if (!preamble.empty() && !send_all(fd_, preamble))
        return;
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (options.max_version != 0)
        SSL_CTX_set_max_proto_version(ctx_, options.max_version);
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    if (options.resume != nullptr)
        SSL_set_session(ssl_, options.resume);
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
std::optional<gemini_answer> gemini_fetch(unsigned port, std::string_view request, std::string_view sni, bool raw_line,
                                          std::chrono::milliseconds limit, bool ipv6)
{
    tls_client client{tcp_connect(port, limit, 0, ipv6), sni};
    if (!client.connected() || !client.write(raw_line ? std::string{request} : std::string{request} + "\r\n"))
        return std::nullopt;
    return client.read_answer();
}

std::optional<std::string> gopher_fetch(unsigned port, std::string_view request, std::chrono::milliseconds limit)
{
    const int fd = tcp_connect(port, limit);
    if (fd < 0)
        return std::nullopt;
    std::optional<std::string> result;
    if (send_all(fd, request)) {
        std::string all;
        std::array<char, 16384> buf;
        ssize_t n;
        while ((n = ::recv(fd, buf.data(), buf.size(), 0)) > 0)
            all.append(buf.data(), static_cast<std::size_t>(n));
        if (n == 0)
            result = std::move(all);
    }
    ::close(fd);
    return result;
}

} // namespace smolpub::e2e
