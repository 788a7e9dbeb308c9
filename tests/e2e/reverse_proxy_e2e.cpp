// SPDX-License-Identifier: ISC
// README's reverse-proxy snippets, run: Debian's nginx and Caddy in front of the real
// binary's [http] listener, each with the very file README quotes (examples/reverse-proxy/),
// only its ports (and nginx's certificate folder) replaced. curl asks through the proxy from
// a second loopback address, and smolpub's access log must name that address, learnt from
// X-Forwarded-For because the proxy (127.0.0.1) is in http.trusted_proxies.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

/// A loopback port that was free a moment ago (the proxies take a port number, not :0).
unsigned free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof at;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&at), &len) == 0;
    ::close(fd);
    return ok ? ntohs(at.sin_port) : 0;
}

/// Every occurrence of `from` in `text` replaced by `to`; fails the test when there is none.
std::string replaced(std::string text, std::string_view from, std::string_view to)
{
    std::size_t n = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()), ++n)
        text.replace(at, from.size(), to);
    REQUIRE_MESSAGE(n > 0, "the example no longer holds " << from);
    return text;
}

/// A process started from `argv` with its output in `log`, stopped by its PID at the end.
class child_process {
public:
    child_process(std::vector<std::string> argv, const fs::path& log, const std::vector<std::string>& env = {})
    {
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
            for (const auto& e : env)
                ::putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> args;
            for (auto& a : argv)
                args.push_back(a.data());
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
    }
    ~child_process()
    {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 250; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_)
                return;
            std::this_thread::sleep_for(20ms);
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

private:
    pid_t pid_ = -1;
};

std::string example(std::string_view name)
{
    return smolpub::test::read_file(fs::path{SMOLPUB_SOURCE_DIR} / "examples" / "reverse-proxy" / name);
}

/// smolpub with [http] on a loopback port, believing X-Forwarded-For from 127.0.0.1 only.
struct proxied_smolpub {
    scratch_dir dir;
    std::optional<running_server> server;
    proxied_smolpub()
    {
        copy_example_capsule(dir.path());
        write_text(dir.path() / "smolpub.toml",
                   loopback_config("title = \"Web\"\n", "[http]\nlisten = [\"127.0.0.1:0\"]\n"
                                                        "trusted_proxies = [\"127.0.0.1\"]\n"));
        server.emplace(dir.path());
    }
    std::string upstream() const { return "127.0.0.1:" + std::to_string(server->http_port()); }
};

/// curl from 127.0.0.2 to https://blog.example.org:PORT/PATH (resolved to 127.0.0.1), trusting
/// `ca`; the status and the body's first bytes, retried while the proxy starts (bounded).
std::string fetch_through(const fs::path& dir, unsigned port, const fs::path& ca, std::string_view path)
{
    const fs::path body = dir / "proxied.body", out = dir / "proxied.code";
    const std::string cmd = "curl -sS --max-time 5 --interface 127.0.0.2 --cacert '" + ca.string() +
                            "' --resolve blog.example.org:" + std::to_string(port) + ":127.0.0.1 -o '" +
                            body.string() + "' -w '%{http_code}' https://blog.example.org:" + std::to_string(port) +
                            std::string{path} + " > '" + out.string() + "' 2>/dev/null";
    for (int i = 0; i < 100; ++i) {
        if (std::system(cmd.c_str()) == 0)
            return smolpub::test::read_file(out) + " " + smolpub::test::read_file(body).substr(0, 15);
        std::this_thread::sleep_for(50ms);
    }
    return "unreachable";
}

bool logged(const running_server& server, std::string_view line)
{
    for (int i = 0; i < 150; ++i, std::this_thread::sleep_for(20ms))
        if (server.output().find(line) != std::string::npos)
            return true;
    return false;
}

constexpr std::string_view article = "/notes/heron-at-the-weir/";
constexpr std::string_view real_client = " 127.0.0.2 http blog.example.org /notes/heron-at-the-weir/ 200 ";

} // namespace

TEST_CASE("README's nginx snippet in front of [http]: the page comes through, and the log names the real client")
{
    proxied_smolpub smolpub;
    const fs::path dir = smolpub.dir.path();
    const std::string live = (dir / "live").string();
    fs::create_directories(live);
    REQUIRE(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                         "-subj /CN=blog.example.org -addext subjectAltName=DNS:blog.example.org -keyout '" +
                         live + "/privkey.pem' -out '" + live + "/fullchain.pem' >/dev/null 2>&1")
                            .c_str()) == 0);
    const unsigned port = free_port();
    REQUIRE(port != 0);
    std::string site = example("nginx.conf");
    site = replaced(site, "listen 443 ssl;", "listen 127.0.0.1:" + std::to_string(port) + " ssl;");
    site = replaced(site, "/etc/letsencrypt/live/blog.example.org", live);
    site = replaced(site, "127.0.0.1:8080", smolpub.upstream());
    write_text(dir / "site.conf", site);
    // The rest of an nginx.conf, all in the temp folder (a root-started master, in the foreground).
    const std::string d = dir.string();
    write_text(dir / "nginx.conf", "daemon off;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
                                       "/nginx.err;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n"
                                       "  client_body_temp_path " + d + "/body;\n  proxy_temp_path " + d + "/proxy;\n"
                                       "  fastcgi_temp_path " + d + "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n"
                                       "  scgi_temp_path " + d + "/scgi;\n  include " + d + "/site.conf;\n}\n");
    child_process nginx{{"nginx", "-p", d, "-c", d + "/nginx.conf", "-e", d + "/nginx.err"}, dir / "nginx.out"};
    CHECK(fetch_through(dir, port, dir / "live/fullchain.pem", article) == "200 <!DOCTYPE html>");
    CHECK_MESSAGE(nginx.running(), smolpub::test::read_file(dir / "nginx.err"));
    CHECK(logged(*smolpub.server, real_client));
}

TEST_CASE("README's Caddyfile in front of [http]: the page comes through, and the log names the real client")
{
    proxied_smolpub smolpub;
    const fs::path dir = smolpub.dir.path();
    const unsigned port = free_port(), http_port = free_port();
    REQUIRE(port != 0);
    // Only global options are added: loopback ports, and a certificate from Caddy's own local
    // CA instead of Let's Encrypt (no network in tests), kept in the temp folder.
    const std::string caddyfile = "{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\tdefault_bind 127.0.0.1\n"
                                  "\thttp_port " + std::to_string(http_port) + "\n\thttps_port " +
                                  std::to_string(port) + "\n\tstorage file_system " + dir.string() + "/caddy\n}\n" +
                                  replaced(example("Caddyfile"), "127.0.0.1:8080", smolpub.upstream());
    write_text(dir / "Caddyfile", caddyfile);
    child_process caddy{{"caddy", "run", "--adapter", "caddyfile", "--config", (dir / "Caddyfile").string()},
                        dir / "caddy.out", {"HOME=" + dir.string(), "XDG_DATA_HOME=" + dir.string(),
                                            "XDG_CONFIG_HOME=" + dir.string()}};
    const fs::path root = dir / "caddy/pki/authorities/local/root.crt";
    for (int i = 0; i < 150 && !fs::exists(root); ++i)
        std::this_thread::sleep_for(20ms);
    CHECK(fetch_through(dir, port, root, article) == "200 <!DOCTYPE html>");
    CHECK_MESSAGE(caddy.running(), smolpub::test::read_file(dir / "caddy.out"));
    CHECK(logged(*smolpub.server, real_client));
}
