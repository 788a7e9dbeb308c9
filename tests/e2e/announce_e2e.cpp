// SPDX-License-Identifier: ISC
// `smolpub announce` submits the feed to Antenna (issue 28). The network here is loopback
// only, so the aggregator is a small Gemini server started by the test (Python's ssl
// module) that writes down every request line it gets and answers 20.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "cli_support.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view fake_antenna = R"(import socket, ssl, sys, time
cert, key, port_file, log = sys.argv[1:5]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(8)
srv.settimeout(1.0)
open(port_file + ".tmp", "w").write(str(srv.getsockname()[1]))
import os; os.rename(port_file + ".tmp", port_file)
end = time.time() + 30
while time.time() < end:
    try:
        conn, _ = srv.accept()
    except socket.timeout:
        continue
    try:
        conn.settimeout(5)
        s = ctx.wrap_socket(conn, server_side=True)
        line = b""
        while not line.endswith(b"\r\n") and len(line) < 2048:
            chunk = s.recv(1)
            if not chunk:
                break
            line += chunk
        with open(log, "ab") as f:
            f.write(line)
        s.sendall(b"20 text/gemini\r\nThank you!\n")
        s.close()
    except Exception as e:
        sys.stderr.write(str(e) + "\n")
)";

/// The fake aggregator, running until the test ends (at most 30 s).
struct fake_aggregator {
    pid_t pid = -1;
    unsigned port = 0;
    fs::path log;

    explicit fake_aggregator(const fs::path& dir)
    {
        // Its certificate, made by smolpub's own cert command.
        write_file(dir / "antenna.toml", "[site]\ncontent = \"none\"\nhostnames = [\"localhost\"]\ncertificates = \"antenna-certs\"\n");
        fs::create_directories(dir / "none");
        REQUIRE(run_smolpub({"cert", "--config", "antenna.toml"}, dir).code == 0);
        write_file(dir / "antenna.py", std::string{fake_antenna});
        log = dir / "requests.log";
        const fs::path port_file = dir / "antenna.port";
        const std::string script = (dir / "antenna.py").string(), cert = (dir / "antenna-certs" / "localhost.crt").string(),
                          key = (dir / "antenna-certs" / "localhost.key").string(), pf = port_file.string(),
                          lg = log.string();
        pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::execlp("python3", "python3", script.c_str(), cert.c_str(), key.c_str(), pf.c_str(), lg.c_str(),
                     static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 500 && !fs::exists(port_file); ++i)
            std::this_thread::sleep_for(10ms);
        REQUIRE(fs::exists(port_file));
        port = static_cast<unsigned>(std::stoul(read_file(port_file)));
    }
    ~fake_aggregator()
    {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
        }
    }
    std::string requests() const { return fs::exists(log) ? read_file(log) : std::string{}; }
};

fs::path capsule_config(const fs::path& dir, std::string_view announce)
{
    write_file(dir / "capsule" / "index.md", "Home.\n");
    write_file(dir / "smolpub.toml", "[site]\ncontent = \"capsule\"\nhostnames = [\"blog.example\"]\n"
                                     "[gemini]\nlisten = [\"127.0.0.1:1966\"]\n" + std::string{announce});
    return dir / "smolpub.toml";
}

} // namespace

TEST_CASE("announce submits the feed's URL to the Antenna URL once, as a Gemini request over TLS")
{
    temp_dir dir;
    fake_aggregator antenna{dir.path()};
    const std::string submit = "gemini://localhost:" + std::to_string(antenna.port) + "/~antenna/submit";
    capsule_config(dir.path(), "[announce]\nantenna = true\nantenna_url = \"" + submit + "\"\n");
    const auto r = run_smolpub({"announce"}, dir.path());
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("announced gemini://blog.example:1966/atom.xml to " + submit + ": 20 text/gemini") !=
          std::string::npos);
    CHECK(antenna.requests() == submit + "?gemini://blog.example:1966/atom.xml\r\n");
}

TEST_CASE("announce with announce.antenna off sends nothing and says how to turn it on")
{
    temp_dir dir;
    fake_aggregator antenna{dir.path()};
    capsule_config(dir.path(), "[announce]\nantenna_url = \"gemini://localhost:" + std::to_string(antenna.port) +
                                   "/~antenna/submit\"\n");
    const auto r = run_smolpub({"announce"}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.err.find("announce.antenna = true") != std::string::npos);
    std::this_thread::sleep_for(100ms);
    CHECK(antenna.requests().empty());
}

TEST_CASE("announce reports an aggregator that cannot be reached and exits 1")
{
    temp_dir dir;
    // A port nobody listens on: the fake's own, once it is gone.
    unsigned port = 0;
    {
        fake_aggregator gone{dir.path()};
        port = gone.port;
    }
    capsule_config(dir.path(), "[announce]\nantenna = true\nantenna_url = \"gemini://127.0.0.1:" + std::to_string(port) +
                                   "/~antenna/submit\"\n");
    const auto r = run_smolpub({"announce"}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.err.find("failed") != std::string::npos);
}

TEST_CASE("serve announces after a reload that adds an article, to Antenna and each of announce.urls, never for a draft")
{
    temp_dir dir;
    fake_aggregator antenna{dir.path()};
    const std::string origin = "gemini://localhost:" + std::to_string(antenna.port);
    write_file(dir.path() / "capsule" / "notes" / "first.md", "+++\ntitle = \"First\"\ndate = 2026-01-01\n+++\nOne.\n");
    // Names are looked up under the sandbox (on by default): "localhost" is in /etc/hosts.
    write_file(dir.path() / "smolpub.toml",
               loopback_config("", "[announce]\nantenna = true\nantenna_url = \"" + origin +
                                       "/~antenna/submit\"\nurls = [\"" + origin + "/other/submit\"]\n"));
    running_server server{dir.path()};
    const auto reload = [&] {
        const auto before = lines_with(server.output(), "smolpub: reloaded").size();
        server.signal(SIGHUP, false);
        for (int i = 0; i < 400 && lines_with(server.output(), "smolpub: reloaded").size() == before; ++i)
            std::this_thread::sleep_for(25ms);
        REQUIRE(lines_with(server.output(), "smolpub: reloaded").size() > before);
    };
    std::this_thread::sleep_for(300ms);
    CHECK(antenna.requests().empty());  // starting is no news

    write_file(dir.path() / "capsule" / "notes" / "draft.md",
               "+++\ntitle = \"Draft\"\ndate = 2026-01-02\ndraft = true\n+++\nNot yet.\n");
    reload();
    std::this_thread::sleep_for(500ms);
    CHECK(antenna.requests().empty());  // a draft is in no feed

    write_file(dir.path() / "capsule" / "notes" / "second.md", "+++\ntitle = \"Second\"\ndate = 2026-01-03\n+++\nTwo.\n");
    reload();
    const std::string feed = "gemini://localhost:" + std::to_string(server.gemini_port()) + "/atom.xml";
    const std::string both = origin + "/~antenna/submit?" + feed + "\r\n" + origin + "/other/submit?" + feed + "\r\n";
    for (int i = 0; i < 400 && antenna.requests() != both; ++i)
        std::this_thread::sleep_for(25ms);
    CHECK(antenna.requests() == both);
    CHECK(lines_with(server.output(), "smolpub: announced " + feed + " to ").size() == 2);

    // Another article within the minute: no second submission yet (one per minute at most).
    write_file(dir.path() / "capsule" / "notes" / "third.md", "+++\ntitle = \"Third\"\ndate = 2026-01-04\n+++\nThree.\n");
    reload();
    std::this_thread::sleep_for(500ms);
    CHECK(antenna.requests() == both);
}
