// SPDX-License-Identifier: ISC
// `smolpub check`: everything serve would complain about, and the links it would not,
// without binding a port or writing a certificate.
//
// Two link passes. The source pass finds the Markdown links (relative `.md` links) the
// renderer offers to the capsule, so a broken one is reported at its line in the file the
// author edits. The page pass walks every `=>` line of every generated page through
// route(), as a reader would, and catches what the sources cannot show (comment bodies,
// hand-written .gmi files, aliases).
#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "content/content.hpp"
#include "site/page_cache.hpp"
#include "site/site.hpp"
#include "site/paths.hpp"
#include "tls/identity.hpp"
#include "render/gemtext.hpp"
#include "cli/cli.hpp"
#include "cli/common.hpp"
#include "net/listener.hpp"
#include "net/access_log.hpp"
#include "cli/commands.hpp"
#include "text/gemtext_lines.hpp"

namespace smolpub::cli {
using net::parse_listen_address;

namespace {

namespace fs = std::filesystem;
namespace paths = smolpub::site::paths;
using content::diagnostic;

constexpr std::string_view check_usage_text = R"(usage: smolpub check [--config FILE]

Checks the configuration and every capsule it names without serving: config errors
(listen addresses included), front matter errors, comment files whose article is missing, duplicate slugs, Markdown
links to .md files that do not exist, links to drafts, and `=>` lines of generated
pages that lead nowhere. Certificates are read if present, never written.

Every problem is printed to stderr as `file:line:col: message`. Links found in generated
pages name the page as `gemini:/path:line:col`.

Exit codes: 0 no problems (one summary line on stdout), 1 problems found (including
configuration errors), 2 bad usage.
)";

/// Redirect chains longer than this are reported as broken rather than followed.
constexpr int max_redirects = 5;

struct link_target {
    std::string path;  ///< decoded, absolute, normalized; empty when not a local link
};

/// The local path a link leads to, as seen from a page in `folder` ("/notes/").
link_target local_target(std::string_view url, std::string_view folder)
{
    if (url.empty() || url.starts_with("//") || paths::has_scheme(url))
        return {};
    const std::string_view path = url.substr(0, url.find_first_of("?#"));
    if (path.empty())
        return {};  // "?query" or "#fragment": the page itself
    const std::string decoded = paths::decode(path);
    return {paths::normalize(decoded.front() == '/' ? decoded : std::string{folder} + decoded)};
}

/// The folder part of a Gemini path: "/notes/" for "/notes/a.gmi" and for "/notes/".
std::string_view folder_of(std::string_view path)
{
    return path.substr(0, path.rfind('/') + 1);
}

/// Line and column (1-based, in bytes) of `offset` in `text`, with `text` starting at `first_line`.
std::pair<int, int> position(std::string_view text, std::size_t offset, int first_line)
{
    int line = first_line;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return {line, static_cast<int>(offset - line_start) + 1};
}

/// Where the link destination `url` is written in `markdown`, at or after `from` if it can
/// be: an inline destination "(url" first, so a link text spelling the same name is skipped.
std::size_t find_destination(std::string_view markdown, std::string_view url, std::size_t from)
{
    const std::string inline_form = "(" + std::string{url};
    for (std::size_t start : {from, std::size_t{0}}) {
        if (const auto at = markdown.find(inline_form, start); at != std::string_view::npos)
            return at + 1;
        if (const auto at = markdown.find(url, start); at != std::string_view::npos)
            return at;
    }
    return std::string_view::npos;
}

class capsule_checker {
public:
    capsule_checker(const content::tree& loaded, const site::site& site, std::vector<diagnostic>& problems)
        : loaded_(loaded), site_(site), problems_(problems)
    {
        for (const auto* a : documents())
            published_.insert(relative_source(a->source));
    }

    void check_sources()
    {
        for (const content::article* a : documents()) {
            const std::size_t cat = a->category < loaded_.categories.size() ? a->category : 0;
            const std::string folder = paths::category_url(loaded_.categories.empty() ? "" : loaded_.categories[cat].path);
            check_markdown_links(*a, folder);
        }
    }

    void check_pages()
    {
        for (const std::string& path : site_.gemini_paths()) {
            const auto found = site_.route(path);
            if (!found.doc || !found.doc->mime.starts_with("text/gemini"))
                continue;
            ++pages_;
            if (!found.doc->file) {
                check_gemtext_links(path, found.doc->body);
                continue;
            }
            // A hand-written .gmi file is served from the disk: check it as it is now.
            if (const auto text = content::read_whole(*found.doc->file))
                check_gemtext_links(path, *text);
        }
    }

    std::size_t links() const { return links_; }
    std::size_t pages() const { return pages_; }

private:
    std::vector<const content::article*> documents() const
    {
        std::vector<const content::article*> all;
        if (loaded_.index)
            all.push_back(&*loaded_.index);
        for (const auto& p : loaded_.pages)
            all.push_back(&p);
        for (const auto& a : loaded_.articles)
            all.push_back(&a);
        return all;
    }

    std::string relative_source(const fs::path& source) const
    {
        return source.lexically_relative(loaded_.root).generic_string();
    }

    void check_markdown_links(const content::article& a, const std::string& folder)
    {
        // The renderer decides what is a link (not code, not an HTML comment): let it
        // parse, and collect the URLs it offers to the rewrite hook, in document order.
        std::vector<std::string> urls;
        render::gemtext_options options;
        options.rewrite_link = [&urls](std::string_view url) -> std::optional<std::string> {
            urls.emplace_back(url);
            return std::nullopt;
        };
        const std::string body = a.body_markdown();
        render::markdown_to_gemtext(body, options);

        std::size_t search_from = 0;
        for (const std::string& url : urls) {
            ++links_;
            const link_target target = local_target(url, folder);
            if (target.path.size() < 2)
                continue;
            const std::string rel = target.path.substr(1);
            if (published_.contains(rel))
                continue;
            const auto at = find_destination(body, url, search_from);
            if (at != std::string::npos)
                search_from = at + url.size();
            const auto [line, column] = at == std::string::npos ? std::pair{a.body_line, 1}
                                                                : position(body, at, a.body_line);
            reported_.insert(target.path);
            problems_.push_back({a.source, line, column, why_unpublished(url, rel)});
        }
    }

    /// Why `rel` (a path under the content directory) has no page.
    std::string why_unpublished(const std::string& url, const std::string& rel) const
    {
        const fs::path file = loaded_.root / fs::path(rel);
        std::error_code ec;
        if (!fs::is_regular_file(file, ec))
            return "broken link '" + url + "': " + rel + " does not exist";
        // The loader noted the drafts it skipped: no need to read the file again.
        if (std::find(loaded_.drafts.begin(), loaded_.drafts.end(), file) != loaded_.drafts.end())
            return "link to draft '" + url + "': " + rel + " has draft = true, so readers would get 51 Not Found";
        return "link '" + url + "': " + rel + " is not published (see its own problem)";
    }

    void check_gemtext_links(const std::string& page, std::string_view body)
    {
        const std::string_view folder = folder_of(page);
        for (const text::gemtext_line& l : text::gemtext_lines{body}) {
            const auto link = l.toggle || l.preformatted ? std::nullopt : text::link_of(l.text);
            if (!link)
                continue;
            const std::string_view url = link->url;
            const link_target target = local_target(url, folder);
            if (target.path.empty() || reported_.contains(target.path))
                continue;
            ++links_;
            if (auto why = unresolved(target.path))
                problems_.push_back({fs::path("gemini:" + page), l.number, static_cast<int>(link->url_at) + 1,
                                     "link to " + std::string{url} + " " + *why});
        }
    }

    /// Follows redirects as a client would; nullopt when the path ends at a document.
    std::optional<std::string> unresolved(std::string path) const
    {
        for (int hop = 0; hop <= max_redirects; ++hop) {
            const auto r = site_.route(path);
            switch (r.what) {
            case site::route_result::outcome::found:
            case site::route_result::outcome::input:  // a page that asks first is a page
                return std::nullopt;
            case site::route_result::outcome::not_found:
                return hop == 0 ? std::string{"does not resolve (51 Not Found)"}
                                : "redirects to " + path + ", which does not resolve";
            case site::route_result::outcome::redirect:
                path = local_target(r.target, folder_of(path)).path;
                if (path.empty())
                    return std::nullopt;  // leaves the capsule: not ours to check
                break;
            }
        }
        return "redirects more than " + std::to_string(max_redirects) + " times";
    }

    const content::tree& loaded_;
    const site::site& site_;
    std::vector<diagnostic>& problems_;
    std::set<std::string> published_;  ///< sources with a page, relative to the root
    std::set<std::string> reported_;   ///< targets already reported by the source pass
    std::size_t links_ = 0, pages_ = 0;
};

/// Existing certificate files must load; missing ones are fine (serve generates them).
void check_certificates(const content::site_settings& settings, std::vector<diagnostic>& problems)
{
    for (const auto& host : settings.hostnames) {
        std::error_code ec;
        const bool cert = fs::exists(settings.cert_dir / (host + ".crt"), ec);
        const bool key = fs::exists(settings.cert_dir / (host + ".key"), ec);
        if (!cert && !key)
            continue;
        if (auto id = tls::load(settings.cert_dir, host); !id)
            problems.push_back({settings.cert_dir / (host + (cert ? ".crt" : ".key")), 0, 0, id.error()});
    }
}

/// The listen addresses serve would bind, parsed the way serve parses them.
void check_listen_addresses(const content::config& config, std::vector<diagnostic>& problems)
{
    // The config loader keeps no positions for list items: find the quoted address in the
    // file, which is where the author will look anyway.
    std::ifstream in(config.file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto check_all = [&](std::string_view key, const std::vector<std::string>& addresses) {
        for (const auto& address : addresses) {
            const auto parsed = parse_listen_address(address);
            if (parsed)
                continue;
            const auto at = text.find('"' + address + '"');
            const auto [line, column] = at == std::string::npos ? std::pair{0, 0} : position(text, at, 1);
            problems.push_back({config.file, line, column, std::string{key} + ": " + parsed.error()});
        }
    };
    check_all("gemini.listen", config.gemini_listen);
    check_all("gopher.listen", config.gopher_listen);
    check_all("http.listen", config.http_listen);
    check_all("http.tls_listen", config.http_tls_listen);
}

/// Where `key` of `[table]` is set in the config file (line, column), or (0, 0).
std::pair<int, int> key_position(const content::config& config, std::string_view table, std::string_view key)
{
    std::ifstream in(config.file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto head = text.find("[" + std::string{table} + "]");
    if (head == std::string::npos)
        return {0, 0};
    for (auto at = text.find(key, head); at != std::string::npos; at = text.find(key, at + 1)) {
        const bool line_start = at == 0 || text[at - 1] == '\n';
        const auto rest = text.find_first_not_of(" \t", at + key.size());
        if (line_start && rest != std::string::npos && text[rest] == '=')
            return position(text, at, 1);
    }
    return {0, 0};
}

/// Today's date in UTC, "YYYY-MM-DD", to compare with identity::not_after.
std::string today_utc()
{
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    ::gmtime_r(&now, &parts);
    char text[16];
    return {text, std::strftime(text, sizeof text, "%Y-%m-%d", &parts)};
}

/// The HTTPS certificate files (http.tls_listen) load as serve loads them: readable, a
/// certificate and its own key, and not expired. Unlike the Gemini ones, serve never makes
/// them: a missing one is a problem too.
void check_https_certificate(const content::config& config, std::vector<diagnostic>& problems,
                             std::vector<std::string>& notes)
{
    if (config.http_tls_listen.empty())
        return;
    const auto [line, column] = key_position(config, "http", "certificate");
    auto id = tls::load_files("https", config.http_certificate, config.http_private_key);
    if (!id) {
        problems.push_back({config.file, line, column, "http.certificate: " + id.error()});
        return;
    }
    if (id->not_after < today_utc())
        problems.push_back({config.file, line, column,
                            "http.certificate: " + config.http_certificate.string() + " expired on " + id->not_after +
                                "; renew it (certbot renew) and reload"});
    notes.push_back("HTTPS certificate " + config.http_certificate.string() + ": SHA-256 " + id->cert_sha256 +
                    ", expires " + id->not_after);
    for (const auto& warning : id->warnings)
        notes.push_back("warning: " + warning);
}

/// A category folder and a top-level page, or an article and a subfolder beside it, of the
/// same name: on Gemini they are /x/ and /x.gmi, but on the web both are /x/, and the
/// category wins (ARCHITECTURE.md, the web face). The page cannot be reached there.
void check_web_path_clashes(const content::tree& tree, const fs::path& root, bool web_on,
                            std::vector<diagnostic>& problems, std::vector<diagnostic>& warnings)
{
    std::set<std::string> folders;
    for (const auto& category : tree.categories)
        if (!category.path.empty())
            folders.insert(category.path);
    const auto check = [&](const content::article& a, const std::string& web) {
        if (!folders.contains(web))
            return;
        diagnostic d{a.source, 0, 0,
                     "on the web this page and the category folder " + (root / web).string() + "/ are both /" + web +
                         "/, and the category wins: rename the page (or its slug) or the folder"};
        (web_on ? problems : warnings).push_back(std::move(d));
    };
    for (const auto& page : tree.pages)
        check(page, page.slug);
    for (const auto& article : tree.articles) {
        const std::string& folder = tree.categories[article.category].path;
        check(article, folder.empty() ? article.slug : folder + "/" + article.slug);
    }
}

/// The key files serve reads: log.key must hold 16 bytes, or be missing in a folder that
/// exists (serve makes it). With server.chroot, neither it nor server.ticket_keys can be read
/// again on SIGHUP: said plainly, as a warning (restarting is the way to new keys).
void check_key_files(const content::config& config, std::vector<diagnostic>& problems,
                     std::vector<std::string>& warnings)
{
    if (!config.log_key.empty()) {
        std::error_code ec;
        const auto [line, column] = key_position(config, "log", "key");
        if (fs::exists(config.log_key, ec)) {
            std::string error;
            if (!net::read_address_key(config.log_key, error))
                problems.push_back({config.file, line, column, "log.key: " + error});
        } else if (!fs::is_directory(config.log_key.parent_path(), ec)) {
            problems.push_back({config.file, line, column,
                                "log.key: " + config.log_key.parent_path().string() +
                                    " is not a folder, so serve cannot make the key there"});
        }
    }
    if (!config.chroot)
        return;
    warnings.push_back("server.chroot: a chrooted server cannot reload (SIGHUP, site.watch): its config file is "
                       "outside the chroot once it serves; restart it to apply changes");
    if (!config.ticket_keys.empty())
        warnings.push_back("server.ticket_keys: with server.chroot the file is outside the chroot once serving, so "
                           "SIGHUP cannot re-read it; restart the server to load rotated keys");
    if (!config.log_key.empty())
        warnings.push_back("log.key: with server.chroot the file is outside the chroot once serving, so SIGHUP "
                           "cannot re-read it; restart the server to load a new key");
}

/// The port of each listen address that parses; 0 for ":0" (any port will do).
std::vector<unsigned> listen_ports(const std::vector<std::string>& addresses)
{
    std::vector<unsigned> ports;
    for (const auto& address : addresses)
        if (const auto parsed = parse_listen_address(address))
            ports.push_back(parsed->port());
    return ports;
}

/// A port in our URLs or menus that no listener has: right behind a port-forward, a dead
/// link everywhere otherwise. A warning, not a problem: check cannot see the forward.
std::vector<std::string> port_warnings(const content::config& config)
{
    std::vector<std::string> warnings;
    const auto warn = [&](std::string_view key, unsigned port, const std::vector<std::string>& addresses) {
        const auto ports = listen_ports(addresses);
        if (ports.empty() || std::ranges::find(ports, 0u) != ports.end() || std::ranges::find(ports, port) != ports.end())
            return;
        std::string line = std::string{key} + " = " + std::to_string(port) + " matches no " +
                           std::string{key.substr(0, key.find('.'))} + ".listen address (";
        for (std::size_t i = 0; i < addresses.size(); ++i)
            line += (i ? ", " : "") + addresses[i];
        line += "): links will name a port nobody listens on, unless a port-forward sends it here";
        if (std::ranges::find(warnings, line) == warnings.end())
            warnings.push_back(std::move(line));
    };
    for (const auto& site : config.sites) {
        warn("gemini.port", site.gemini_port, config.gemini_listen);
        if (site.gopher_enabled)
            warn("gopher.port", site.gopher_port, config.gopher_listen);
    }
    return warnings;
}

} // namespace

std::string_view check_usage() { return check_usage_text; }

int check(const fs::path& config_path)
{
    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;

    std::size_t problem_count = 0, links = 0, pages = 0, articles = 0, comments = 0;
    std::vector<diagnostic> config_problems;
    check_listen_addresses(*config, config_problems);
    std::vector<std::string> key_warnings, notes;
    check_key_files(*config, config_problems, key_warnings);
    if (config->web()) {
        std::string web = "web face:";
        for (const auto& a : config->http_listen)
            web += " http on " + a + ",";
        for (const auto& a : config->http_tls_listen)
            web += " https on " + a + ",";
        for (const auto& site : config->sites)
            web += " " + (site.hostnames.empty() ? std::string{"-"} : site.hostnames.front()) + " at " + site.web_base_url + ",";
        web.pop_back();
        notes.push_back(std::move(web));
    }
    check_https_certificate(*config, config_problems, notes);
    for (const auto& problem : config_problems)
        std::cerr << located(problem, config_path) << '\n';
    problem_count += config_problems.size();
    for (const auto& warning : key_warnings)
        std::cerr << config_path.string() << ": warning: " << warning << '\n';
    for (const auto& warning : port_warnings(*config))
        std::cerr << config_path.string() << ": warning: " << warning << '\n';
    for (const auto& note : notes)
        std::cout << "smolpub: " << note << '\n';
    // One page cache for every site, as serve has, of the size the config gives it.
    const auto cache = std::make_shared<site::page_cache>(config->limit.cache_bytes);
    for (const auto& settings : config->sites) {
        std::vector<diagnostic> problems;
        check_certificates(settings, problems);
        auto loaded = content::load_content(settings.content_dir);
        if (!loaded) {
            std::cerr << located(loaded.error(), settings.content_dir) << '\n';
            ++problem_count;
            continue;
        }
        const auto site = site::build_site(settings, loaded->site, std::move(loaded->problems), cache);
        problems.insert(problems.end(), site->problems().begin(), site->problems().end());

        std::vector<diagnostic> warnings;
        check_web_path_clashes(loaded->site, settings.content_dir, config->web(), problems, warnings);
        for (const auto& warning : warnings)
            std::cerr << located(warning, settings.content_dir) << " (warning: `smolpub build` writes the web face too)\n";
        capsule_checker checker{loaded->site, *site, problems};
        checker.check_sources();
        checker.check_pages();
        for (const auto& problem : problems)
            std::cerr << located(problem, settings.content_dir) << '\n';
        problem_count += problems.size();
        links += checker.links();
        pages += checker.pages();
        articles += site->summary().articles;
        comments += site->summary().comments;
    }
    if (problem_count > 0) {
        std::cerr << "smolpub: " << problem_count << (problem_count == 1 ? " problem" : " problems") << '\n';
        return exit_failure;
    }
    // "pages" in the status line are the capsule's pages (about.md); here they are every
    // generated gemtext page whose links were walked, so they get a word of their own.
    const auto count = [](std::size_t n, std::string_view one, std::string_view many) {
        return std::to_string(n) + " " + std::string{n == 1 ? one : many};
    };
    std::cout << "smolpub: no problems (" << count(config->sites.size(), "site", "sites") << ", "
              << count(articles, "article", "articles") << ", " << count(comments, "comment", "comments") << ", "
              << count(pages, "generated page", "generated pages") << ", " << count(links, "link", "links")
              << " checked)\n";
    return exit_ok;
}

} // namespace smolpub::cli
