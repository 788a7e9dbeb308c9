// SPDX-License-Identifier: ISC
// smolpub.toml: a fixed schema (config_keys) that documents every key, gives its default and
// says where it goes; the reader is driven by it, key by key, so every mistake is reported
// with its file, line and column instead of being silently ignored.
#include "content/config.hpp"
#include "content/toml_reads.hpp"
#include "text/ascii.hpp"
#include "text/language_tag.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <type_traits>
#include <utility>

#include <toml++/toml.h>

namespace smolpub::content {

/// What one table's keys are read into: the config, the site being read ([site] or a
/// [[vhost]]), and the two folders kept as written until they are made absolute.
struct config_target {
    config& cfg;
    site_settings& site;
    std::string content;
    std::string certificates;
    const std::filesystem::path& file;
};

namespace {

template <class> struct member_of;
template <class Owner, class Value> struct member_of<Value Owner::*> {
    using owner = Owner;
};

/// The settings struct a member of `Owner` lives in, while a table is read into `into`.
template <class Owner> Owner& part(config_target& into)
{
    if constexpr (std::is_same_v<Owner, config>)
        return into.cfg;
    else if constexpr (std::is_same_v<Owner, limits>)
        return into.cfg.limit;
    else if constexpr (std::is_same_v<Owner, site_settings>)
        return into.site;
    else if constexpr (std::is_same_v<Owner, render::gemtext_options>)
        return into.site.gemtext;
    else
        return into;
}

/// Where a schema row's value goes: `Field` of its settings struct.
template <auto Field> auto& slot(config_target& into)
{
    return part<typename member_of<decltype(Field)>::owner>(into).*Field;
}

// The readers a row names. Each stores a value only when it was read without a problem, so
// a bad value leaves the default and the problem is reported.

template <auto Field> void text(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.text_if(key))
        slot<Field>(into) = std::move(*v);
}

/// A BCP 47 tag (it goes into the Gemini header as `lang=`); anything else is refused and
/// the default kept.
template <auto Field> void language(field_reader& from, std::string_view key, config_target& into)
{
    auto v = from.text_if(key);
    if (!v)
        return;
    if (!text::is_language_tag(*v)) {
        if (const toml::node* value = from.node(key))
            from.reject(*value, "lang must be a BCP 47 language tag such as \"en\" or \"de-CH\" "
                                "(letters, digits and '-' only)");
        return;
    }
    slot<Field>(into) = std::move(*v);
}

template <auto Field> void texts(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.text_list_if(key))
        slot<Field>(into) = std::move(*v);
}

template <auto Field> void flag(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.flag_if(key))
        slot<Field>(into) = *v;
}

template <auto Field, std::int64_t Min, std::int64_t Max>
void count(field_reader& from, std::string_view key, config_target& into)
{
    auto& out = slot<Field>(into);
    if (auto v = from.integer_in(key, Min, Max))
        out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
}

/// A string naming one of `Choices` ({word, value} pairs).
template <auto Field, const auto& Choices> void one_of(field_reader& from, std::string_view key, config_target& into)
{
    std::array<std::string_view, std::size(Choices)> words;
    for (std::size_t i = 0; i < words.size(); ++i)
        words[i] = Choices[i].first;
    if (auto i = from.choice(key, words))
        slot<Field>(into) = Choices[*i].second;
}

/// Seconds in the file, milliseconds in the settings.
template <auto Field> void seconds(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.integer_in(key, 1, 3600))
        slot<Field>(into) = std::chrono::seconds{*v};
}

/// Megabytes in the file, bytes in the settings.
template <auto Field> void megabytes(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.integer_in(key, 0, 1'000'000))
        slot<Field>(into) = static_cast<std::size_t>(*v) << 20;
}

void rate(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.integer_in(key, 0, 1'000'000))
        into.cfg.limit.rate_per_second = static_cast<double>(*v);
}

std::filesystem::path beside(const std::filesystem::path& config_file, const std::string& p)
{
    std::filesystem::path path{p};
    if (path.is_relative())
        path = std::filesystem::absolute(config_file).parent_path() / path;
    return path.lexically_normal();
}

/// A file named relative to the config file; "" is none.
template <auto Field> void path_beside(field_reader& from, std::string_view key, config_target& into)
{
    if (auto v = from.text_if(key); v && !v->empty())
        slot<Field>(into) = beside(into.file, *v);
}

/// The port of a listen address ("[::]:1965" -> 1965); nullopt for 0 or none.
std::optional<unsigned> port_of(std::string_view listen)
{
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const auto port = text::parse_port(listen.substr(colon + 1));
    if (!port || *port == 0)
        return std::nullopt;
    return *port;
}

/// gemini.port: unless set, our URLs carry the port we listen on (read before it).
void gemini_port(field_reader& from, std::string_view key, config_target& into)
{
    unsigned& port = into.site.gemini_port;
    if (!into.cfg.gemini_listen.empty())
        port = port_of(into.cfg.gemini_listen.front()).value_or(port);
    count<&site_settings::gemini_port, 1, 65535>(from, key, into);
}

/// site.favicon: one emoji, which some Gemini browsers show beside the capsule's title.
/// Anything with a space, a control character or ASCII in it is refused, as is a long text.
void favicon(field_reader& from, std::string_view key, config_target& into)
{
    auto v = from.text_if(key);
    if (!v)
        return;
    const bool plausible = v->size() <= 32 && std::none_of(v->begin(), v->end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80;
    });
    if (!plausible && !v->empty()) {
        if (const toml::node* value = from.node(key))
            from.reject(*value, "favicon must be one emoji (such as \"\xF0\x9F\x93\x9A\"), or \"\" for none");
        return;
    }
    into.site.favicon = std::move(*v);
}

/// gopher.listen: no address, no Gopher.
void gopher_listen(field_reader& from, std::string_view key, config_target& into)
{
    texts<&config::gopher_listen>(from, key, into);
    into.site.gopher_enabled = !into.cfg.gopher_listen.empty();
}

/// gopher.port: unless set, menus carry the port of the first Gopher listener (read before
/// it), as gemini.port does; a ":0" listener leaves 70 for serve to replace once bound.
void gopher_port(field_reader& from, std::string_view key, config_target& into)
{
    unsigned& port = into.site.gopher_port;
    if (!into.cfg.gopher_listen.empty())
        port = port_of(into.cfg.gopher_listen.front()).value_or(port);
    count<&site_settings::gopher_port, 1, 65535>(from, key, into);
}

/// gopher.host: unless set, the first hostname (read before it).
void gopher_host(field_reader& from, std::string_view key, config_target& into)
{
    if (!into.site.hostnames.empty())
        into.site.gopher_host = into.site.hostnames.front();
    text<&site_settings::gopher_host>(from, key, into);
}

/// robots.webproxy: unless set, web proxies are welcome, but not once [http] serves the web
/// itself (read after [http]).
void robots_webproxy(field_reader& from, std::string_view key, config_target& into)
{
    into.site.robots_webproxy = !into.cfg.web();
    if (auto v = from.flag_if(key))
        into.site.robots_webproxy = *v;
}

/// http.base_url: unless set, `http://` the first hostname and the first listener's port
/// (":80" left out), or without a plain listener `https://` and the first TLS listener's
/// (":443" left out); "" while [http] has no listener. Also read for each [[vhost]], whose
/// default is made from its own first hostname.
void http_base_url(field_reader& from, std::string_view key, config_target& into)
{
    site_settings& site = into.site;
    site.web_base_url.clear();
    auto v = from.text_if(key);
    if (!into.cfg.web())
        return;
    if (v) {
        const bool web = v->starts_with("http://") || v->starts_with("https://");
        const bool clean = std::none_of(v->begin(), v->end(), [](char c) { return text::is_ascii_control(c) || c == ' '; });
        if (!web || !clean || v->size() <= 8) {
            if (const toml::node* value = from.node(key))
                from.reject(*value, "base_url must be an http:// or https:// URL without spaces, such as \"https://blog.example.org/\"");
            return;
        }
        site.web_base_url = std::move(*v);
        if (!site.web_base_url.ends_with('/'))
            site.web_base_url += '/';
        return;
    }
    const bool plain = !into.cfg.http_listen.empty();
    const std::optional<unsigned> port = port_of(plain ? into.cfg.http_listen.front() : into.cfg.http_tls_listen.front());
    into.cfg.http_base_url_from_port = true;
    site.web_base_url = (plain ? "http://" : "https://") +
                        (site.hostnames.empty() ? std::string{"localhost"} : site.hostnames.front());
    if (port && *port != (plain ? 80u : 443u))
        site.web_base_url += ":" + std::to_string(*port);
    site.web_base_url += '/';
}

/// http.private_key (read after tls_listen and certificate): HTTPS needs both files.
void http_private_key(field_reader& from, std::string_view key, config_target& into)
{
    path_beside<&config::http_private_key>(from, key, into);
    if (into.cfg.http_tls_listen.empty())
        return;
    if (into.cfg.http_certificate.empty() || into.cfg.http_private_key.empty())
        if (const toml::node* value = from.node("tls_listen"))
            from.reject(*value, "tls_listen needs http.certificate and http.private_key (the operator's certificate "
                                "files, such as certbot's fullchain.pem and privkey.pem; the Gemini certificates "
                                "are self-signed and never used for HTTPS)");
}

/// http.trusted_proxies: IP addresses, as written (the session parses them).
void trusted_proxies(field_reader& from, std::string_view key, config_target& into)
{
    auto v = from.text_list_if(key);
    if (!v)
        return;
    for (const auto& a : *v) {
        const bool plausible = !a.empty() && a.size() <= 45 && std::all_of(a.begin(), a.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
        });
        if (!plausible) {
            if (const toml::node* value = from.node(key))
                from.reject(*value, "trusted_proxies must list IP addresses (\"127.0.0.1\", \"::1\"), not '" + a + "'");
            return;
        }
    }
    into.cfg.http_trusted_proxies = std::move(*v);
}

constexpr std::array link_words{std::pair{std::string_view{"block"}, render::link_placement::block},
                                std::pair{std::string_view{"section"}, render::link_placement::section},
                                std::pair{std::string_view{"document"}, render::link_placement::document},
                                std::pair{std::string_view{"off"}, render::link_placement::off}};
constexpr std::array label_words{std::pair{std::string_view{"text"}, render::link_labels::text},
                                 std::pair{std::string_view{"numbered"}, render::link_labels::numbered}};
constexpr std::array emphasis_words{std::pair{std::string_view{"keep"}, render::emphasis_markers::keep},
                                    std::pair{std::string_view{"strip"}, render::emphasis_markers::strip}};
constexpr std::array comment_words{std::pair{std::string_view{"closed"}, comment_policy::closed},
                                   std::pair{std::string_view{"none"}, comment_policy::none}};
constexpr std::array address_words{std::pair{std::string_view{"full"}, address_logging::full},
                                   std::pair{std::string_view{"hash"}, address_logging::hash},
                                   std::pair{std::string_view{"omit"}, address_logging::omit}};

constexpr std::array keys{
    config_key{"site", "title", "string", "\"smolpub capsule\"", "Site title: the home page heading and the feed title.",
               text<&site_settings::title>},
    config_key{"site", "author", "string", "\"\"", "Default author of articles and feeds.",
               text<&site_settings::author>},
    config_key{"site", "lang", "string", "\"en\"", "Default language (BCP 47), sent as `lang=` in the Gemini MIME type.",
               language<&site_settings::lang>},
    config_key{"site", "content", "string", "\"capsule\"", "The content directory, relative to the config file.",
               text<&config_target::content>},
    config_key{"site", "hostnames", "array of strings", "[\"localhost\"]", "Names this site answers to; the first is canonical (feeds, links).",
               texts<&site_settings::hostnames>},
    config_key{"site", "certificates", "string", "\"certs\"", "Where `<hostname>.crt` and `<hostname>.key` live; made on first start when missing.",
               text<&config_target::certificates>},
    config_key{"site", "recent", "integer", "10", "Newest articles listed on the home page.",
               count<&site_settings::recent, 0, 10'000>},
    config_key{"site", "feed_entries", "integer", "20", "Entries in each Atom feed.",
               count<&site_settings::feed_entries, 1, 10'000>},
    config_key{"site", "favicon", "string", "\"\"", "One emoji served as `/favicon.txt`, which some Gemini browsers show beside the title; empty: none (51).",
               favicon},
    config_key{"site", "comments", "string", "\"closed\"", "What an article says about comments when its front matter does not: \"closed\" (an archive: its comments, then \"Comments are closed.\") or \"none\" (a new blog: no notice). An article's own `comments` wins.",
               one_of<&site_settings::comments, comment_words>},
    config_key{"site", "watch", "boolean", "false", "Reload when files under the content directory change (inotify).",
               flag<&config::watch>},

    config_key{"render", "links", "string", "\"block\"", "Where link lines go: \"block\" (after each paragraph/list/quote), \"section\", \"document\" or \"off\".",
               one_of<&render::gemtext_options::links, link_words>},
    config_key{"render", "link_labels", "string", "\"text\"", "\"text\", or \"numbered\" (`text[1]` in prose, `=> URL [1] text`).",
               one_of<&render::gemtext_options::labels, label_words>},
    config_key{"render", "emphasis", "string", "\"keep\"", "Keep (`*x*`) or \"strip\" the markers of emphasis, strong and code spans.",
               one_of<&render::gemtext_options::emphasis, emphasis_words>},
    config_key{"render", "thematic_break", "string", "\"~~~\"", "The line a Markdown `---` becomes.",
               text<&render::gemtext_options::thematic_break>},

    config_key{"gemini", "listen", "array of strings", "[\"0.0.0.0:1965\", \"[::]:1965\"]", "Addresses the Gemini (TLS) listener binds.",
               texts<&config::gemini_listen>},
    config_key{"gemini", "port", "integer", "port of the first listen address", "The port in our own gemini:// URLs (feeds); 53 is sent for requests naming another.",
               gemini_port},
    config_key{"gemini", "check_port", "boolean", "true", "Refuse (53) URLs naming a port other than `port`; turn off behind a port-forward.",
               flag<&limits::check_port>},

    config_key{"gopher", "listen", "array of strings", "[]", "Addresses the Gopher (plain TCP) listener binds; empty: no Gopher.",
               gopher_listen},
    config_key{"gopher", "host", "string", "first hostname", "The host advertised in menus (differs from the listen address behind NAT).",
               gopher_host},
    config_key{"gopher", "port", "integer", "port of the first listen address", "The port advertised in menus (differs from the listen port behind a port-forward).",
               gopher_port},
    config_key{"gopher", "width", "integer", "67", "Hard-wrap width of text and menus, in display columns.",
               count<&site_settings::gopher_width, 20, 1000>},
    config_key{"gopher", "strict_rfc1436", "boolean", "false", "Dot-stuff text files and end them with `.`, as RFC 1436 says.",
               flag<&site_settings::strict_rfc1436>},

    config_key{"http", "listen", "array of strings", "[]", "Addresses the HTTP/1.1 (plain TCP) listener binds: the same site as HTML for web browsers. Empty, with `tls_listen` empty too: no web face.",
               texts<&config::http_listen>},
    config_key{"http", "tls_listen", "array of strings", "[]", "Addresses the HTTPS listener binds (HTTP/1.1 over TLS, ALPN `http/1.1`), with the certificate below: a small box needs no reverse proxy.",
               texts<&config::http_tls_listen>},
    config_key{"http", "certificate", "string", "\"\"", "With `tls_listen`: the PEM certificate chain for HTTPS (relative to the config file), such as certbot's `/etc/letsencrypt/live/NAME/fullchain.pem`. SIGHUP re-reads it; a broken file keeps the certificate already loaded. The self-signed Gemini certificates are never used for HTTPS.",
               path_beside<&config::http_certificate>},
    config_key{"http", "private_key", "string", "\"\"", "With `tls_listen`: the certificate's unencrypted PEM private key, such as certbot's `privkey.pem`; re-read with the certificate.",
               http_private_key},
    config_key{"http", "base_url", "string", "http://FIRST_HOSTNAME:PORT/", "The public address of the web face (`https://blog.example.org/` behind a TLS proxy), used in redirects, canonical links, the web's Atom and the sitemap; by default the first hostname and the first listener's port (`https://` when only `tls_listen` is set).",
               http_base_url},
    config_key{"http", "trusted_proxies", "array of strings", "[]", "Peers (reverse proxies) whose `X-Forwarded-For` names the client in the access log; from anyone else it is ignored. With `server.proxy_protocol` the PROXY header's address is the peer.",
               trusted_proxies},
    config_key{"http", "max_requests", "integer", "100", "Requests one keep-alive connection may make; the last reply says `Connection: close`.",
               count<&config::http_max_requests, 1, 100'000>},
    config_key{"http", "idle_timeout", "integer", "5", "Seconds a kept-alive connection may wait between requests.",
               seconds<&config::http_idle_timeout>},

    config_key{"robots", "disallow", "array of strings", "[\"/search\"]", "Paths every crawler is asked to skip in the `/robots.txt` made when the capsule has none (the Gemini robots.txt companion spec); `/search` answers any query, an endless space for a crawler.",
               texts<&site_settings::robots_disallow>},
    config_key{"robots", "webproxy", "boolean", "true; false with [http]", "Let web proxies (virtual user agent `webproxy`) fetch the capsule; false adds `Disallow: /` for them. With the web face on, smolpub serves the web itself, so proxies are turned away unless this says true.",
               robots_webproxy},

    config_key{"announce", "antenna", "boolean", "false", "Submit the feed (`/atom.xml`) to Antenna, the Gemini aggregator, which never polls: `serve` does it after a reload that changed the feed, `smolpub announce` on demand.",
               flag<&site_settings::announce_antenna>},
    config_key{"announce", "antenna_url", "string", "\"gemini://warmedal.se/~antenna/submit\"", "Antenna's submit URL; the feed's URL is sent as its query.",
               text<&site_settings::antenna_url>},
    config_key{"announce", "urls", "array of strings", "[]", "More submit URLs (Gemini) that get the feed's URL as their query, as Antenna's does. Set, or with `antenna` on, `serve` also announces the feed after a reload that changed it, at most once a minute.",
               texts<&site_settings::announce_urls>},

    config_key{"limits", "handshake_timeout", "integer", "10", "Seconds a client has to finish the TLS handshake.",
               seconds<&limits::handshake_timeout>},
    config_key{"limits", "request_timeout", "integer", "10", "Seconds a client has to send its request line.",
               seconds<&limits::request_timeout>},
    config_key{"limits", "write_floor", "integer", "512", "Bytes per second a reader must at least take; slower ones are cut off.",
               count<&limits::write_floor_bytes_per_second, 0, 1'000'000'000>},
    config_key{"limits", "max_connections", "integer", "1024", "Concurrent connections; past this Gemini clients get 41, Gopher ones an error line.",
               count<&limits::max_connections, 1, 1'000'000>},
    config_key{"limits", "max_connections_per_address", "integer", "32", "Concurrent connections per client address (IPv6: per /64); past it Gemini connections are closed unanswered (one 41 a minute), Gopher ones get an error line. 0: no cap.",
               count<&limits::max_connections_per_address, 0, 1'000'000>},
    config_key{"limits", "rate", "integer", "0", "Requests per second per client address (44 past it); 0: no limit.",
               rate},
    config_key{"limits", "rate_burst", "integer", "20", "Requests a client may make at once before `rate` applies.",
               count<&limits::rate_burst, 1, 1'000'000>},
    config_key{"limits", "cache", "integer", "32", "Megabytes of rendered pages kept in memory (least recently used out first); 0: render every request.",
               megabytes<&limits::cache_bytes>},

    config_key{"server", "user", "string", "\"\"", "When started as root: the user to switch to after binding and loading certificates.",
               text<&config::user>},
    config_key{"server", "chroot", "boolean", "false", "With `user`: also chroot to the content directory. A chrooted server cannot reload (its config is outside): restart it instead.",
               flag<&config::chroot>},
    config_key{"server", "threads", "integer", "1", "Event-loop threads (0: one per core).",
               count<&config::threads, 0, 256>},
    config_key{"server", "proxy_protocol", "boolean", "false", "Expect a PROXY protocol (v1 or v2) header on every connection.",
               flag<&config::proxy_protocol>},
    config_key{"server", "ticket_keys", "string", "\"\"", "A file of session-ticket keys shared by replicas behind a load balancer (mode 0600; `smolpub cert --ticket-keys FILE` makes it); the first key encrypts, all decrypt, SIGHUP re-reads it. Empty: random keys in memory, rotated every 12 hours.",
               path_beside<&config::ticket_keys>},
    config_key{"server", "sandbox", "boolean", "true", "After startup, only read the content, certificate, ticket-key and config folders (Linux Landlock; skipped where the kernel lacks it).",
               flag<&config::sandbox>},
    config_key{"server", "status_file", "string", "\"\"", "A file (relative to the config file) where the server keeps what it serves, for `smolpub status`; empty: none. Read at start only.",
               path_beside<&config::status_file>},

    config_key{"log", "access", "boolean", "true", "One line per request on stdout.",
               flag<&config::access_log>},
    config_key{"log", "addresses", "string", "\"full\"", "Client addresses in the access log: \"full\", \"hash\" or \"omit\".",
               one_of<&config::log_addresses, address_words>},
    config_key{"log", "key", "string", "\"\"", "A file (relative to the config file) holding the 16-byte key that \"hash\" addresses are keyed with (SipHash-2-4, a new key derived each UTC day); made, mode 0600, when missing. Servers sharing it log the same value for one address on one day. Empty: a random key in memory, so nothing links two runs. Re-read on SIGHUP (not by a chrooted server, which keeps its key).",
               path_beside<&config::log_key>},

    config_key{"vhost", "title", "string", "[site] title", "As in [site]. Each [[vhost]] is another site with its own hostnames, capsule and certificate."},
    config_key{"vhost", "author", "string", "[site] author", "As in [site]."},
    config_key{"vhost", "lang", "string", "[site] lang", "As in [site]."},
    config_key{"vhost", "content", "string", "required", "As in [site]."},
    config_key{"vhost", "hostnames", "array of strings", "required", "As in [site]."},
    config_key{"vhost", "certificates", "string", "[site] certificates", "As in [site]."},
    config_key{"vhost", "recent", "integer", "[site] recent", "As in [site]."},
    config_key{"vhost", "feed_entries", "integer", "[site] feed_entries", "As in [site]."},
    config_key{"vhost", "comments", "string", "[site] comments", "As in [site]."},
    config_key{"vhost", "base_url", "string", "http://FIRST_HOSTNAME:PORT/", "As `http.base_url`, for this host: by default its own first hostname.",
               http_base_url},
};

/// The schema's defaults that are TOML, as one table per config table. A default that is a
/// phrase ("first hostname", "[site] title") is not TOML: its key's reader computes it.
const toml::table& schema_defaults()
{
    static const toml::table defaults = [] {
        static const std::filesystem::path schema{"config_keys"};
        std::string text;
        std::string_view table;
        for (const config_key& k : keys) {
            const std::string line = std::string{k.key} + " = " + std::string{k.default_value} + "\n";
            if (!parse_toml(line, schema, 0))
                continue;
            if (k.table != table)
                text += "[" + std::string{table = k.table} + "]\n";
            text += line;
        }
        return parse_toml(text, schema, 0).value();
    }();
    return defaults;
}

const config_key* find_key(std::string_view table, std::string_view key)
{
    const auto it =
        std::find_if(keys.begin(), keys.end(), [&](const config_key& c) { return c.table == table && c.key == key; });
    return it == keys.end() ? nullptr : &*it;
}

/// Reads one table's keys with their rows' readers, collecting every problem instead of
/// stopping at the first.
void read_table(const toml::table& table, std::string_view name, config_target& into, std::vector<diagnostic>& errors)
{
    for (auto&& [k, v] : table)
        if (!find_key(name, k.str()))
            errors.push_back(toml_diagnostic(v, into.file, 0,
                                             "unknown key '" + std::string{name} + "." + std::string{k.str()} + "'"));
    field_reader from{table, into.file, name, errors, schema_defaults().get_as<toml::table>(name)};
    // A [[vhost]] key is read as its [site] namesake ("As in [site]").
    for (const config_key& row : keys)
        if (row.table == name)
            (row.read ? row.read : find_key("site", row.key)->read)(from, row.key, into);
}

/// A hostname as it must appear in SNI and URLs: lower case, no port, no trailing dot.
bool plausible_hostname(const std::string& h)
{
    if (h.empty() || h.size() > 253)
        return false;
    return std::all_of(h.begin(), h.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' ||
               c == '[' || c == ']' || c == '*';
    });
}

const toml::table* sub_table(const toml::table& root, std::string_view name, const std::filesystem::path& file,
                             std::vector<diagnostic>& errors)
{
    const toml::node* n = root.get(name);
    if (!n)
        return nullptr;
    if (const toml::table* t = n->as_table())
        return t;
    errors.push_back(toml_diagnostic(*n, file, 0, "'" + std::string{name} + "' must be a table ([" + std::string{name} + "])"));
    return nullptr;
}

/// Each [[vhost]] is another site: it starts as a copy of [site] and needs its own content
/// and hostnames. Gopher has no virtual hosts: it serves [site].
void read_vhosts(const toml::table& root, config& cfg, const std::string& certificates, std::vector<diagnostic>& errors)
{
    const toml::node* vhosts = root.get("vhost");
    if (!vhosts)
        return;
    const toml::array* list = vhosts->as_array();
    if (!list || !list->is_array_of_tables()) {
        errors.push_back(toml_diagnostic(*vhosts, cfg.file, 0, "'vhost' must be an array of tables ([[vhost]])"));
        return;
    }
    for (const toml::node& item : *list) {
        const toml::table& t = *item.as_table();
        site_settings v = cfg.sites.front();
        v.hostnames.clear();
        config_target into{cfg, v, "", certificates, cfg.file};
        read_table(t, "vhost", into, errors);
        if (into.content.empty() || v.hostnames.empty())
            errors.push_back(toml_diagnostic(t, cfg.file, 0, "a [[vhost]] needs 'content' and 'hostnames'"));
        v.content_dir = beside(cfg.file, into.content);
        v.cert_dir = beside(cfg.file, into.certificates);
        v.gopher_enabled = false;
        cfg.sites.push_back(std::move(v));
    }
}

/// Checks that span keys: every hostname served once, and plausible; something to listen on.
void check_hosts(config& cfg, std::vector<diagnostic>& errors)
{
    const std::filesystem::path& file = cfg.file;
    std::vector<std::string> seen;
    for (auto& s : cfg.sites) {
        for (auto& h : s.hostnames) {
            h = text::ascii_lower(h);
            if (!plausible_hostname(h))
                errors.push_back({file, 0, 0, "'" + h + "' is not a valid hostname"});
            else if (std::find(seen.begin(), seen.end(), h) != seen.end())
                errors.push_back({file, 0, 0, "hostname '" + h + "' is served by two sites"});
            seen.push_back(h);
        }
        if (s.hostnames.empty())
            errors.push_back({file, 0, 0, "site.hostnames must name at least one host"});
    }
    if (cfg.gemini_listen.empty())
        errors.push_back({file, 0, 0, "gemini.listen must name at least one address"});
}

config read_config(const toml::table& root, const std::filesystem::path& file, std::vector<diagnostic>& errors)
{
    static const toml::table empty;
    config cfg;
    cfg.file = file;
    for (auto&& [k, v] : root) {
        const std::string_view table = k.str();  // clang 14 cannot capture a structured binding
        if (std::none_of(keys.begin(), keys.end(), [&](const config_key& c) { return c.table == table; }))
            errors.push_back(toml_diagnostic(v, file, 0, "unknown key '" + std::string{table} + "'"));
    }

    // The tables in the schema's order ([site] before [gopher], whose host defaults to a
    // hostname); [[vhost]] last, as each starts from the finished [site].
    site_settings site;
    config_target into{cfg, site, "", "", file};
    std::string_view name;
    for (const config_key& row : keys) {
        if (row.table == name || row.table == "vhost")
            continue;
        name = row.table;
        const toml::table* table = sub_table(root, name, file, errors);
        read_table(table ? *table : empty, name, into, errors);
    }
    site.content_dir = beside(file, into.content);
    site.cert_dir = beside(file, into.certificates);
    cfg.sites.push_back(site);

    read_vhosts(root, cfg, into.certificates, errors);
    check_hosts(cfg, errors);
    return cfg;
}

} // namespace

std::span<const config_key> config_keys() { return keys; }

std::string config_reference_markdown()
{
    std::string out;
    std::string_view table;
    for (const auto& k : keys) {
        if (k.table != table) {
            table = k.table;
            out += out.empty() ? "" : "\n";
            out += table == "vhost" ? "`[[vhost]]` (repeatable; each key defaults to the `[site]` one)\n\n"
                                    : "`[" + std::string{table} + "]`\n\n";
            out += "| key | type | default | meaning |\n|---|---|---|---|\n";
        }
        out += "| `" + std::string{k.table} + "." + std::string{k.key} + "` | " + std::string{k.type} + " | `" +
               std::string{k.default_value} + "` | " + std::string{k.description} + " |\n";
    }
    return out;
}

namespace {

/// `text` without Markdown's code backticks, which a terminal shows as they are.
std::string without_backticks(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (c != '`')
            out.push_back(c);
    return out;
}

/// `text` wrapped at `width` columns, every line starting with `indent`.
std::string wrapped(std::string_view text, std::size_t width, std::string_view indent)
{
    std::string out, line{indent};
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t space = text.find(' ', at);
        const std::string_view word = text.substr(at, space == std::string_view::npos ? space : space - at);
        at = space == std::string_view::npos ? text.size() : space + 1;
        if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line = indent;
        }
        if (line.size() > indent.size())
            line += ' ';
        line += word;
    }
    if (line.size() > indent.size())
        out += line + "\n";
    return out;
}

} // namespace

std::string config_reference_text()
{
    constexpr std::size_t width = 78;
    std::string out;
    std::string_view table;
    for (const auto& k : keys) {
        if (k.table != table) {
            table = k.table;
            out += out.empty() ? "" : "\n";
            out += table == "vhost" ? "[[vhost]]  (repeatable; each key defaults to the [site] one)\n"
                                    : "[" + std::string{table} + "]\n";
        }
        out += "  " + std::string{k.key} + " = " + std::string{k.default_value} + "    (" + std::string{k.type} + ")\n";
        out += wrapped(without_backticks(k.description), width, "      ");
    }
    return out;
}

tl::expected<config, std::vector<diagnostic>> parse_config(std::string_view text, const std::filesystem::path& file)
{
    auto root = parse_toml(text, file, 0);
    if (!root) {
        std::vector<diagnostic> all{root.error()};
        all.front().also.clear();
        for (const diagnostic& more : root.error().also)
            all.push_back(more);
        return tl::unexpected(std::move(all));
    }
    std::vector<diagnostic> errors;
    config cfg = read_config(*root, file, errors);
    if (!errors.empty())
        return tl::unexpected(std::move(errors));
    return cfg;
}

tl::expected<config, std::vector<diagnostic>> load_config(const std::filesystem::path& file)
{
    std::ifstream in{file, std::ios::binary};
    if (!in)
        return tl::unexpected(std::vector<diagnostic>{{file, 0, 0, "cannot open the config file"}});
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), file);
}

} // namespace smolpub::content
