// SPDX-License-Identifier: ISC
// server.ticket_keys and `smolpub cert --ticket-keys` against the real binary: replicas that
// share a key file resume each other's sessions, SIGHUP re-reads the file, a broken file keeps
// the current keys, a key file others can read is refused, and a resumed connection gets a new
// ticket even when its own is fresh.
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <vector>

#include <sys/stat.h>

#include <openssl/ssl.h>

#include "cli_support.hpp"
#include "hardening_support.hpp"
#include "server_harness.hpp"
#include "tests/support/text.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

using smolpub::test::count_of;

namespace {

struct session_free {
    void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
};
using session_ptr = std::unique_ptr<SSL_SESSION, session_free>;

/// A fresh key file at `file`, made by the real `smolpub cert --ticket-keys`.
void make_key_file(const fs::path& file)
{
    const auto made = run_smolpub({"cert", "--ticket-keys", file.string()}, file.parent_path());
    REQUIRE_MESSAGE(made.code == 0, made.err);
}

/// A server on the example capsule whose [server] table sets `ticket_keys`.
std::unique_ptr<hardened_server> server_with_keys(const fs::path& key_file, bool start = true)
{
    return std::make_unique<hardened_server>("[server]\nticket_keys = \"" + key_file.string() + "\"\n", start);
}

struct visit {
    bool reused = false;
    session_ptr session;  ///< what the client holds afterwards, to resume next time
    std::string ticket;   ///< that session's ticket bytes
};

std::string ticket_of(SSL_SESSION* s)
{
    const unsigned char* tick = nullptr;
    std::size_t len = 0;
    SSL_SESSION_get0_ticket(s, &tick, &len);
    return {reinterpret_cast<const char*>(tick), len};
}

/// One Gemini request to `port`, offering `resume`; returns whether it resumed and the session after.
visit fetch(unsigned port, SSL_SESSION* resume, int max_version = 0)
{
    tls_client c{tcp_connect(port, 10s), "localhost", {}, {resume, max_version}};
    REQUIRE(c.connected());
    visit v;
    v.reused = SSL_session_reused(c.ssl()) == 1;
    REQUIRE(c.write("gemini://localhost/\r\n"));
    const auto answer = c.read_answer();
    REQUIRE(answer);
    CHECK(answer->header.starts_with("20 "));
    SSL_shutdown(c.ssl());  // keeps the session resumable (see hardening_tls_e2e.cpp)
    v.session.reset(SSL_get1_session(c.ssl()));
    REQUIRE(v.session);
    v.ticket = ticket_of(v.session.get());
    return v;
}

/// Sends SIGHUP and waits for the reload it starts to finish.
void reload(running_server& server)
{
    const std::size_t before = count_of(server.output(), "smolpub: reloaded\n") + count_of(server.errors(), "reload failed");
    server.signal(SIGHUP, false);
    REQUIRE(eventually(
        [&] { return count_of(server.output(), "smolpub: reloaded\n") + count_of(server.errors(), "reload failed") > before; },
        20s));
}

} // namespace

TEST_CASE("smolpub cert --ticket-keys writes a 0600 key file, refuses to replace it, and --rotate keeps the newest")
{
    temp_dir dir;
    const fs::path file = dir.path() / "ticket.keys";
    auto made = run_smolpub({"cert", "--ticket-keys", file.string()}, dir.path());
    REQUIRE_MESSAGE(made.code == 0, made.err);
    CHECK(made.out.find("wrote " + file.string() + ": 1 key, mode 0600") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    const auto names = [&](const std::string& out) { return lines_with(out, "  "); };
    const auto first_names = names(made.out);
    REQUIRE(first_names.size() == 1);

    const std::string before = read_file(file);
    const auto again = run_smolpub({"cert", "--ticket-keys", file.string()}, dir.path());
    CHECK(again.code == 1);
    CHECK(again.err.find("exists; rotate a new key into it with --rotate") != std::string::npos);
    CHECK(read_file(file) == before);  // untouched

    std::vector<std::string> previous = first_names;
    for (int round = 1; round <= 3; ++round) {
        CAPTURE(round);
        const auto rotated = run_smolpub({"cert", "--ticket-keys", file.string(), "--rotate"}, dir.path());
        REQUIRE_MESSAGE(rotated.code == 0, rotated.err);
        CHECK(rotated.out.find("rotated " + file.string()) != std::string::npos);
        const auto now = names(rotated.out);
        CHECK(now.size() == std::min<std::size_t>(round + 1, 3));  // default: keep 3
        REQUIRE(now.size() >= 2);
        CHECK(now[1] == previous[0]);  // the old first key moved down one
        CHECK(now[0] != previous[0]);
        previous = now;
    }
    const auto two = run_smolpub({"cert", "--ticket-keys", file.string(), "--rotate", "--keep", "2"}, dir.path());
    REQUIRE(two.code == 0);
    CHECK(names(two.out).size() == 2);
    CHECK(two.out.find("2 of 4 keys kept") != std::string::npos);
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);

    CHECK(run_smolpub({"cert", "--ticket-keys", (dir.path() / "none").string(), "--rotate"}, dir.path()).code == 1);
    CHECK(run_smolpub({"cert", "--rotate"}, dir.path()).code == 2);
    CHECK(run_smolpub({"cert", "--ticket-keys", file.string(), "--rotate", "--keep", "0"}, dir.path()).code == 2);
}

TEST_CASE("a ticket-key file with mode 0644 is refused at start with a clear error")
{
    temp_dir keys;
    const fs::path file = keys.path() / "ticket.keys";
    make_key_file(file);
    REQUIRE(::chmod(file.c_str(), 0644) == 0);
    auto s = server_with_keys(file, false);
    const auto result = run_smolpub({"serve", "--config", (s->dir.path() / "smolpub.toml").string()}, s->dir.path(), 30s);
    CHECK(result.code == 1);
    CHECK(result.err.find("server.ticket_keys: " + file.string() +
                          ": refused: mode 0644 lets other users read or change the session-ticket keys; it must "
                          "be 0600 or stricter") != std::string::npos);
    CHECK(result.out.find("listening") == std::string::npos);
}

TEST_CASE("two servers sharing a ticket-key file resume each other's sessions, and others do not")
{
    temp_dir keys;
    const fs::path shared = keys.path() / "shared.keys", other = keys.path() / "other.keys";
    make_key_file(shared);
    make_key_file(other);
    auto a = server_with_keys(shared);
    auto b = server_with_keys(shared, false);
    fs::remove_all(b->dir.path() / "certs");  // the same identity on both, as docs/scale-out.md says
    fs::copy(a->dir.path() / "certs", b->dir.path() / "certs", fs::copy_options::recursive);
    b->start();
    auto c = server_with_keys(other, false);
    fs::copy(a->dir.path() / "certs", c->dir.path() / "certs", fs::copy_options::recursive);
    c->start();
    CHECK(a->server->output().find("session-ticket keys: 1 from " + shared.string()) != std::string::npos);

    for (const int version : {0, TLS1_2_VERSION}) {
        CAPTURE(version);
        const visit first = fetch(a->port(), nullptr, version);
        CHECK_FALSE(first.reused);
        const visit on_b = fetch(b->port(), first.session.get(), version);
        CHECK(on_b.reused);
        const visit back_on_a = fetch(a->port(), on_b.session.get(), version);
        CHECK(back_on_a.reused);
        const visit on_c = fetch(c->port(), first.session.get(), version);
        CHECK_FALSE(on_c.reused);  // other keys: a full handshake, and a ticket of its own
    }
}

TEST_CASE("a resumed TLS 1.3 connection whose ticket is fresh still gets a new ticket")
{
    temp_dir keys;
    const fs::path file = keys.path() / "ticket.keys";
    make_key_file(file);
    auto s = server_with_keys(file);
    const visit full = fetch(s->port(), nullptr);
    CHECK_FALSE(full.reused);
    CHECK_FALSE(full.ticket.empty());  // a full handshake gets one
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        const visit resumed = fetch(s->port(), full.session.get());
        CHECK(resumed.reused);
        CHECK(resumed.ticket != full.ticket);  // a new one came: a client that uses each once can resume again
    }
}

TEST_CASE("SIGHUP re-reads the ticket-key file, and a broken or missing one keeps the current keys")
{
    temp_dir keys;
    const fs::path file = keys.path() / "ticket.keys";
    make_key_file(file);
    auto s = server_with_keys(file);
    running_server& server = *s->server;
    const visit old_key = fetch(s->port(), nullptr);

    SUBCASE("a rotated key encrypts; the old one still decrypts and its tickets are renewed")
    {
        REQUIRE(run_smolpub({"cert", "--ticket-keys", file.string(), "--rotate"}, keys.path()).code == 0);
        reload(server);
        CHECK(count_of(server.output(), "session-ticket keys: 2 from ") == 1);
        const visit renewed = fetch(s->port(), old_key.session.get());
        CHECK(renewed.reused);
        CHECK(renewed.ticket != old_key.ticket);  // sealed with the old key: a new ticket, under the new key

        // Rotated twice more with --keep 1, the first key is gone: its tickets no longer resume.
        REQUIRE(run_smolpub({"cert", "--ticket-keys", file.string(), "--rotate", "--keep", "1"}, keys.path()).code == 0);
        reload(server);
        CHECK_FALSE(fetch(s->port(), old_key.session.get()).reused);
    }
    SUBCASE("broken, readable by others, or missing: reported, and the keys stay")
    {
        const std::string good = read_file(file);
        const auto still_resumes = [&] { CHECK(fetch(s->port(), old_key.session.get()).reused); };

        write_file(file, "# half a key\n0123abcd\n");
        REQUIRE(::chmod(file.c_str(), 0600) == 0);
        reload(server);
        CHECK(server.errors().find(file.string() + ":2:1: a session-ticket key is 80 bytes") != std::string::npos);
        CHECK(server.errors().find("keeping the current session-ticket keys") != std::string::npos);
        still_resumes();

        write_file(file, good);
        REQUIRE(::chmod(file.c_str(), 0644) == 0);
        reload(server);
        CHECK(server.errors().find("refused: mode 0644") != std::string::npos);
        still_resumes();

        fs::remove(file);
        reload(server);
        CHECK(server.errors().find("cannot open the session-ticket key file") != std::string::npos);
        still_resumes();
        CHECK(server.output().find("smolpub: reloaded") != std::string::npos);  // the rest of the reload went on
    }
}
