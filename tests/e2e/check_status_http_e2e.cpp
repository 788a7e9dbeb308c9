// SPDX-License-Identifier: ISC
// `smolpub check` and `smolpub status` on a config with [http], run for real (issue 26):
// check names a page the web cannot reach and a missing or mismatched HTTPS certificate,
// with file and line, and passes a good config; status shows the HTTP listener it serves.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "cli_support.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

/// A self-signed localhost certificate and its key as `dir`/NAME.crt and NAME.key.
void make_certificate(const fs::path& dir, const std::string& name)
{
    const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                            "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout '" +
                            (dir / (name + ".key")).string() + "' -out '" + (dir / (name + ".crt")).string() +
                            "' >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
}

/// A capsule with one article, and the config serving it with [http] (plus `http_keys`).
fs::path write_web_config(const fs::path& dir, std::string_view http_keys, std::string_view server = {})
{
    const fs::path config = dir / "smolpub.toml";
    write_file(config, std::string{server} + loopback_config("title = \"Web\"\n", "[http]\nlisten = [\"127.0.0.1:0\"]\n" +
                                                                                      std::string{http_keys}));
    write_file(dir / "capsule" / "notes" / "frost.md", "+++\ntitle = \"Frost\"\ndate = 2026-01-02\n+++\nWhite.\n");
    return config;
}

/// The 1-based line of `config` on which `key =` starts.
int line_of(const fs::path& config, std::string_view key)
{
    const std::string text = read_file(config);
    int line = 1;
    for (std::size_t at = 0; at < text.size(); at = text.find('\n', at) + 1, ++line) {
        if (text.compare(at, key.size(), key) == 0)
            return line;
        if (text.find('\n', at) == std::string::npos)
            break;
    }
    return 0;
}

} // namespace

TEST_CASE("check with [http]: a page and a category on one web path is a problem, at the page")
{
    temp_dir dir;
    const fs::path config = write_web_config(dir.path(), "");
    const fs::path page = dir.path() / "capsule" / "notes.md";
    write_file(page, "+++\ntitle = \"Notes\"\n+++\nA page named like the category.\n");

    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(lines_with(r.err, page.string() + ":1:1: on the web this page and the category folder").size() == 1);
    CHECK(lines_with(r.err, "are both /notes/, and the category wins").size() == 1);
    CHECK(lines_with(r.err, "1 problem").size() == 1);
    CHECK(lines_with(r.out, "smolpub: web face: http on 127.0.0.1:0, localhost at ").size() == 1);

    // Renamed, the page has a web path of its own and check passes.
    fs::rename(page, dir.path() / "capsule" / "notebook.md");
    const auto fixed = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(fixed.err);
    CHECK(fixed.code == 0);
    CHECK(lines_with(fixed.out, "smolpub: no problems (1 site, 1 article").size() == 1);
}

TEST_CASE("check with [http]: a missing or mismatched HTTPS certificate is a problem on its config line")
{
    temp_dir dir;
    make_certificate(dir.path(), "one");
    make_certificate(dir.path(), "two");
    const auto https = [](std::string_view cert, std::string_view key) {
        return "tls_listen = [\"127.0.0.1:0\"]\ncertificate = \"" + std::string{cert} + "\"\nprivate_key = \"" +
               std::string{key} + "\"\n";
    };

    const fs::path config = write_web_config(dir.path(), https("missing.crt", "one.key"));
    const std::string at = config.string() + ":" + std::to_string(line_of(config, "certificate =")) + ":1: ";
    REQUIRE(line_of(config, "certificate =") > 0);
    const auto missing = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(missing.err);
    CHECK(missing.code == 1);
    CHECK(lines_with(missing.err, at + "http.certificate: ").size() == 1);
    CHECK(lines_with(missing.err, "missing.crt: cannot open: ").size() == 1);

    write_web_config(dir.path(), https("one.crt", "two.key"));
    const auto mismatched = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(mismatched.err);
    CHECK(mismatched.code == 1);
    CHECK(lines_with(mismatched.err, at + "http.certificate: ").size() == 1);
    CHECK(lines_with(mismatched.err, "two.key does not match the certificate ").size() == 1);

    write_web_config(dir.path(), https("one.crt", "one.key"));
    const auto good = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(good.err);
    CHECK(good.code == 0);
    CHECK(lines_with(good.out, "smolpub: web face: http on 127.0.0.1:0, https on 127.0.0.1:0, localhost at ").size() ==
          1);
    CHECK(lines_with(good.out, "one.crt: SHA-256 ").size() == 1);
    CHECK(lines_with(good.out, "smolpub: no problems").size() == 1);
}

TEST_CASE("status of a running server with [http] shows its HTTP listener and base_url")
{
    scratch_dir dir;
    const fs::path config = write_web_config(dir.path(), "", "[server]\nstatus_file = \"status.txt\"\n");
    running_server server{dir.path()};
    REQUIRE(server.http_port() > 0);

    run_result r;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    do {
        r = run_smolpub({"status", "--config", config.string()}, dir.path());
        if (r.code == 0)
            break;
        std::this_thread::sleep_for(50ms);
    } while (std::chrono::steady_clock::now() < deadline);
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(lines_with(r.out, "smolpub: status: localhost: 1 article, ").size() == 1);
    const auto web = lines_with(r.out, "smolpub: status: web: http on 127.0.0.1:0; localhost at ");
    REQUIRE(web.size() == 1);
    // base_url unset: the web face's own address, with the port the kernel gave the listener
    CHECK(web[0].ends_with("localhost at http://localhost:" + std::to_string(server.http_port()) + "/"));
    CHECK(lines_with(r.out, "https on").empty());  // no tls_listen, no HTTPS part
    CHECK(server.signal(SIGTERM, true) == std::optional<int>{0});
}
