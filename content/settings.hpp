// SPDX-License-Identifier: ISC
#pragma once
// Plain settings structs: what `load_config` produces from smolpub.toml.
// No toml++ types here; the rest of the program sees only these.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "content/model.hpp"
#include "render/gemtext.hpp"

namespace smolpub::content {

/// Everything one published site (one virtual host) needs. The values here are those of a
/// site made without a config file (tests, tools); load_config gives every key the schema's
/// default instead (config_keys()), and a test keeps the two equal.
struct site_settings {
    std::string title = "smolpub capsule";
    std::string author;
    std::string lang = "en";
    std::filesystem::path content_dir;      ///< absolute after loading
    std::vector<std::string> hostnames;     ///< first one is canonical (used in feeds)
    std::filesystem::path cert_dir;         ///< absolute after loading
    unsigned gemini_port = 1965;            ///< the port in our own gemini:// URLs
    std::size_t recent = 10;                ///< articles listed on the home page
    std::size_t feed_entries = 20;
    render::gemtext_options gemtext;
    // Gopher, as advertised in menus (may differ from the listen address behind NAT).
    bool gopher_enabled = true;
    std::string gopher_host = "localhost";
    unsigned gopher_port = 70;
    std::size_t gopher_width = 67;
    bool strict_rfc1436 = false;
    // The conventions of geminispace: robots.txt (when the capsule has none) and favicon.txt.
    std::vector<std::string> robots_disallow{"/search"};  ///< kept from every crawler
    bool robots_webproxy = true;                          ///< false: "User-agent: webproxy" gets "Disallow: /"
    std::string favicon;                                  ///< one emoji; empty: no /favicon.txt
    /// site.comments: what an article whose front matter names no policy says about comments.
    comment_policy comments = comment_policy::closed;
    // [announce]: `smolpub announce` tells Antenna (push-only) about the feed.
    bool announce_antenna = false;
    std::string antenna_url = "gemini://warmedal.se/~antenna/submit";
    std::vector<std::string> announce_urls;  ///< more submit URLs, beside Antenna's
    // The web face ([http], issue 26): the public address of the HTML site ("https://blog.example.org/",
    // ending in '/'), used in canonical links, the web's Atom and the sitemap. Empty: no [http].
    std::string web_base_url;
};

/// What [limits] and gemini.check_port say. Only load_config makes one: the defaults are the
/// schema's (config_keys()), so none is written here.
struct limits {
    std::chrono::milliseconds handshake_timeout{};
    std::chrono::milliseconds request_timeout{};
    std::size_t write_floor_bytes_per_second = 0;
    std::size_t max_connections = 0;
    std::size_t max_connections_per_address = 0;  ///< IPv6: per /64; 0 = no cap
    double rate_per_second = 0;   ///< per client address; 0 = no limit
    std::size_t rate_burst = 0;
    bool check_port = false;      ///< 53 for URLs naming another port
    std::size_t cache_bytes = 0;  ///< rendered pages kept (limits.cache, MB)
};

enum class address_logging { full, hash, omit };

/// What smolpub.toml says. Only load_config makes one: the defaults are the schema's
/// (config_keys()), so none is written here.
struct config {
    std::filesystem::path file;               ///< the config file itself
    std::vector<std::string> gemini_listen;   ///< "0.0.0.0:1965", "[::]:1965"
    std::vector<std::string> gopher_listen;   ///< empty: no Gopher listener
    // [http], the web face (issue 26): off unless [http] names a listen address.
    std::vector<std::string> http_listen;     ///< empty: no HTTP listener
    std::vector<std::string> http_tls_listen;  ///< HTTPS listeners; empty: none
    std::filesystem::path http_certificate;   ///< HTTPS: the operator's PEM chain (certbot's fullchain.pem)
    std::filesystem::path http_private_key;   ///< HTTPS: its key (certbot's privkey.pem)
    std::vector<std::string> http_trusted_proxies;  ///< peers whose X-Forwarded-For is believed
    std::size_t http_max_requests = 0;        ///< requests on one keep-alive connection
    std::chrono::milliseconds http_idle_timeout{};  ///< between requests of a kept connection
    bool http_base_url_from_port = false;     ///< web_base_url was made from the first listener's port
    /// The web face is on: [http] names a plain or a TLS listener.
    bool web() const { return !http_listen.empty() || !http_tls_listen.empty(); }
    bool proxy_protocol = false;
    std::filesystem::path ticket_keys;        ///< shared session-ticket key file; empty: keys in memory
    std::string user;                         ///< drop privileges to this user when root
    bool chroot = false;
    bool sandbox = false;                     ///< Landlock: read-only filesystem after startup
    bool watch = false;                       ///< reload on file changes (inotify)
    std::filesystem::path status_file;        ///< where serve writes its status; empty: none
    bool access_log = false;
    address_logging log_addresses = address_logging::full;
    std::filesystem::path log_key;            ///< key file for hashed addresses; empty: a key in memory
    unsigned threads = 0;
    limits limit;
    std::vector<site_settings> sites;         ///< sites[0] is the default host (no SNI)
};

} // namespace smolpub::content
