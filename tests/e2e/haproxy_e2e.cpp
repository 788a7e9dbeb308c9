// SPDX-License-Identifier: ISC
// Two smolpub replicas behind a real HAProxy on loopback ports, configured by the example
// packaging/haproxy/haproxy.cfg with only its addresses and ports substituted. Checks what
// docs/scale-out.md promises: both replicas serve, sessions resume across replicas (shared
// ticket keys), the access logs show the client's address from the PROXY header, stopping a
// replica under load loses (almost) nothing, and Gopher goes through HAProxy too.
#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "server_harness.hpp"
#include "tests/support/text.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

using smolpub::test::count_of;

namespace {

/// A port nobody listens on right now (bound to 127.0.0.1:0, then released) for HAProxy,
/// which cannot report a port the kernel picked.
unsigned free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}


std::string gopher_from(const char* source, unsigned port, std::string_view selector)
{
    const int fd = connect_from(source, port, 10s);
    if (fd < 0)
        return {};
    std::string all;
    if (send_all(fd, std::string{selector} + "\r\n")) {
        char buf[16384];
        ssize_t n;
        while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
            all.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return all;
}

/// A child process started from `argv`, stdout and stderr to files; killed by PID at the end.
class child_process {
public:
    child_process(std::vector<std::string> argv, const fs::path& out, const fs::path& err) : out_{out}, err_{err}
    {
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(a.data());
        args.push_back(nullptr);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(o, STDOUT_FILENO);
            ::dup2(e, STDERR_FILENO);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
    }
    ~child_process()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// Waits (bounded) for the exit; the exit code, or nullopt (killed, or still running at `limit`).
    std::optional<int> wait(std::chrono::seconds limit)
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        int status = 0;
        while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? std::optional{WEXITSTATUS(status)} : std::nullopt;
            }
            pause_briefly();
        }
        return std::nullopt;
    }
    bool running() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }
    std::string output() const { return read_file(out_); }
    std::string errors() const { return read_file(err_); }

private:
    pid_t pid_ = -1;
    fs::path out_, err_;
};

std::string haproxy_binary()
{
    for (const char* candidate : {"/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"})
        if (::access(candidate, X_OK) == 0)
            return candidate;
    return {};
}

/// Replaces every `from` in `text`; fails the test if there is none (the example changed shape).
void substitute(std::string& text, const std::string& from, const std::string& to)
{
    std::size_t n = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
        ++n;
    }
    INFO("the example config no longer contains " << from);
    REQUIRE(n > 0);
}

/// A number from loadgen's --json output.
std::uint64_t json_number(const std::string& json, const std::string& key)
{
    const auto at = json.find("\"" + key + "\": ");
    REQUIRE_MESSAGE(at != std::string::npos, json);
    return std::stoull(json.substr(at + key.size() + 4));
}

struct load_result {
    std::uint64_t ok = 0, failed = 0, resumed = 0;
    std::string json;
};

/// The project's load generator (bench/loadgen) against `url` with `args`.
class load_run {
public:
    load_run(const fs::path& dir, const std::string& name, const std::string& url, std::vector<std::string> args)
        : json_{dir / (name + ".json")}
    {
        std::vector<std::string> argv{SMOLPUB_LOADGEN, url, "--threads", "1", "--json", json_.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        process_.emplace(argv, dir / (name + ".out"), dir / (name + ".err"));
    }
    load_result finish(std::chrono::seconds limit)
    {
        const auto code = process_->wait(limit);
        INFO("loadgen: " << process_->errors());
        REQUIRE(code.has_value());
        load_result r;
        r.json = read_file(json_);
        REQUIRE(!r.json.empty());
        r.ok = json_number(r.json, "ok");
        r.failed = json_number(r.json, "failed");
        r.resumed = json_number(r.json, "resumed");
        return r;
    }

private:
    fs::path json_;
    std::optional<child_process> process_;
};

/// The example config switched to its optional SNI routing: the plain Gemini frontend
/// removed and the commented one (with `req_ssl_sni`) and its backend uncommented.
void use_sni_routing(std::string& cfg)
{
    const auto frontend = cfg.find("\nfrontend gemini\n");
    const auto backend = cfg.find("\nbackend smolpub_gemini\n");
    REQUIRE(frontend != std::string::npos);
    REQUIRE(backend != std::string::npos);
    cfg.erase(frontend, backend - frontend);
    const auto commented = cfg.find("\n# frontend gemini\n");
    REQUIRE(commented != std::string::npos);
    std::string tail = cfg.substr(commented);
    cfg.erase(commented);
    for (std::size_t at = 0; (at = tail.find("\n#", at)) != std::string::npos;)
        tail.erase(at + 1, tail[at + 2] == ' ' ? 2 : 1);
    cfg += tail;
}

/// Two replicas with the same certificates and ticket keys, and HAProxy in front. With
/// `sni`, replica 1 serves a.example.org and replica 2 b.example.org, and HAProxy routes by SNI.
struct fleet {
    scratch_dir dir;
    unsigned gemini_port = free_port(), gopher_port = free_port();  // HAProxy's frontends
    std::optional<running_server> replica[2];
    std::optional<child_process> haproxy;

    explicit fleet(bool sni = false)
    {
        for (int i : {0, 1}) {
            const std::string hostnames = !sni ? "\"localhost\", \"127.0.0.1\"" : i == 0 ? "\"a.example.org\"" : "\"b.example.org\"";
            const std::string config = "[site]\ntitle = \"Fleet\"\ncontent = \"capsule\"\n"
                                       "hostnames = [" + hostnames + "]\ncertificates = \"certs\"\n"
                                       "[gemini]\nlisten = [\"127.0.0.1:0\"]\nport = " + std::to_string(gemini_port) +
                                       "\n[gopher]\nlisten = [\"127.0.0.1:0\"]\nhost = \"localhost\"\nport = " +
                                       std::to_string(gopher_port) +
                                       "\n[server]\nproxy_protocol = true\nticket_keys = \"../ticket.keys\"\n";
            const fs::path home = dir.path() / (i == 0 ? "r1" : "r2");
            fs::create_directories(home);
            copy_example_capsule(home);
            write_text(home / "smolpub.toml", config);
        }
        // One identity and one key file, made once and copied: what docs/scale-out.md says to do.
        const auto keys = run_smolpub({"cert", "--ticket-keys", (dir.path() / "ticket.keys").string()}, dir.path());
        REQUIRE_MESSAGE(keys.code == 0, keys.err);
        const auto certs = run_smolpub({"cert", "--config", (dir.path() / "r1" / "smolpub.toml").string()}, dir.path());
        REQUIRE_MESSAGE(certs.code == 0, certs.err);
        fs::copy(dir.path() / "r1" / "certs", dir.path() / "r2" / "certs", fs::copy_options::recursive);
        replica[0].emplace(dir.path() / "r1");
        replica[1].emplace(dir.path() / "r2");

        std::string cfg = read_file(fs::path{SMOLPUB_SOURCE_DIR} / "packaging" / "haproxy" / "haproxy.cfg");
        REQUIRE(!cfg.empty());
        if (sni) {
            use_sni_routing(cfg);
            // capsule_a is replica 1 (twice); the example leaves capsule_b to the reader: replica 2.
            substitute(cfg, "192.0.2.21:1965", "127.0.0.1:" + std::to_string(replica[0]->gemini_port()));
            substitute(cfg, "192.0.2.22:1965", "127.0.0.1:" + std::to_string(replica[0]->gemini_port()));
            cfg += "\nbackend capsule_b\n    default-server send-proxy-v2 check inter 1s fall 2 rise 2\n"
                   "    server b1 127.0.0.1:" + std::to_string(replica[1]->gemini_port()) + "\n";
        }
        substitute(cfg, "bind :1965", "bind 127.0.0.1:" + std::to_string(gemini_port));
        substitute(cfg, "bind :70", "bind 127.0.0.1:" + std::to_string(gopher_port));
        for (int i : {0, 1}) {
            const std::string example = "192.0.2.1" + std::to_string(i + 1);
            substitute(cfg, example + ":1965", "127.0.0.1:" + std::to_string(replica[i]->gemini_port()));
            substitute(cfg, example + ":70", "127.0.0.1:" + std::to_string(replica[i]->gopher_port()));
        }
        write_text(dir.path() / "haproxy.cfg", cfg);

        const std::string binary = haproxy_binary();
        REQUIRE_MESSAGE(!binary.empty(), "haproxy is not installed (run.sh installs it as a test package)");
        haproxy.emplace(std::vector<std::string>{binary, "-db", "-f", (dir.path() / "haproxy.cfg").string()},
                        dir.path() / "haproxy.out", dir.path() / "haproxy.err");
        // Serving once through each frontend means HAProxy is up and has reached a replica.
        REQUIRE_MESSAGE(eventually([&] {
            const int fd = connect_from("127.0.0.1", gemini_port, 10s);
            if (fd < 0)
                return false;
            tls_client c{fd, "localhost"};
            return c.connected() && c.write("gemini://localhost:" + std::to_string(gemini_port) + "/\r\n") &&
                   c.read_answer().has_value();
        }, 20s), haproxy->errors());
    }

    std::string log(int i) const { return replica[i]->output(); }
    std::string haproxy_log() const { return haproxy->output() + haproxy->errors(); }
    std::string url() const { return "gemini://127.0.0.1:" + std::to_string(gemini_port) + "/"; }
};

} // namespace

TEST_CASE("two replicas behind HAProxy: both serve, logs show the client, Gopher passes with PROXY")
{
    fleet f;
    const std::string request = "gemini://localhost:" + std::to_string(f.gemini_port) + "/\r\n";
    std::string certificate;
    for (int i = 0; i < 10; ++i) {
        tls_client c{connect_from("127.0.0.7", f.gemini_port, 10s), "localhost"};
        REQUIRE(c.connected());
        REQUIRE(c.write(request));
        const auto answer = c.read_answer();
        REQUIRE(answer);
        CHECK(answer->header.starts_with("20 text/gemini"));
        CHECK(answer->close_notify);
        // Both replicas present byte-identical certificates, so pinning clients never notice a switch.
        X509* peer = SSL_get0_peer_certificate(c.ssl());
        REQUIRE(peer);
        unsigned char* der = nullptr;
        const int len = i2d_X509(peer, &der);
        REQUIRE(len > 0);
        const std::string bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
        OPENSSL_free(der);
        if (certificate.empty())
            certificate = bytes;
        CHECK(bytes == certificate);
    }
    for (int i = 0; i < 4; ++i) {
        const std::string menu = gopher_from("127.0.0.8", f.gopher_port, "");
        CHECK(menu.find("\tlocalhost\t" + std::to_string(f.gopher_port)) != std::string::npos);
    }
    // Access lines are flushed as they are written; give the last one a moment.
    const auto lines = [&](int i, std::string_view what) { return count_of(f.log(i), what); };
    CHECK(eventually([&] { return lines(0, " 127.0.0.7 gemini ") + lines(1, " 127.0.0.7 gemini ") == 10; }, 5s));
    CHECK(eventually([&] { return lines(0, " 127.0.0.8 gopher ") + lines(1, " 127.0.0.8 gopher ") == 4; }, 5s));
    for (int i : {0, 1}) {
        CAPTURE(i);
        CHECK(lines(i, " 127.0.0.7 gemini ") == 5);  // round robin: each replica got its half
        CHECK(lines(i, " 127.0.0.8 gopher ") == 2);
        // HAProxy's own address appears only for its own first request above, never for ours.
        CHECK(lines(i, " 127.0.0.1 gopher ") == 0);
        // HAProxy's health checks (a PROXY LOCAL header, then nothing) are not worth a word.
        std::string errors = f.replica[i]->errors();
        const std::string as_root = "smolpub: warning: running as root; set server.user to drop privileges\n";
        if (errors.starts_with(as_root))  // CI runs the suite as root
            errors.erase(0, as_root.size());
        CHECK_MESSAGE(errors.empty(), errors);
    }
    CHECK(lines(0, " 127.0.0.1 gemini ") + lines(1, " 127.0.0.1 gemini ") <= 1);
}

TEST_CASE("behind HAProxy a session from one replica resumes on the other: loadgen --resume")
{
    fleet f;
    // The log is written by a thread of its own, a moment after the reply: the fleet's own
    // first request may still be on its way. Counted once the logs have been still a while.
    std::size_t before[2] = {count_of(f.log(0), " gemini "), count_of(f.log(1), " gemini ")};
    for (int quiet = 0, tries = 0; quiet < 3 && tries < 30; ++tries) {
        std::this_thread::sleep_for(100ms);
        const std::size_t now[2] = {count_of(f.log(0), " gemini "), count_of(f.log(1), " gemini ")};
        quiet = now[0] == before[0] && now[1] == before[1] ? quiet + 1 : 0;
        before[0] = now[0];
        before[1] = now[1];
    }
    // One connection at a time: round robin sends each one to the other replica than the one
    // before, so every resumption offers a ticket the other replica sealed.
    load_run run{f.dir.path(), "resume", f.url(), {"--resume", "--concurrency", "1", "--requests", "300"}};
    const load_result r = run.finish(120s);
    INFO(r.json);
    MESSAGE("across two replicas: " << r.resumed << " of " << r.ok << " handshakes resumed");
    CHECK(r.ok == 300);
    CHECK(r.failed == 0);
    CHECK(static_cast<double>(r.resumed) >= 0.9 * static_cast<double>(r.ok));
    for (int i : {0, 1}) {
        CAPTURE(i);
        CHECK(eventually([&] { return count_of(f.log(i), " gemini ") - before[i] == 150; }, 5s));
        CHECK(count_of(f.log(i), " gemini ") - before[i] == 150);
    }
}

TEST_CASE("SIGTERM to one replica under load loses at most 1 %, and nothing once HAProxy marks it down")
{
    fleet f;
    load_run during{f.dir.path(), "during", f.url(), {"--resume", "--concurrency", "8", "--duration", "8"}};
    std::this_thread::sleep_for(2s);  // load running on both replicas
    const std::size_t served_by_r2 = count_of(f.log(1), " gemini ");
    CHECK(served_by_r2 > 0);
    f.replica[1]->signal(SIGTERM, false);
    CHECK(eventually([&] { return f.haproxy_log().find("smolpub_gemini/replica2 is DOWN") != std::string::npos; },
                     15s));
    const auto exit_code = f.replica[1]->signal(0, true, 15s);  // it drains and exits by itself
    CHECK(exit_code == 0);
    const load_result r = during.finish(60s);
    INFO(r.json);
    MESSAGE("one of two replicas stopped under load: " << r.failed << " of " << r.ok + r.failed << " requests failed");
    REQUIRE(r.ok + r.failed > 0);
    CHECK(static_cast<double>(r.failed) <= 0.01 * static_cast<double>(r.ok + r.failed));

    load_run after{f.dir.path(), "after", f.url(), {"--resume", "--concurrency", "4", "--requests", "300"}};
    const load_result a = after.finish(120s);
    INFO(a.json);
    CHECK(a.ok == 300);
    CHECK(a.failed == 0);
}

TEST_CASE("the example's optional SNI routing sends each capsule's readers to its own replicas")
{
    fleet f{true};
    REQUIRE(f.haproxy_log().find("req_ssl_sni") == std::string::npos);  // no complaint about the uncommented part
    for (int round = 0; round < 4; ++round) {
        for (const std::string host : {"a.example.org", "b.example.org"}) {
            CAPTURE(host);
            tls_client c{connect_from("127.0.0.9", f.gemini_port, 10s), host};
            REQUIRE(c.connected());
            REQUIRE(c.write("gemini://" + host + ":" + std::to_string(f.gemini_port) + "/\r\n"));
            const auto answer = c.read_answer();
            REQUIRE(answer);
            CHECK(answer->header.starts_with("20 "));  // a replica without this host would answer 53
        }
    }
    const auto lines = [&](int i, const std::string& host) {
        return count_of(f.log(i), " 127.0.0.9 gemini " + host + " ");
    };
    CHECK(eventually([&] { return lines(0, "a.example.org") == 4 && lines(1, "b.example.org") == 4; }, 5s));
    CHECK(lines(1, "a.example.org") == 0);
    CHECK(lines(0, "b.example.org") == 0);
}
