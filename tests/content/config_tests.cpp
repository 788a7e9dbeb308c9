// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <string>

#include "content/config.hpp"
#include "tests/support/files.hpp"

using namespace smolpub::content;

using smolpub::test::read_file;

namespace {
std::string first_error(std::string_view text)
{
    auto r = parse_config(text, "site.toml");
    REQUIRE_MESSAGE(!r, "accepted:\n" << text);
    return r.error().front().text();
}
} // namespace

TEST_CASE("an empty config gets the documented defaults")
{
    auto r = parse_config("", "/srv/smolpub/smolpub.toml");
    REQUIRE(r);
    REQUIRE(r->sites.size() == 1);
    const auto& s = r->sites[0];
    CHECK(s.hostnames == std::vector<std::string>{"localhost"});
    CHECK(s.content_dir == "/srv/smolpub/capsule");
    CHECK(s.cert_dir == "/srv/smolpub/certs");
    CHECK(s.gemini_port == 1965u);
    CHECK(r->gemini_listen == std::vector<std::string>{"0.0.0.0:1965", "[::]:1965"});
    CHECK(r->gopher_listen.empty());
    CHECK(r->limit.request_timeout == std::chrono::seconds{10});
    CHECK(r->limit.max_connections_per_address == 32u);
}

TEST_CASE("config values are read into settings")
{
    auto r = parse_config(R"(
[site]
title = "Field notes"
author = "Ada"
content = "/var/capsule"
hostnames = ["Example.org", "www.example.org"]
[render]
links = "document"
emphasis = "strip"
[gemini]
listen = ["127.0.0.1:1965"]
check_port = false
[gopher]
listen = ["127.0.0.1:7070"]
host = "gopher.example.org"
port = 70
[limits]
request_timeout = 5
max_connections_per_address = 0
[log]
addresses = "hash"
)",
                          "/etc/smolpub.toml");
    REQUIRE(r);
    const auto& s = r->sites[0];
    CHECK(s.title == "Field notes");
    CHECK(s.content_dir == "/var/capsule");
    CHECK(s.hostnames == std::vector<std::string>{"example.org", "www.example.org"});
    CHECK(s.gemtext.links == smolpub::render::link_placement::document);
    CHECK(s.gemtext.emphasis == smolpub::render::emphasis_markers::strip);
    CHECK(!r->limit.check_port);
    CHECK(s.gopher_enabled);
    CHECK(s.gopher_host == "gopher.example.org");
    CHECK(s.gopher_port == 70u);
    CHECK(r->limit.request_timeout == std::chrono::seconds{5});
    CHECK(r->limit.max_connections_per_address == 0u);  // 0 turns the cap off
    CHECK(r->log_addresses == address_logging::hash);
}

TEST_CASE("server.ticket_keys is a path beside the config file, and unset means keys in memory")
{
    auto unset = parse_config("", "/etc/smolpub/smolpub.toml");
    REQUIRE(unset);
    CHECK(unset->ticket_keys.empty());
    auto relative = parse_config("[server]\nticket_keys = \"keys/ticket.keys\"\n", "/etc/smolpub/smolpub.toml");
    REQUIRE(relative);
    CHECK(relative->ticket_keys == "/etc/smolpub/keys/ticket.keys");
    auto absolute = parse_config("[server]\nticket_keys = \"/var/lib/smolpub/ticket.keys\"\n", "/etc/smolpub.toml");
    REQUIRE(absolute);
    CHECK(absolute->ticket_keys == "/var/lib/smolpub/ticket.keys");
    CHECK(first_error("[server]\nticket_keys = 3\n") == "site.toml:2:15: server.ticket_keys must be a string");
}

TEST_CASE("config errors name the file, line, column and key")
{
    CHECK(first_error("[site]\ntitel = \"x\"\n") == "site.toml:2:9: unknown key 'site.titel'");
    CHECK(first_error("[sight]\n") .starts_with("site.toml:1:1: unknown key 'sight'"));
    CHECK(first_error("[gemini]\nport = \"1965\"\n") == "site.toml:2:8: gemini.port must be an integer");
    CHECK(first_error("[gemini]\nport = 70000\n") == "site.toml:2:8: gemini.port must be 1..65535, got 70000");
    CHECK(first_error("[site]\nhostnames = [\"a\", 3]\n") == "site.toml:2:19: site.hostnames must be an array of strings");
    CHECK(first_error("[render]\nlinks = \"inline\"\n") ==
          "site.toml:2:9: render.links must be one of \"block\", \"section\", \"document\", \"off\"");
    CHECK(first_error("[site]\ntitle = \n").starts_with("site.toml:2:"));
    CHECK(first_error("[site]\nhostnames = [\"a\", \"A\"]\n").find("served by two sites") != std::string::npos);
}

TEST_CASE("every error is reported, not just the first")
{
    auto r = parse_config("[site]\ntitel = 1\n[gemini]\nport = 0\n", "x.toml");
    REQUIRE(!r);
    CHECK(r.error().size() == 2);
}

TEST_CASE("virtual hosts inherit from [site] and need their own content and hostnames")
{
    auto r = parse_config(R"(
[site]
author = "Ada"
hostnames = ["a.example"]
[[vhost]]
hostnames = ["b.example"]
content = "b"
)",
                          "/srv/x.toml");
    REQUIRE(r);
    REQUIRE(r->sites.size() == 2);
    CHECK(r->sites[1].author == "Ada");
    CHECK(r->sites[1].content_dir == "/srv/b");
    CHECK(first_error("[[vhost]]\ntitle = \"x\"\n").find("needs 'content' and 'hostnames'") != std::string::npos);
}

TEST_CASE("README's configuration reference and the example config document every key")
{
    const std::string readme = read_file(std::filesystem::path{SMOLPUB_SOURCE_DIR} / "README.md");
    const std::string example = read_file(std::filesystem::path{SMOLPUB_SOURCE_DIR} / "docs/smolpub.toml");
    for (const auto& key : config_keys()) {
        const std::string name = std::string{key.table} + "." + std::string{key.key};
        CHECK_MESSAGE(readme.find("`" + name + "`") != std::string::npos, "README lacks " << name);
        CHECK_MESSAGE(example.find(std::string{key.key} + " =") != std::string::npos, "docs/smolpub.toml lacks " << name);
    }
    CHECK(parse_config(example, std::filesystem::path{SMOLPUB_SOURCE_DIR} / "docs/smolpub.toml"));
}

TEST_CASE("README's configuration reference is `smolpub help config` verbatim")
{
    const std::string readme = read_file(std::filesystem::path{SMOLPUB_SOURCE_DIR} / "README.md");
    const std::string begin = "<!-- config-reference:begin -->\n", end = "<!-- config-reference:end -->";
    const auto from = readme.find(begin), to = readme.find(end);
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    CHECK(readme.substr(from + begin.size(), to - from - begin.size()) == config_reference_markdown());
}

TEST_CASE("a site made without a config file has the schema's defaults")
{
    // site_settings{} is what tests and tools get; load_config takes the defaults from the
    // schema (config_keys()). They must agree.
    auto r = parse_config("[gopher]\nlisten = [\"[::]:70\"]\n", "/srv/smolpub.toml");
    REQUIRE(r);
    const site_settings& read = r->sites[0];
    const site_settings made;
    CHECK(read.title == made.title);
    CHECK(read.author == made.author);
    CHECK(read.lang == made.lang);
    CHECK(read.gemini_port == made.gemini_port);
    CHECK(read.recent == made.recent);
    CHECK(read.feed_entries == made.feed_entries);
    CHECK(read.gemtext.links == made.gemtext.links);
    CHECK(read.gemtext.labels == made.gemtext.labels);
    CHECK(read.gemtext.emphasis == made.gemtext.emphasis);
    CHECK(read.gemtext.thematic_break == made.gemtext.thematic_break);
    CHECK(read.gopher_host == made.gopher_host);
    CHECK(read.gopher_port == made.gopher_port);
    CHECK(read.gopher_width == made.gopher_width);
    CHECK(read.strict_rfc1436 == made.strict_rfc1436);
}

TEST_CASE("every default in the schema is applied, and a bad value keeps it")
{
    auto r = parse_config("", "/srv/smolpub.toml");
    REQUIRE(r);
    CHECK(r->limit.handshake_timeout == std::chrono::seconds{10});
    CHECK(r->limit.write_floor_bytes_per_second == 512u);
    CHECK(r->limit.max_connections == 1024u);
    CHECK(r->limit.rate_burst == 20u);
    CHECK(r->limit.cache_bytes == std::size_t{32} << 20);
    CHECK(r->limit.check_port);
    CHECK(r->sandbox);
    CHECK(r->access_log);
    CHECK(r->threads == 1u);
    CHECK(!r->sites[0].gopher_enabled);
    CHECK(r->sites[0].gopher_host == "localhost");
    auto bad = parse_config("[site]\nrecent = -1\n[gemini]\nlisten = [\"127.0.0.1:1966\"]\n", "/srv/smolpub.toml");
    REQUIRE(!bad);
    CHECK(bad.error().size() == 1);
    CHECK(bad.error().front().text() == "/srv/smolpub.toml:2:10: site.recent must be 0..10000, got -1");
}

TEST_CASE("gopher.port and gemini.port default to the port of their first listener")
{
    auto r = parse_config("[gemini]\nlisten = [\"127.0.0.1:11965\", \"[::1]:1965\"]\n"
                          "[gopher]\nlisten = [\"127.0.0.1:7070\", \"[::1]:70\"]\n",
                          "/srv/smolpub.toml");
    REQUIRE(r);
    CHECK(r->sites[0].gemini_port == 11965u);
    CHECK(r->sites[0].gopher_port == 7070u);  // was 70 whatever listen said: every menu link dead

    auto set = parse_config("[gopher]\nlisten = [\"127.0.0.1:7070\"]\nport = 70\n", "/srv/smolpub.toml");
    REQUIRE(set);
    CHECK(set->sites[0].gopher_port == 70u);  // an explicit port (a port-forward) wins
}

TEST_CASE("[http] is off unless it names a listener, base_url defaults to the first hostname and port")
{
    auto off = parse_config("", "/srv/smolpub.toml");
    REQUIRE(off);
    CHECK(off->http_listen.empty());
    CHECK(off->sites[0].web_base_url.empty());
    CHECK(off->http_max_requests == 100u);
    CHECK(off->http_idle_timeout == std::chrono::seconds{5});

    auto on = parse_config("[site]\nhostnames = [\"blog.example\"]\n[http]\nlisten = [\"127.0.0.1:8080\"]\n"
                           "trusted_proxies = [\"127.0.0.1\", \"::1\"]\n[[vhost]]\ncontent = \"b\"\nhostnames = [\"b.example\"]\n"
                           "[[vhost]]\ncontent = \"c\"\nhostnames = [\"c.example\"]\nbase_url = \"https://c.example\"\n",
                           "/srv/smolpub.toml");
    REQUIRE(on);
    CHECK(on->sites[0].web_base_url == "http://blog.example:8080/");
    CHECK(on->sites[1].web_base_url == "http://b.example:8080/");
    CHECK(on->sites[2].web_base_url == "https://c.example/");
    CHECK(on->http_trusted_proxies == std::vector<std::string>{"127.0.0.1", "::1"});
    CHECK(on->http_base_url_from_port);

    auto port80 = parse_config("[http]\nlisten = [\"[::]:80\"]\nbase_url = \"https://blog.example/\"\n", "/srv/smolpub.toml");
    REQUIRE(port80);
    CHECK(port80->sites[0].web_base_url == "https://blog.example/");
    CHECK(parse_config("[http]\nlisten = [\"[::]:80\"]\n", "/srv/smolpub.toml")->sites[0].web_base_url == "http://localhost/");

    auto bad = parse_config("[http]\nlisten = [\"[::]:80\"]\nbase_url = \"gemini://x/\"\ntrusted_proxies = [\"proxy.lan\"]\n",
                            "/srv/smolpub.toml");
    REQUIRE(!bad);
    CHECK(bad.error().size() == 2);
}
