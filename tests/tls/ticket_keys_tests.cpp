// SPDX-License-Identifier: ISC
// The server.ticket_keys file: its format, rotation, and reading and writing it as a secret.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <sys/stat.h>

#include "tls/ticket_keys.hpp"
#include "temp_dir.hpp"

namespace tls = smolpub::tls;
using smolpub::tls::test::mode_of;
using smolpub::tls::test::temp_dir;

namespace {

/// A key whose 80 bytes are `first`, first + 1, ... (mod 256), and its 160 hex digits.
tls::ticket_key counting_key(unsigned first)
{
    tls::ticket_key k;
    unsigned b = first;
    for (auto& c : k.name)
        c = static_cast<unsigned char>(b++ & 0xff);
    for (auto& c : k.aes)
        c = static_cast<unsigned char>(b++ & 0xff);
    for (auto& c : k.hmac)
        c = static_cast<unsigned char>(b++ & 0xff);
    return k;
}

std::string counting_hex(unsigned first)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < 80; ++i) {
        const unsigned b = (first + i) & 0xff;
        out += digits[b >> 4];
        out += digits[b & 0x0f];
    }
    return out;
}

void write_file(const std::filesystem::path& file, const std::string& text, mode_t mode)
{
    std::ofstream{file, std::ios::binary} << text;
    REQUIRE(::chmod(file.c_str(), mode) == 0);
}

} // namespace

TEST_CASE("parse_ticket_keys reads hex keys newest first, skipping comments and blank lines")
{
    const std::string text = "# shared by both replicas\n\n" + counting_hex(0) + "\r\n  " + counting_hex(100) +
                             "  \n# the end\n";
    const auto keys = tls::parse_ticket_keys(text, "keys");
    REQUIRE_MESSAGE(keys, (keys ? "" : keys.error()));
    REQUIRE(keys->size() == 2);
    CHECK((*keys)[0] == counting_key(0));
    CHECK((*keys)[1] == counting_key(100));
    CHECK((*keys)[0].name[0] == 0);
    CHECK((*keys)[0].aes[0] == 16);   // name is bytes 0..15, AES key 16..47,
    CHECK((*keys)[0].hmac[0] == 48);  // HMAC key 48..79
    // Upper-case hex is the same key.
    std::string upper = counting_hex(7);
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto again = tls::parse_ticket_keys(upper, "keys");
    REQUIRE(again);
    CHECK(again->front() == counting_key(7));
}

TEST_CASE("parse_ticket_keys rejects short, long, odd-length and non-hex keys, naming file:line:col")
{
    SUBCASE("short: 79 bytes")
    {
        const auto keys = tls::parse_ticket_keys("# c\n" + counting_hex(0).substr(0, 158) + "\n", "k.txt");
        REQUIRE_FALSE(keys);
        CHECK(keys.error().starts_with("k.txt:2:1: "));
        CHECK(keys.error().find("80 bytes (160 hex digits), this one is 79 bytes") != std::string::npos);
    }
    SUBCASE("short: a 48-byte key of another format")
    {
        const auto keys = tls::parse_ticket_keys(counting_hex(0).substr(0, 96), "k.txt");
        REQUIRE_FALSE(keys);
        CHECK(keys.error().find("this one is 48 bytes") != std::string::npos);
    }
    SUBCASE("long")
    {
        const auto keys = tls::parse_ticket_keys(counting_hex(0) + "00", "k.txt");
        REQUIRE_FALSE(keys);
        CHECK(keys.error().find("this one is 81 bytes") != std::string::npos);
    }
    SUBCASE("odd length")
    {
        const auto keys = tls::parse_ticket_keys(counting_hex(0) + "\n  " + counting_hex(1).substr(0, 159), "k.txt");
        REQUIRE_FALSE(keys);
        CHECK(keys.error().starts_with("k.txt:2:3: odd number of hex digits (159)"));
    }
    SUBCASE("not hex")
    {
        std::string line = counting_hex(0);
        line[10] = 'g';
        const auto keys = tls::parse_ticket_keys(line, "k.txt");
        REQUIRE_FALSE(keys);
        CHECK(keys.error().starts_with("k.txt:1:11: "));
        CHECK(keys.error().find("'g'") != std::string::npos);
    }
    SUBCASE("a space inside a key")
    {
        std::string line = counting_hex(0);
        line[80] = ' ';
        const auto keys = tls::parse_ticket_keys(line, "k.txt");
        REQUIRE_FALSE(keys);
        CHECK(keys.error().starts_with("k.txt:1:81: "));
    }
}

TEST_CASE("parse_ticket_keys rejects a file without keys and two keys of the same name")
{
    const auto empty = tls::parse_ticket_keys("# nothing yet\n\n", "k.txt");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().starts_with("k.txt: no session-ticket keys"));
    CHECK_FALSE(tls::parse_ticket_keys("", "k.txt"));

    std::string twin = counting_hex(0);
    twin.replace(32, 128, counting_hex(9).substr(32));  // same name, other secrets
    const auto dup = tls::parse_ticket_keys(counting_hex(0) + "\n" + twin + "\n", "k.txt");
    REQUIRE_FALSE(dup);
    CHECK(dup.error().starts_with("k.txt:2:1: "));
    CHECK(dup.error().find("same name") != std::string::npos);
    CHECK(dup.error().find("line 1") != std::string::npos);
}

TEST_CASE("format_ticket_keys writes what parse_ticket_keys reads back")
{
    const std::vector keys{counting_key(3), counting_key(200), counting_key(50)};
    const std::string text = tls::format_ticket_keys(keys);
    CHECK(text.starts_with("#"));
    CHECK(text.find(counting_hex(200) + "\n") != std::string::npos);
    const auto back = tls::parse_ticket_keys(text, "k");
    REQUIRE(back);
    CHECK(*back == keys);
}

TEST_CASE("rotate_ticket_keys puts the fresh key first and keeps the newest N")
{
    const auto a = counting_key(1), b = counting_key(2), c = counting_key(3), d = counting_key(4);
    CHECK(tls::rotate_ticket_keys({}, a, 3) == std::vector{a});
    CHECK(tls::rotate_ticket_keys({a}, b, 3) == std::vector{b, a});
    CHECK(tls::rotate_ticket_keys({b, a}, c, 3) == std::vector{c, b, a});
    CHECK(tls::rotate_ticket_keys({c, b, a}, d, 3) == std::vector{d, c, b});  // the oldest goes
    CHECK(tls::rotate_ticket_keys({c, b, a}, d, 2) == std::vector{d, c});
    CHECK(tls::rotate_ticket_keys({c, b, a}, d, 0) == std::vector{d});  // at least the new one
    CHECK(tls::rotate_ticket_keys({b, a}, c, 10) == std::vector{c, b, a});
    CHECK(tls::default_ticket_keys_kept == 3);
}

TEST_CASE("make_ticket_key makes distinct random keys")
{
    const auto a = tls::make_ticket_key();
    const auto b = tls::make_ticket_key();
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->name != b->name);
    CHECK(a->aes != b->aes);
    CHECK(a->hmac != b->hmac);
}

TEST_CASE("write_ticket_key_file writes mode 0600 atomically and read_ticket_key_file reads it back")
{
    temp_dir dir;
    const auto file = dir.path() / "ticket.keys";
    const mode_t old_mask = ::umask(0);  // even a permissive umask gives 0600
    const auto written = tls::write_ticket_key_file(file, {counting_key(1), counting_key(2)});
    ::umask(old_mask);
    REQUIRE_MESSAGE(written, (written ? "" : written.error()));
    CHECK(mode_of(file) == 0600);
    auto back = tls::read_ticket_key_file(file);
    REQUIRE_MESSAGE(back, (back ? "" : back.error()));
    CHECK(*back == std::vector{counting_key(1), counting_key(2)});

    // Replacing it leaves the new content and no temporary file beside it.
    REQUIRE(tls::write_ticket_key_file(file, {counting_key(9)}));
    back = tls::read_ticket_key_file(file);
    REQUIRE(back);
    CHECK(*back == std::vector{counting_key(9)});
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++entries;
    CHECK(entries == 1);
}

TEST_CASE("read_ticket_key_file refuses a key file others can read, and names what is wrong")
{
    temp_dir dir;
    const auto file = dir.path() / "ticket.keys";
    write_file(file, counting_hex(0) + "\n", 0644);
    auto keys = tls::read_ticket_key_file(file);
    REQUIRE_FALSE(keys);
    CHECK(keys.error().starts_with(file.string() + ": refused: mode 0644 "));
    CHECK(keys.error().find("must be 0600 or stricter") != std::string::npos);

    REQUIRE(::chmod(file.c_str(), 0640) == 0);  // the group is "others" too
    CHECK_FALSE(tls::read_ticket_key_file(file));
    REQUIRE(::chmod(file.c_str(), 0600) == 0);
    CHECK(tls::read_ticket_key_file(file));
    REQUIRE(::chmod(file.c_str(), 0400) == 0);
    CHECK(tls::read_ticket_key_file(file));

    const auto missing = tls::read_ticket_key_file(dir.path() / "nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("nope: cannot open the session-ticket key file") != std::string::npos);

    write_file(dir.path() / "short", counting_hex(0).substr(2) + "\n", 0600);
    const auto broken = tls::read_ticket_key_file(dir.path() / "short");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().starts_with((dir.path() / "short").string() + ":1:1: "));

    CHECK_FALSE(tls::read_ticket_key_file(dir.path()));  // a folder is no key file
}
