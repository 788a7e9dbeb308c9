// SPDX-License-Identifier: ISC
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
