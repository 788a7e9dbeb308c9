// SPDX-License-Identifier: ISC
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>
#include <system_error>
#include <utility>

#include "cli/cli.hpp"
#include "cli/commands.hpp"

namespace smolpub::cli {
namespace {

// The starter configuration: docs/smolpub.toml with the starter's paths and loopback listeners.
constexpr std::string_view starter_config = R"SMOLPUB(# smolpub.toml: every key smolpub accepts, each shown with its default.
# Uncomment and change what you need; everything else keeps the default shown.
# Relative paths are taken from the folder this file is in.
# `smolpub help config` prints the same reference as a table.

[site]
# Site title: the home page heading and the feed title.
title = "My capsule"
# Default author of articles and feeds.
# author = ""
# Default language (BCP 47), sent as `lang=` in the Gemini MIME type.
# lang = "en"
# The content directory: category folders of Markdown articles.
content = "content"  # default: "capsule"
# Names this site answers to; the first is canonical (feeds, links).
# hostnames = ["localhost"]
# Where <hostname>.crt and <hostname>.key live; made on first start when missing
# (ECDSA P-256, self-signed, valid for decades: Gemini clients pin on first use).
# certificates = "certs"
# Newest articles listed on the home page.
# recent = 10
# Entries in each Atom feed.
# feed_entries = 20
# One emoji served as /favicon.txt, which some Gemini browsers show beside the title.
# Empty: none (51 Not found).
# favicon = ""
# What an article says about comments when its front matter does not: "closed" (an
# archive: its comments, then "Comments are closed.") or "none" (a new blog, like this
# one: no notice). An article's own `comments` wins.
comments = "none"  # default: "closed"
# Reload when files under the content directory change (inotify).
# watch = false

[render]
# Where link lines go: "block" (after each paragraph, list, quote or table),
# "section" (before the next heading), "document" (at the end) or "off".
# links = "block"
# "text", or "numbered": `text[1]` in prose and `=> URL [1] text` below.
# link_labels = "text"
# "keep" (*x*, **x**, `x`) or "strip" the markers of emphasis, strong and code spans.
# emphasis = "keep"
# The line a Markdown thematic break (---) becomes.
# thematic_break = "~~~"

[gemini]
# Addresses the Gemini (TLS) listener binds: IPv4 and IPv6.
# Loopback only to start with; ["0.0.0.0:1965", "[::]:1965"] serves every address.
listen = ["127.0.0.1:1965"]
# The port in our own gemini:// URLs; requests naming another port get 53.
# port = 1965    (default: the port of the first listen address)
# Turn off behind a port-forward, where clients name the outside port.
# check_port = true

[gopher]
# Addresses the Gopher (plain TCP) listener binds; empty: no Gopher.
# Empty: no Gopher.
listen = ["127.0.0.1:7070"]
# The host and port advertised in menus. Behind NAT or a port redirect these are
# the outside name and port, not the listen address.
# host = "localhost"    (default: the first of site.hostnames)
# port = 7070    (default: the port of the first listen address)
# Hard-wrap width of text and menus, in display columns.
# width = 67
# Dot-stuff text files and end them with ".", as RFC 1436 says. Off by default:
# Gophernicus and pygopherd do not, and clients display that correctly.
# strict_rfc1436 = false

[robots]
# /robots.txt, when the capsule has none, follows the Gemini robots.txt companion spec
# (virtual user agents archiver, indexer, researcher, webproxy). Paths every crawler is
# asked to skip; /search answers any query, an endless space for a crawler.
# disallow = ["/search"]
# Let web proxies fetch the capsule; false adds "User-agent: webproxy / Disallow: /".
# The default is false once http.listen serves the web itself.
# webproxy = true

[announce]
# Antenna (gemini://warmedal.se/~antenna/) never polls: `smolpub announce` submits the
# feed's URL (gemini://HOST/atom.xml) to it. Run it after publishing a new article.
# antenna = false
# antenna_url = "gemini://warmedal.se/~antenna/submit"

[limits]
# Seconds a client has to finish the TLS handshake.
# handshake_timeout = 10
# Seconds a client has to send its request line.
# request_timeout = 10
# Bytes per second a reader must at least take; slower ones are cut off.
# write_floor = 512
# Concurrent connections; past this Gemini clients get 41.
# max_connections = 1024
# Concurrent connections per client address (the PROXY header's address behind a proxy;
# IPv6 clients per /64). Past it a Gemini connection is closed before its handshake, except
# one a minute per address that gets "41" so a reader behind a busy NAT learns why; a
# Gopher one gets an error line. 0: no cap.
# max_connections_per_address = 32
# Requests per second per client address (44 past it); 0: no limit.
# rate = 0
# Requests a client may make at once before `rate` applies.
# rate_burst = 20
# Megabytes of rendered pages kept in memory, least recently used out first. Pages are
# rendered from the Markdown when first asked for; 0 renders every request.
# cache = 32

[server]
# When started as root: the user to switch to after binding and loading certificates.
# user = ""
# With user: also chroot to the content directory.
# chroot = false
# Event-loop threads (0: one per core).
# threads = 1
# Expect a PROXY protocol (v1 or v2) header on every connection (behind HAProxy).
# proxy_protocol = false
# Session-ticket keys shared by every replica behind one load balancer, so that a client
# resumes its TLS session on whichever replica it reaches (docs/scale-out.md). Made with
# `smolpub cert --ticket-keys FILE`, rotated with `--rotate`; mode 0600 or the server refuses
# it. The first key encrypts, all decrypt; SIGHUP re-reads it, and a broken or missing file
# keeps the current keys. Empty: random keys in memory, rotated every 12 hours.
# ticket_keys = ""
# After startup, only read the content, certificate, ticket-key and config folders (Linux
# Landlock; skipped where the kernel lacks it). Certificates for hosts added by a reload must
# exist.
# sandbox = true
# A file (relative to this one) where the running server keeps what it serves, rewritten at
# start and after every reload, for `smolpub status`; empty: none. Read at start only.
# status_file = ""

[log]
# One line per request on stdout.
# access = true
# Client addresses in the access log: "full", "hash" or "omit".
# addresses = "full"
# The key file that "hash" addresses are keyed with (16 random bytes, made when missing;
# a new key is derived from it each UTC day). Empty: a random key per run.
# key = "log.key"

# Another site served by the same process (Gemini only: SNI picks it). Each key
# defaults to the [site] one; content and hostnames are required.
# [[vhost]]
# title = "Another capsule"
# author = ""
# lang = "en"
# content = "other"
# hostnames = ["other.example"]
# certificates = "certs"
# recent = 10
# feed_entries = 20
)SMOLPUB";

constexpr std::string_view starter_about = R"(+++
title = "About"
description = "Who writes this capsule."
+++
This is the about page. Say who you are and what you write about here.

Edit it in content/about.md; the home page lists the categories and the newest articles.
)";

constexpr std::string_view starter_category = R"(title = "Notes"
description = "Short notes."
order = 1
)";

constexpr std::string_view starter_article = R"(+++
title = "Hello, geminispace"
date = 2026-01-01
description = "The first article of this capsule."
+++
This is the first article. It lives in content/notes/hello.md: the folder is its category.

Below it are the comments archived beside it, in hello.comments.toml.
)";

constexpr std::string_view starter_comments = R"(# Archived comments of hello.md: id, reply_to, author, date and body are published.

[[comment]]
id = "c1"
author = "A reader"
date = 2026-01-02T10:00:00Z
body = """
Welcome to geminispace!"""

[[comment]]
id = "c2"
reply_to = "c1"
author = "The author"
date = 2026-01-02T12:00:00Z
body = """
Thank you."""
)";

constexpr std::string_view starter_gitignore = R"(# Made by smolpub: the certificates (keep them secret, back them up) and runtime state.
/certs/
/log.key
/*.status
)";

} // namespace

std::string_view init_usage()
{
    return R"(usage: smolpub init [DIR]

Writes a starter capsule into DIR (default: the current folder): a commented smolpub.toml,
content/ with an about page and one article with archived comments, and a .gitignore.
Never overwrites: when any of these files exists, writes nothing and exits 1.
)";
}

int init(const std::filesystem::path& dir)
{
    const std::pair<std::string_view, std::string_view> files[] = {
        {"smolpub.toml", starter_config},
        {".gitignore", starter_gitignore},
        {"content/about.md", starter_about},
        {"content/notes/_category.toml", starter_category},
        {"content/notes/hello.md", starter_article},
        {"content/notes/hello.comments.toml", starter_comments},
    };
    bool clash = false;
    for (const auto& [name, text] : files) {
        std::error_code ec;
        if (std::filesystem::symlink_status(dir / name, ec).type() != std::filesystem::file_type::not_found) {
            std::cerr << "smolpub: " << (dir / name).string() << " already exists\n";
            clash = true;
        }
    }
    if (clash) {
        std::cerr << "smolpub: init never overwrites; nothing written\n";
        return exit_failure;
    }
    for (const auto& [name, text] : files) {
        const auto path = dir / name;
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        std::ofstream out{path, std::ios::binary};
        out << text;
        out.close();
        if (ec || !out) {
            std::cerr << "smolpub: cannot write " << path.string() << '\n';
            return exit_failure;
        }
    }
    const bool here = dir.empty() || dir == ".";
    std::cout << "Wrote smolpub.toml, .gitignore and content/ in " << (here ? std::string{"this folder"} : dir.string())
              << ".\n\nNext steps:\n";
    if (!here)
        std::cout << "  cd " << dir.string() << '\n';
    std::cout << "  smolpub serve\n"
                 "  open gemini://localhost/ in a Gemini browser (Lagrange), gopher://localhost:7070/ in lynx\n"
                 "  smolpub new notes/next-article \"Next article\"   to start the next article (a draft)\n"
                 "  smolpub check   to see every problem before serving\n";
    return exit_ok;
}

} // namespace smolpub::cli
