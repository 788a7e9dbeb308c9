#pragma once
// Client-side tools for the hardening tests, beside server_harness: raw sockets that can
// send bytes before TLS (PROXY headers), stall, dribble or never read, and a look at the
// server process's open descriptors.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include <openssl/ssl.h>

#include "server_harness.hpp"

namespace smolpub::e2e {

/// A TCP connection to 127.0.0.1:port; reads and writes give up after `limit`. -1 on failure.
/// `receive_buffer` > 0 shrinks SO_RCVBUF before connecting (a small window for a client
/// that never reads).
int tcp_connect(unsigned port, std::chrono::milliseconds limit, int receive_buffer = 0);

/// Sends all of `bytes` on a plain socket.
bool send_all(int fd, std::string_view bytes);

/// Waits up to `limit` for the peer to close `fd` (reading and dropping what arrives).
/// true if it closed (EOF or reset) in time.
bool closed_by_peer(int fd, std::chrono::milliseconds limit);

/// A TLS client on a socket it owns, for tests that need to act between the steps of one
/// Gemini transaction.
class tls_client {
public:
    /// Takes `fd` (closing it at the end), optionally writes `preamble` in the clear first
    /// (a PROXY header), then shakes hands with `sni` ("" for none).
    tls_client(int fd, std::string_view sni, std::string_view preamble = {});
    ~tls_client();
    tls_client(const tls_client&) = delete;
    tls_client& operator=(const tls_client&) = delete;

    bool connected() const { return connected_; }
    bool write(std::string_view bytes);
    /// Everything until the server closes; nullopt if the connection broke uncleanly
    /// before any byte arrived.
    std::optional<gemini_answer> read_answer();
    SSL* ssl() const { return ssl_; }
    int fd() const { return fd_; }

private:
    int fd_;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    bool connected_ = false;
};

/// One Gemini transaction preceded by `preamble` in the clear.
std::optional<gemini_answer> fetch_with_preamble(unsigned port, std::string_view preamble, std::string_view request,
                                                 std::string_view sni = "localhost");

/// How many descriptors `pid` has open (its /proc/<pid>/fd).
std::size_t open_descriptors(pid_t pid);

/// Sleeps 20 ms (a bounded poll step, not a synchronisation).
void pause_briefly();

/// Polls `condition` every 20 ms until it holds or `limit` passes.
template <class F> bool eventually(F condition, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (condition())
            return true;
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        pause_briefly();
    }
}

/// The whole of `file`.
std::string read_text(const std::filesystem::path& file);

/// The capsule + config for a hardening test: the example capsule and `[site]`, with
/// `extra` TOML appended, served by the real binary.
struct hardened_server {
    scratch_dir dir;
    std::optional<running_server> server;
    explicit hardened_server(std::string_view extra, bool start = true);
    void start() { server.emplace(dir.path()); }
    unsigned port() const { return server->gemini_port(); }
};

} // namespace smolpub::e2e
