// SPDX-License-Identifier: ISC
// HTTPS served directly (http.tls_listen) by the real binary, with an operator certificate
// made here by openssl(1) and laid out as certbot does (live/ symlinks into archive/), under
// the default Landlock sandbox: curl fetches a page over it, SIGHUP serves a renewed
// certificate, a broken one on reload keeps the one before, and a missing one stops the start.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

/// Runs `command` in sh; its stdout, or nullopt when it failed.
std::optional<std::string> output_of(const fs::path& dir, const std::string& command)
{
    const fs::path out = dir / "command.out";
    if (std::system((command + " > '" + out.string() + "' 2>/dev/null").c_str()) != 0)
        return std::nullopt;
    return smolpub::test::read_file(out);
}

/// A new self-signed certificate for localhost as archive/fullchainN.pem and privkeyN.pem.
void make_certificate(const fs::path& dir, int n)
{
    const std::string archive = (dir / "archive").string(), tag = std::to_string(n);
    fs::create_directories(archive);
    const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                            "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout '" +
                            archive + "/privkey" + tag + ".pem' -out '" + archive + "/fullchain" + tag +
                            ".pem' >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
}

/// Points live/fullchain.pem and live/privkey.pem at archive's number `n`, as a renewal does.
void point_live_at(const fs::path& dir, int n)
{
    fs::create_directories(dir / "live");
    for (const char* name : {"fullchain", "privkey"}) {
        const fs::path link = dir / "live" / (std::string{name} + ".pem");
        const fs::path fresh = dir / "live" / (std::string{name} + ".pem.new");
        fs::remove(fresh);
        fs::create_symlink(fs::path{".."} / "archive" / (name + std::to_string(n) + ".pem"), fresh);
        fs::rename(fresh, link);
    }
}

/// The SHA-256 fingerprint line openssl prints for a certificate file, or for the one the
/// server presents on `port`.
std::string fingerprint_of_file(const fs::path& dir, const fs::path& pem)
{
    return output_of(dir, "openssl x509 -noout -fingerprint -sha256 -in '" + pem.string() + "'").value_or("none");
}
std::string fingerprint_served(const fs::path& dir, unsigned port)
{
    return output_of(dir, "openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                              " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256")
        .value_or("none served");
}

std::string https_config(std::string_view certificate = "live/fullchain.pem")
{
    return loopback_config("title = \"Web\"\n", "[http]\nlisten = [\"127.0.0.1:0\"]\ntls_listen = [\"127.0.0.1:0\"]\n"
                                                "certificate = \"" + std::string{certificate} +
                                                    "\"\nprivate_key = \"live/privkey.pem\"\n");
}

/// Sends SIGHUP and waits (bounded) for the reload to be done.
bool reload(running_server& server)
{
    const auto count = [&] {
        std::size_t n = 0;
        const std::string out = server.output();
        for (auto at = out.find("smolpub: reloaded"); at != std::string::npos; at = out.find("smolpub: reloaded", at + 1))
            ++n;
        return n;
    };
    const std::size_t before = count();
    server.signal(SIGHUP, false);
    for (int i = 0; i < 250; ++i) {
        if (count() > before)
            return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

} // namespace

TEST_CASE("HTTPS with the operator's certificate: curl fetches a page, SIGHUP serves the renewed one, a broken one is kept out")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    make_certificate(dir.path(), 1);
    point_live_at(dir.path(), 1);
    write_text(dir.path() / "smolpub.toml", https_config());
    running_server server{dir.path()};
    const unsigned port = server.https_port();
    REQUIRE(port != 0);
    const std::string origin = "https://localhost:" + std::to_string(port);
    const fs::path headers = dir.path() / "headers", body = dir.path() / "body";
    auto fetch = [&](int n) {
        return output_of(dir.path(), "curl -sS --max-time 5 --cacert '" + (dir.path() / "archive").string() +
                                         "/fullchain" + std::to_string(n) + ".pem' --resolve localhost:" +
                                         std::to_string(port) + ":127.0.0.1 -D '" + headers.string() + "' -o '" +
                                         body.string() + "' -w '%{http_code} %{http_version}' " + origin +
                                         "/notes/heron-at-the-weir/");
    };

    CHECK(fetch(1) == "200 1.1");
    const std::string page = smolpub::test::read_file(body);
    CHECK(page.starts_with("<!DOCTYPE html>"));
    CHECK(page.find("<article") != std::string::npos);
    const std::string head = smolpub::test::read_file(headers);
    CHECK(head.find("\r\nContent-Type: text/html; charset=utf-8\r\n") != std::string::npos);
    CHECK(head.find("\r\nContent-Security-Policy: default-src 'none'") != std::string::npos);
    // The access log names the protocol (it is written by a thread of its own).
    bool logged = false;
    for (int i = 0; i < 150 && !logged; ++i, std::this_thread::sleep_for(20ms))
        logged = server.output().find(" 127.0.0.1 https localhost /notes/heron-at-the-weir/ 200 ") != std::string::npos;
    CHECK(logged);
    // ALPN: http/1.1 picked from a client's offer that prefers h2.
    CHECK(output_of(dir.path(), "openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                                    " -servername localhost -alpn h2,http/1.1 </dev/null 2>/dev/null | grep '^ALPN'")
              .value_or("") == "ALPN protocol: http/1.1\n");
    // Never the self-signed Gemini certificate.
    const std::string first = fingerprint_of_file(dir.path(), dir.path() / "archive/fullchain1.pem");
    CHECK(fingerprint_served(dir.path(), port) == first);
    CHECK(first != fingerprint_of_file(dir.path(), dir.path() / "certs/localhost.crt"));

    // A renewal: new files in archive/, the live/ links moved, SIGHUP.
    make_certificate(dir.path(), 2);
    point_live_at(dir.path(), 2);
    REQUIRE(reload(server));
    const std::string second = fingerprint_of_file(dir.path(), dir.path() / "archive/fullchain2.pem");
    CHECK(second != first);
    CHECK(fingerprint_served(dir.path(), port) == second);
    CHECK(fetch(2) == "200 1.1");

    // A broken certificate on reload: the renewed one stays, and the error names the file.
    write_text(dir.path() / "archive/fullchain3.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    fs::copy_file(dir.path() / "archive/privkey2.pem", dir.path() / "archive/privkey3.pem");
    point_live_at(dir.path(), 3);
    REQUIRE(reload(server));
    CHECK(server.errors().find("HTTPS certificate not reloaded: " + (dir.path() / "live/fullchain.pem").string()) !=
          std::string::npos);
    CHECK(fingerprint_served(dir.path(), port) == second);
    CHECK(fetch(2) == "200 1.1");
}

TEST_CASE("HTTPS: a certificate file missing at start is an error that names it")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    make_certificate(dir.path(), 1);
    point_live_at(dir.path(), 1);
    write_text(dir.path() / "smolpub.toml", https_config("live/missing.pem"));
    std::string error;
    try {
        running_server server{dir.path()};
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    CHECK(error.find("smolpub exited at startup") != std::string::npos);
    CHECK(error.find((dir.path() / "live/missing.pem").string() + ": cannot open") != std::string::npos);
}
