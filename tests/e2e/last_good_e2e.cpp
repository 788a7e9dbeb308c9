// SPDX-License-Identifier: ISC
// A broken edit never takes a page offline: a live server, content made broken and
// reloaded, keeps serving each broken file's last good version (issue 14).
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "tests/support/text.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

using smolpub::test::count_of;

namespace {

/// The body of a Gemini page that must answer 20.
std::string page(unsigned port, std::string_view path)
{
    const auto a = gemini_fetch(port, "gemini://localhost" + std::string{path});
    REQUIRE(a);
    INFO(path << " answered " << a->header);
    REQUIRE(a->header.starts_with("20 "));
    return a->body;
}

/// Sends SIGHUP and waits until the server printed one more "smolpub: reloaded".
void reload(running_server& server)
{
    const std::size_t before = count_of(server.output(), "smolpub: reloaded\n");
    server.signal(SIGHUP, false);
    REQUIRE(eventually([&] { return count_of(server.output(), "smolpub: reloaded\n") > before; }, 20s));
}

/// `smolpub status --config FILE`: exit code and standard output.
std::pair<int, std::string> run_status(const fs::path& config)
{
    const auto r = run_smolpub({"status", "--config", config.string()}, config.parent_path());
    return {r.code, r.out};
}

const std::string broken_front_matter = "+++\ntitle = \"First frost\ndate = 2024-11-03\n+++\nHalf an edit.\n";

} // namespace

TEST_CASE("a broken article keeps answering 20 with its previous body and stays listed everywhere")
{
    hardened_server s{""};
    const fs::path article = s.dir.path() / "capsule" / "notes" / "first-frost.md";
    const std::string good = read_text(article);
    const std::string before = page(s.port(), "/notes/first-frost.gmi");
    REQUIRE(before.find("minus three") != std::string::npos);
    const std::vector<std::string_view> listings{"/", "/notes/", "/archive/", "/tags/weather/", "/atom.xml",
                                                 "/notes/atom.xml"};
    for (const auto path : listings)
        REQUIRE_MESSAGE(page(s.port(), path).find("First frost") != std::string::npos, path);

    write_text(article, broken_front_matter);
    reload(*s.server);
    CHECK(s.server->errors().find(article.string() + ":2:") != std::string::npos);
    CHECK(s.server->errors().find("the previous version is still served") != std::string::npos);
    CHECK(s.server->output().find("1 broken file still served at the last good version") != std::string::npos);
    CHECK(page(s.port(), "/notes/first-frost.gmi") == before);
    for (const auto path : listings)
        CHECK_MESSAGE(page(s.port(), path).find("First frost") != std::string::npos, path);

    // SIGUSR1 names it as held back.
    s.server->signal(SIGUSR1, false);
    CHECK(eventually([&] {
        return s.server->output().find("smolpub: status: localhost: 6 articles, 1 page, 4 comments, 2 categories, 1 problem; built ") != std::string::npos &&
               s.server->output().find("1 file at the last good version: " + article.string()) != std::string::npos;
    }, 5s));

    // Fixed: the new body goes live.
    write_text(article, good + "\nFixed and extended.\n");
    reload(*s.server);
    CHECK(page(s.port(), "/notes/first-frost.gmi").find("Fixed and extended.") != std::string::npos);
    s.server->signal(SIGUSR1, false);
    CHECK(eventually([&] { return s.server->output().find("0 files at the last good version") != std::string::npos; }, 5s));
}

TEST_CASE("a broken comments file keeps the previous comments and a broken _category.toml the previous title")
{
    hardened_server s{""};
    const fs::path notes = s.dir.path() / "capsule" / "notes";
    const std::string comments_before = page(s.port(), "/notes/heron-at-the-weir/comments.gmi");
    REQUIRE(comments_before.find("Tomasz") != std::string::npos);
    REQUIRE(page(s.port(), "/notes/").find("\n# Field notes\n") != std::string::npos);

    write_text(notes / "heron-at-the-weir.comments.toml", "[[comment]]\nauthor = \"Tomasz\nbody = \"cut off");
    write_text(notes / "_category.toml", "title = \"Renamed\"\norder = \"first\"\n");
    reload(*s.server);
    const std::string errors = s.server->errors();
    CHECK(errors.find((notes / "heron-at-the-weir.comments.toml").string() + ":2:") != std::string::npos);
    CHECK(errors.find((notes / "_category.toml").string() + ":2:") != std::string::npos);
    CHECK(count_of(errors, "the previous version is still served") == 2);
    CHECK(page(s.port(), "/notes/heron-at-the-weir/comments.gmi") == comments_before);
    CHECK(page(s.port(), "/notes/").find("\n# Field notes\n") != std::string::npos);
    CHECK(page(s.port(), "/").find("Field notes") != std::string::npos);

    write_text(notes / "heron-at-the-weir.comments.toml", "[[comment]]\nauthor = \"Ola\"\nbody = \"A new one.\"\n");
    write_text(notes / "_category.toml", "title = \"Renamed\"\n");
    reload(*s.server);
    const std::string comments_after = page(s.port(), "/notes/heron-at-the-weir/comments.gmi");
    CHECK(comments_after.find("A new one.") != std::string::npos);
    CHECK(comments_after.find("Tomasz") == std::string::npos);
    CHECK(page(s.port(), "/notes/").find("\n# Renamed\n") != std::string::npos);
}

TEST_CASE("a deleted article is removed on reload with its aliases while a new one appears")
{
    hardened_server s{"", false};
    const fs::path notes = s.dir.path() / "capsule" / "notes";
    write_text(notes / "moving.md", "+++\ntitle = \"Moving\"\ndate = 2025-02-03\naliases = [\"/old/moving/\"]\n+++\nSoon gone.\n");
    s.start();
    REQUIRE(page(s.port(), "/notes/moving.gmi").find("Soon gone.") != std::string::npos);
    const auto alias = gemini_fetch(s.port(), "gemini://localhost/old/moving/");
    REQUIRE(alias);
    REQUIRE(alias->header.starts_with("3"));

    fs::remove(notes / "moving.md");
    write_text(notes / "arriving.md", "+++\ntitle = \"Arriving\"\ndate = 2025-02-04\n+++\nJust in.\n");
    reload(*s.server);
    CHECK(gemini_fetch(s.port(), "gemini://localhost/notes/moving.gmi")->header.starts_with("51 "));
    CHECK(gemini_fetch(s.port(), "gemini://localhost/old/moving/")->header.starts_with("51 "));
    CHECK(page(s.port(), "/notes/").find("Moving") == std::string::npos);
    CHECK(page(s.port(), "/notes/arriving.gmi").find("Just in.") != std::string::npos);
    CHECK(s.server->errors().find("still served") == std::string::npos);
}

TEST_CASE("a broken certificate or config on reload keeps the old identity and the old site")
{
    hardened_server s{""};
    const fs::path cert = s.dir.path() / "certs" / "localhost.crt";
    REQUIRE(fs::exists(cert));
    const std::string good_cert = read_text(cert);
    const auto fingerprint = [&] {
        tls_client c{tcp_connect(s.port(), 10s), "localhost"};
        REQUIRE(c.connected());
        X509* peer = SSL_get1_peer_certificate(c.ssl());
        REQUIRE(peer);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned length = 0;
        X509_digest(peer, EVP_sha256(), digest, &length);
        X509_free(peer);
        return std::string(reinterpret_cast<const char*>(digest), length);
    };
    const std::string before = fingerprint();

    write_text(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    write_text(s.dir.path() / "capsule" / "notes" / "first-frost.md", "+++\ntitle = \"Changed\"\ndate = 2024-11-03\n+++\nNew.\n");
    s.server->signal(SIGHUP, false);
    REQUIRE(eventually([&] { return s.server->errors().find("reload failed") != std::string::npos; }, 20s));
    CHECK(fingerprint() == before);
    CHECK(page(s.port(), "/notes/first-frost.gmi").find("minus three") != std::string::npos);

    // A missing key beside its certificate: the same.
    write_text(cert, good_cert);
    fs::remove(s.dir.path() / "certs" / "localhost.key");
    s.server->signal(SIGHUP, false);
    REQUIRE(eventually([&] { return count_of(s.server->errors(), "reload failed") == 2; }, 20s));
    CHECK(s.server->errors().find("localhost.key is missing") != std::string::npos);
    CHECK(fingerprint() == before);

    // A broken smolpub.toml keeps the whole previous site.
    write_text(s.dir.path() / "smolpub.toml", "[site\n");
    s.server->signal(SIGHUP, false);
    REQUIRE(eventually([&] { return count_of(s.server->errors(), "reload failed") == 3; }, 20s));
    CHECK(fingerprint() == before);
    CHECK(page(s.port(), "/notes/first-frost.gmi").find("minus three") != std::string::npos);
}

TEST_CASE("smolpub status prints what the running server serves from server.status_file")
{
    hardened_server s{"[server]\nstatus_file = \"run/status.txt\"\n", false};
    std::filesystem::create_directories(s.dir.path() / "run");
    s.start();
    const fs::path config = s.dir.path() / "smolpub.toml";
    const auto status = [&] { return run_status(config); };
    auto first = status();
    INFO(first.second);
    CHECK(first.first == 0);
    CHECK(first.second.find("smolpub: status: localhost: 6 articles, 1 page, 4 comments, 2 categories, 0 problems; "
                            "built ") != std::string::npos);
    CHECK(first.second.find("0 files at the last good version") != std::string::npos);
    CHECK(first.second.find("smolpub: status: access log: 0 lines dropped (queue full)\n") != std::string::npos);

    const fs::path article = s.dir.path() / "capsule" / "notes" / "first-frost.md";
    write_text(article, broken_front_matter);
    reload(*s.server);
    auto second = status();
    CHECK(second.first == 0);
    CHECK(second.second.find("1 file at the last good version: " + article.string()) != std::string::npos);

    // Once the server has stopped, the last status is still shown, but as stale.
    CHECK(s.server->signal(SIGTERM, true) == 0);
    auto stale = status();
    CHECK(stale.first == 1);
    CHECK(stale.second.find("1 file at the last good version") != std::string::npos);
}
