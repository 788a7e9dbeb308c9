// smolpub.toml: a fixed schema (config_keys) checked key by key, so every mistake is
// reported with its file, line and column instead of being silently ignored.
#include "content/config.hpp"
#include "text/ascii.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

namespace smolpub::capsule {
namespace {

constexpr std::array keys{
    config_key{"site", "title", "string", "\"smolpub capsule\"", "Site title: the home page heading and the feed title."},
    config_key{"site", "author", "string", "\"\"", "Default author of articles and feeds."},
    config_key{"site", "lang", "string", "\"en\"", "Default language (BCP 47), sent as `lang=` in the Gemini MIME type."},
    config_key{"site", "content", "string", "\"capsule\"", "The content directory, relative to the config file."},
    config_key{"site", "hostnames", "array of strings", "[\"localhost\"]", "Names this site answers to; the first is canonical (feeds, links)."},
    config_key{"site", "certificates", "string", "\"certs\"", "Where `<hostname>.crt` and `<hostname>.key` live; made on first start when missing."},
    config_key{"site", "recent", "integer", "10", "Newest articles listed on the home page."},
    config_key{"site", "feed_entries", "integer", "20", "Entries in each Atom feed."},
    config_key{"site", "watch", "boolean", "false", "Reload when files under the content directory change (inotify)."},

    config_key{"render", "links", "string", "\"block\"", "Where link lines go: \"block\" (after each paragraph/list/quote), \"section\", \"document\" or \"off\"."},
    config_key{"render", "link_labels", "string", "\"text\"", "\"text\", or \"numbered\" (`text[1]` in prose, `=> URL [1] text`)."},
    config_key{"render", "emphasis", "string", "\"keep\"", "Keep (`*x*`) or \"strip\" the markers of emphasis, strong and code spans."},
    config_key{"render", "thematic_break", "string", "\"~~~\"", "The line a Markdown `---` becomes."},

    config_key{"gemini", "listen", "array of strings", "[\"0.0.0.0:1965\", \"[::]:1965\"]", "Addresses the Gemini (TLS) listener binds."},
    config_key{"gemini", "port", "integer", "port of the first listen address", "The port in our own gemini:// URLs (feeds); 53 is sent for requests naming another."},
    config_key{"gemini", "check_port", "boolean", "true", "Refuse (53) URLs naming a port other than `port`; turn off behind a port-forward."},

    config_key{"gopher", "listen", "array of strings", "[]", "Addresses the Gopher (plain TCP) listener binds; empty: no Gopher."},
    config_key{"gopher", "host", "string", "first hostname", "The host advertised in menus (differs from the listen address behind NAT)."},
    config_key{"gopher", "port", "integer", "70", "The port advertised in menus."},
    config_key{"gopher", "width", "integer", "67", "Hard-wrap width of text and menus, in display columns."},
    config_key{"gopher", "strict_rfc1436", "boolean", "false", "Dot-stuff text files and end them with `.`, as RFC 1436 says."},

    config_key{"limits", "handshake_timeout", "integer", "10", "Seconds a client has to finish the TLS handshake."},
    config_key{"limits", "request_timeout", "integer", "10", "Seconds a client has to send its request line."},
    config_key{"limits", "write_floor", "integer", "512", "Bytes per second a reader must at least take; slower ones are cut off."},
    config_key{"limits", "max_connections", "integer", "1024", "Concurrent connections; past this Gemini clients get 41, Gopher ones an error line."},
    config_key{"limits", "max_connections_per_address", "integer", "32", "Concurrent connections per client address (IPv6: per /64); past it Gemini connections are closed unanswered (one 41 a minute), Gopher ones get an error line. 0: no cap."},
    config_key{"limits", "rate", "integer", "0", "Requests per second per client address (44 past it); 0: no limit."},
    config_key{"limits", "rate_burst", "integer", "20", "Requests a client may make at once before `rate` applies."},
    config_key{"limits", "cache", "integer", "32", "Megabytes of rendered pages kept in memory (least recently used out first); 0: render every request."},

    config_key{"server", "user", "string", "\"\"", "When started as root: the user to switch to after binding and loading certificates."},
    config_key{"server", "chroot", "boolean", "false", "With `user`: also chroot to the content directory."},
    config_key{"server", "threads", "integer", "1", "Event-loop threads (0: one per core)."},
    config_key{"server", "proxy_protocol", "boolean", "false", "Expect a PROXY protocol (v1 or v2) header on every connection."},
    config_key{"server", "ticket_keys", "string", "\"\"", "A file of session-ticket keys shared by replicas behind a load balancer (mode 0600; `smolpub cert --ticket-keys FILE` makes it); the first key encrypts, all decrypt, SIGHUP re-reads it. Empty: random keys in memory, rotated every 12 hours."},
    config_key{"server", "sandbox", "boolean", "true", "After startup, only read the content, certificate, ticket-key and config folders (Linux Landlock; skipped where the kernel lacks it)."},
    config_key{"server", "status_file", "string", "\"\"", "A file (relative to the config file) where the server keeps what it serves, for `smolpub status`; empty: none. Read at start only."},

    config_key{"log", "access", "boolean", "true", "One line per request on stdout."},
    config_key{"log", "addresses", "string", "\"full\"", "Client addresses in the access log: \"full\", \"hash\" or \"omit\"."},

    config_key{"vhost", "title", "string", "[site] title", "As in [site]. Each [[vhost]] is another site with its own hostnames, capsule and certificate."},
    config_key{"vhost", "author", "string", "[site] author", "As in [site]."},
    config_key{"vhost", "lang", "string", "[site] lang", "As in [site]."},
    config_key{"vhost", "content", "string", "required", "As in [site]."},
    config_key{"vhost", "hostnames", "array of strings", "required", "As in [site]."},
    config_key{"vhost", "certificates", "string", "[site] certificates", "As in [site]."},
    config_key{"vhost", "recent", "integer", "[site] recent", "As in [site]."},
    config_key{"vhost", "feed_entries", "integer", "[site] feed_entries", "As in [site]."},
};

/// Reads one table against the schema, collecting every problem instead of stopping at the first.
class table_reader {
public:
    table_reader(const toml::table& t, std::string_view name, const std::filesystem::path& file,
                 std::vector<diagnostic>& errors)
        : table_{t}, name_{name}, file_{file}, errors_{errors}
    {
        for (auto&& [k, v] : table_) {
            const bool known = std::any_of(keys.begin(), keys.end(), [&, key = k.str()](const config_key& c) {
                return c.table == name_ && c.key == key;
            });
            if (!known)
                fail(v, "unknown key '" + std::string{name_} + "." + std::string{k.str()} + "'");
        }
    }

    bool has(std::string_view key) const { return table_.contains(key); }

    void read(std::string_view key, std::string& out)
    {
        if (const toml::node* n = table_.get(key)) {
            if (auto s = n->value<std::string>())
                out = *s;
            else
                wrong_type(*n, key, "a string");
        }
    }

    void read(std::string_view key, std::vector<std::string>& out)
    {
        const toml::node* n = table_.get(key);
        if (!n)
            return;
        const toml::array* a = n->as_array();
        if (!a) {
            wrong_type(*n, key, "an array of strings");
            return;
        }
        std::vector<std::string> values;
        for (const toml::node& item : *a) {
            if (auto s = item.value<std::string>())
                values.push_back(*s);
            else
                wrong_type(item, key, "an array of strings");
        }
        out = std::move(values);
    }

    void read(std::string_view key, bool& out)
    {
        if (const toml::node* n = table_.get(key)) {
            if (auto b = n->value_exact<bool>())
                out = *b;
            else
                wrong_type(*n, key, "true or false");
        }
    }

    template <class Int>
    void read(std::string_view key, Int& out, std::int64_t min, std::int64_t max)
    {
        const toml::node* n = table_.get(key);
        if (!n)
            return;
        auto v = n->value_exact<std::int64_t>();
        if (!v) {
            wrong_type(*n, key, "an integer");
            return;
        }
        if (*v < min || *v > max) {
            fail(*n, qualified(key) + " must be " + std::to_string(min) + ".." + std::to_string(max) +
                         ", got " + std::to_string(*v));
            return;
        }
        out = static_cast<Int>(*v);
    }

    template <class Enum>
    void read(std::string_view key, Enum& out, std::initializer_list<std::pair<std::string_view, Enum>> choices)
    {
        const toml::node* n = table_.get(key);
        if (!n)
            return;
        std::string names;
        for (const auto& [word, value] : choices) {
            if (auto s = n->value<std::string>(); s && *s == word) {
                out = value;
                return;
            }
            names += names.empty() ? "" : ", ";
            names += '"' + std::string{word} + '"';
        }
        fail(*n, qualified(key) + " must be one of " + names);
    }

    void fail(const toml::node& n, std::string message) const
    {
        const auto& src = n.source();
        errors_.push_back({file_, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                           std::move(message)});
    }

    const toml::table& table() const { return table_; }

private:
    std::string qualified(std::string_view key) const { return std::string{name_} + "." + std::string{key}; }

    void wrong_type(const toml::node& n, std::string_view key, std::string_view expected) const
    {
        fail(n, qualified(key) + " must be " + std::string{expected});
    }

    const toml::table& table_;
    std::string_view name_;
    const std::filesystem::path& file_;
    std::vector<diagnostic>& errors_;
};

/// The keys shared by [site] and each [[vhost]].
void read_site(table_reader& r, site_settings& s, std::string& content, std::string& certificates)
{
    r.read("title", s.title);
    r.read("author", s.author);
    r.read("lang", s.lang);
    r.read("content", content);
    r.read("hostnames", s.hostnames);
    r.read("certificates", certificates);
    r.read("recent", s.recent, 0, 10'000);
    r.read("feed_entries", s.feed_entries, 1, 10'000);
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

/// The port of a listen address ("[::]:1965" -> 1965); nullopt for 0 or none.
std::optional<unsigned> port_of(std::string_view listen)
{
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const auto port = render::parse_port(listen.substr(colon + 1));
    if (!port || *port == 0)
        return std::nullopt;
    return *port;
}

std::filesystem::path beside(const std::filesystem::path& config_file, const std::string& p)
{
    std::filesystem::path path{p};
    if (path.is_relative())
        path = std::filesystem::absolute(config_file).parent_path() / path;
    return path.lexically_normal();
}

const toml::table* sub_table(const toml::table& root, std::string_view name, const std::filesystem::path& file,
                             std::vector<diagnostic>& errors)
{
    const toml::node* n = root.get(name);
    if (!n)
        return nullptr;
    if (const toml::table* t = n->as_table())
        return t;
    const auto& src = n->source();
    errors.push_back({file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                      "'" + std::string{name} + "' must be a table ([" + std::string{name} + "])"});
    return nullptr;
}

/// [render]: how Markdown becomes gemtext.
void read_render(table_reader& r, render::gemtext_options& g)
{
    r.read("links", g.links, {{"block", render::link_placement::block}, {"section", render::link_placement::section},
                              {"document", render::link_placement::document}, {"off", render::link_placement::off}});
    r.read("link_labels", g.labels, {{"text", render::link_labels::text}, {"numbered", render::link_labels::numbered}});
    r.read("emphasis", g.emphasis, {{"keep", render::emphasis_markers::keep}, {"strip", render::emphasis_markers::strip}});
    r.read("thematic_break", g.thematic_break);
}

/// [gemini]: where to listen, and the port our own URLs carry.
void read_gemini(table_reader& r, config& cfg, site_settings& site)
{
    r.read("listen", cfg.gemini_listen);
    // Unless set, our URLs carry the port we listen on (1965 by default).
    if (!cfg.gemini_listen.empty())
        site.gemini_port = port_of(cfg.gemini_listen.front()).value_or(site.gemini_port);
    r.read("port", site.gemini_port, 1, 65535);
    r.read("check_port", cfg.limit.check_port);
}

/// [gopher]: where to listen, and what menus advertise.
void read_gopher(table_reader& r, config& cfg, site_settings& site)
{
    r.read("listen", cfg.gopher_listen);
    site.gopher_host = site.hostnames.empty() ? "localhost" : site.hostnames.front();
    r.read("host", site.gopher_host);
    r.read("port", site.gopher_port, 1, 65535);
    r.read("width", site.gopher_width, 20, 1000);
    r.read("strict_rfc1436", site.strict_rfc1436);
    site.gopher_enabled = !cfg.gopher_listen.empty();
}

/// [limits]: timeouts, caps and the page cache, in the units the file uses (s, MB).
void read_limits(table_reader& r, limits& limit)
{
    auto seconds = [&](std::string_view key, std::chrono::milliseconds& out) {
        std::int64_t s = out.count() / 1000;
        r.read(key, s, 1, 3600);
        out = std::chrono::seconds{s};
    };
    seconds("handshake_timeout", limit.handshake_timeout);
    seconds("request_timeout", limit.request_timeout);
    r.read("write_floor", limit.write_floor_bytes_per_second, 0, 1'000'000'000);
    r.read("max_connections", limit.max_connections, 1, 1'000'000);
    r.read("max_connections_per_address", limit.max_connections_per_address, 0, 1'000'000);
    std::int64_t rate = 0;
    r.read("rate", rate, 0, 1'000'000);
    limit.rate_per_second = static_cast<double>(rate);
    r.read("rate_burst", limit.rate_burst, 1, 1'000'000);
    std::int64_t cache_mb = static_cast<std::int64_t>(limit.cache_bytes >> 20);
    r.read("cache", cache_mb, 0, 1'000'000);
    limit.cache_bytes = static_cast<std::size_t>(cache_mb) << 20;
}

/// [server]: the process; file names are relative to the config file.
void read_server(table_reader& r, config& cfg, const std::filesystem::path& file)
{
    r.read("user", cfg.user);
    r.read("chroot", cfg.chroot);
    r.read("threads", cfg.threads, 0, 256);
    r.read("proxy_protocol", cfg.proxy_protocol);
    r.read("sandbox", cfg.sandbox);
    std::string ticket_keys;
    r.read("ticket_keys", ticket_keys);
    if (!ticket_keys.empty())
        cfg.ticket_keys = beside(file, ticket_keys);
    std::string status_file;
    r.read("status_file", status_file);
    if (!status_file.empty())
        cfg.status_file = beside(file, status_file);
}

/// [log]
void read_log(table_reader& r, config& cfg)
{
    r.read("access", cfg.access_log);
    r.read("addresses", cfg.log_addresses, {{"full", address_logging::full}, {"hash", address_logging::hash},
                                            {"omit", address_logging::omit}});
}

config read_config(const toml::table& root, const std::filesystem::path& file, std::vector<diagnostic>& errors)
{
    static const toml::table empty;
    config cfg;
    cfg.file = file;
    cfg.gemini_listen = {"0.0.0.0:1965", "[::]:1965"};

    for (auto&& [k, v] : root) {
        static constexpr std::array tables{"site", "render", "gemini", "gopher", "limits", "server", "log", "vhost"};
        if (std::find(tables.begin(), tables.end(), k.str()) == tables.end()) {
            const auto& src = v.source();
            errors.push_back({file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                              "unknown key '" + std::string{k.str()} + "'"});
        }
    }
    auto table = [&](std::string_view name) {
        const toml::table* t = sub_table(root, name, file, errors);
        return table_reader{t ? *t : empty, name, file, errors};
    };

    site_settings site;
    site.hostnames = {"localhost"};
    std::string content = "capsule", certificates = "certs";
    bool watch = false;
    {
        auto r = table("site");
        read_site(r, site, content, certificates);
        r.read("watch", watch);
    }
    cfg.watch = watch;
    {
        auto r = table("render");
        read_render(r, site.gemtext);
    }
    {
        auto r = table("gemini");
        read_gemini(r, cfg, site);
    }
    {
        auto r = table("gopher");
        read_gopher(r, cfg, site);
    }
    {
        auto r = table("limits");
        read_limits(r, cfg.limit);
    }
    {
        auto r = table("server");
        read_server(r, cfg, file);
    }
    {
        auto r = table("log");
        read_log(r, cfg);
    }

    site.content_dir = beside(file, content);
    site.cert_dir = beside(file, certificates);
    cfg.sites.push_back(site);

    if (const toml::node* vhosts = root.get("vhost")) {
        const toml::array* list = vhosts->as_array();
        if (!list || !list->is_array_of_tables()) {
            const auto& src = vhosts->source();
            errors.push_back({file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                              "'vhost' must be an array of tables ([[vhost]])"});
        } else {
            for (const toml::node& item : *list) {
                const toml::table& t = *item.as_table();
                table_reader r{t, "vhost", file, errors};
                site_settings v = site;  // a vhost inherits everything it does not set
                std::string vcontent, vcerts = certificates;
                v.hostnames.clear();
                read_site(r, v, vcontent, vcerts);
                if (vcontent.empty() || v.hostnames.empty())
                    r.fail(t, "a [[vhost]] needs 'content' and 'hostnames'");
                v.content_dir = beside(file, vcontent);
                v.cert_dir = beside(file, vcerts);
                v.gopher_enabled = false;  // Gopher has no virtual hosts: it serves [site]
                cfg.sites.push_back(std::move(v));
            }
        }
    }

    // Checks that span keys: every hostname served once, and plausible.
    std::vector<std::string> seen;
    for (auto& s : cfg.sites) {
        for (auto& h : s.hostnames) {
            h = render::ascii_lower(h);
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

tl::expected<config, std::vector<diagnostic>> parse_config(std::string_view text, const std::filesystem::path& file)
{
    std::vector<diagnostic> errors;
    try {
        const toml::table root = toml::parse(text, file.string());
        config cfg = read_config(root, file, errors);
        if (!errors.empty())
            return tl::unexpected(std::move(errors));
        return cfg;
    } catch (const toml::parse_error& e) {
        const auto& src = e.source();
        errors.push_back({file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                          std::string{e.description()}});
        return tl::unexpected(std::move(errors));
    }
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

} // namespace smolpub::capsule
