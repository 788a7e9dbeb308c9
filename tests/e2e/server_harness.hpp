// SPDX-License-Identifier: ISC
#pragma once
// A running `smolpub serve` for end-to-end tests: a temp capsule and config, the real
// binary started on 127.0.0.1:0, its ports read from its own startup lines, and clients
// that speak real TLS (Gemini) and TCP (Gopher) to it. Stopped by PID at the end.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include <openssl/ssl.h>

#include "tests/support/files.hpp"

namespace smolpub::e2e {

/// A fresh temp folder (smolpub-e2e-XXXXXX), removed with everything in it.
struct scratch_dir : test::temp_dir {
    scratch_dir() : test::temp_dir("smolpub-e2e-") {}
};

/// Copies the bundled example capsule (examples/capsule) into `dir/capsule`.
void copy_example_capsule(const std::filesystem::path& dir);

/// Writes `text` to `file`, creating folders.
inline void write_text(const std::filesystem::path& file, std::string_view text) { test::write_file(file, text); }

class running_server {
public:
    /// Starts `smolpub serve --config <dir>/smolpub.toml` (which the caller wrote; it must
    /// listen on 127.0.0.1:0) and waits until it printed its listening lines.
    explicit running_server(const std::filesystem::path& dir,
                            std::chrono::seconds startup_limit = std::chrono::seconds{20});
    ~running_server();
    running_server(const running_server&) = delete;
    running_server& operator=(const running_server&) = delete;

    unsigned gemini_port() const { return gemini_port_; }
    unsigned gopher_port() const { return gopher_port_; }
    /// The first HTTP listener's port on 127.0.0.1, when the config has [http] (0 otherwise).
    unsigned http_port() const { return http_port_; }
    /// The first HTTPS listener's port on 127.0.0.1 (http.tls_listen; 0 otherwise).
    unsigned https_port() const { return https_port_; }
    /// The Gemini port on [::1], when the config listens there too (0 otherwise).
    unsigned gemini_port_v6() const { return gemini_port_v6_; }
    pid_t pid() const { return pid_; }
    /// Everything the server printed on stdout / stderr so far.
    std::string output() const;
    std::string errors() const;
    /// Sends `signo`; with `wait`, waits (bounded) for the exit and returns the exit code.
    std::optional<int> signal(int signo, bool wait, std::chrono::seconds limit = std::chrono::seconds{15});

private:
    std::filesystem::path dir_;
    pid_t pid_ = -1;
    unsigned gemini_port_ = 0, gopher_port_ = 0, gemini_port_v6_ = 0, http_port_ = 0, https_port_ = 0;
};

/// A TCP connection to 127.0.0.1:port (or [::1] with `ipv6`); reads and writes give up after `limit`. -1 on failure.
/// `receive_buffer` > 0 shrinks SO_RCVBUF before connecting (a small window for a client
/// that never reads).
int tcp_connect(unsigned port, std::chrono::milliseconds limit, int receive_buffer = 0, bool ipv6 = false);
/// A TCP connection to 127.0.0.1:port from `source`, another loopback address (127.0.0.2…),
/// so that a test can play a second client; reads and writes time out after `limit`.
/// -1 on failure.
int connect_from(const char* source, unsigned port, std::chrono::seconds limit);

/// Sends all of `bytes` on a plain socket.
bool send_all(int fd, std::string_view bytes);

/// One Gemini transaction over real TLS: sends `request` + CRLF (or `raw` bytes as given
/// when `raw_line` is set) and returns everything read until the server closed.
/// `sni` empty: no SNI. `tls_version`: 0 for the library default range.
struct gemini_answer {
    std::string header;  ///< first line without CRLF
    std::string body;
    bool close_notify = false;  ///< the server ended TLS cleanly
};
/// A TLS client on a socket it owns, for tests that need to act between the steps of one
/// Gemini transaction.
/// How a tls_client shakes hands besides its SNI.
struct tls_options {
    SSL_SESSION* resume = nullptr;  ///< a session from an earlier connection to offer
    int max_version = 0;            ///< e.g. TLS1_2_VERSION; 0 for the library default
};

class tls_client {
public:
    /// Takes `fd` (closing it at the end), optionally writes `preamble` in the clear first
    /// (a PROXY header), then shakes hands with `sni` ("" for none).
    tls_client(int fd, std::string_view sni, std::string_view preamble = {}, const tls_options& options = {});
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

std::optional<gemini_answer> gemini_fetch(unsigned port, std::string_view request, std::string_view sni = "localhost",
                                          bool raw_line = false,
                                          std::chrono::milliseconds limit = std::chrono::seconds{10},
                                          bool ipv6 = false);

/// One Gopher transaction over TCP: sends `request` as given, returns all bytes until close.
std::optional<std::string> gopher_fetch(unsigned port, std::string_view request,
                                        std::chrono::milliseconds limit = std::chrono::seconds{10});

} // namespace smolpub::e2e
