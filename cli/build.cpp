// SPDX-License-Identifier: ISC
// `smolpub build OUTDIR`: the capsule as files, for people who would rather run gmid,
// Agate or Gophernicus than smolpub itself. The pages are the very documents serve
// would send (route() answers the same bytes), written in sorted order, with nothing
// that depends on the clock, so the same input always gives the same tree.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "gopher/response.hpp"
#include "site/page_cache.hpp"
#include "site/site.hpp"
#include "cli/cli.hpp"
#include "cli/common.hpp"
#include "cli/commands.hpp"
#include "cli/staged_folder.hpp"

#include <fstream>
#include "content/file_text.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace smolpub::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view build_usage_text = R"(usage: smolpub build OUTDIR [--config FILE] [--force]

Writes the capsule as static files, for gmid, Agate, Gophernicus or any other server
that serves a folder. Same input, same bytes: files are written in sorted order and
hold nothing that depends on the clock.

Layout (the default site; each further [[vhost]] gets the same under OUTDIR/HOSTNAME/):
  OUTDIR/gemini/index.gmi          /
  OUTDIR/gemini/notes/index.gmi    /notes/ (every folder page, tags and archive too)
  OUTDIR/gemini/notes/a.gmi        /notes/a.gmi (articles, pages, comment pages)
  OUTDIR/gemini/atom.xml           feeds, and static files at their own paths
  OUTDIR/gopher/gophermap          the Gopher root menu, in Gophernicus format
  OUTDIR/gopher/notes/gophermap    the menu for selector /notes/
  OUTDIR/gopher/notes/a.gmi/gophermap   the menu for selector /notes/a.gmi
  OUTDIR/gopher/notes/a.txt        text, feeds and static files as plain files
  OUTDIR/html/index.html           the web face: / (pretty URLs: every page is a folder)
  OUTDIR/html/notes/a/index.html   /notes/a/, the article with its comments
  OUTDIR/html/atom.xml, sitemap.xml, robots.txt, style.css, and the static files
  OUTDIR/html/2019/05/old/index.html   an alias: a redirect page (meta refresh, canonical)
  OUTDIR/html/nginx-redirects.map  the same redirects as nginx `map` lines, for real 301s
Gopher menus name the host and port of [gopher] host/port. Not exported: search
(/search needs the live server) and redirects (aliases, /notes/a/ -> /notes/a.gmi).

The export is written into a new folder beside OUTDIR and swapped in only when
complete: a failed export (a full disk, a write error) leaves OUTDIR as it was.

Options:
  -c, --config FILE   the configuration file (default: smolpub.toml)
  --force             replace an earlier export in OUTDIR: its old content, files the
                      export does not write included, is swapped out for the new one.
                      Every export holds a marker file, .smolpub-export; a non-empty
                      OUTDIR without it is never replaced, even with --force

Exit codes: 0 written, 1 failure (OUTDIR not empty or not an export, a write failed, content problems
are reported but do not stop the export; a configuration error), 2 bad usage.
)";

constexpr std::string_view gopher_menu_mime = "application/gopher-menu";

/// A site path as a relative file path; nullopt for a path that could leave OUTDIR.
std::optional<fs::path> relative_file(std::string_view path, std::string_view directory_file)
{
    std::string rel{path};
    if (rel.empty() || rel.front() != '/' || rel.find('\0') != std::string::npos)
        return std::nullopt;
    rel.erase(0, 1);
    if (rel.empty() || rel.back() == '/')
        rel += directory_file;
    fs::path out;
    for (const auto& segment : fs::path(rel)) {
        const std::string s = segment.string();
        if (s.empty() || s == "." || s == "..")
            return std::nullopt;
        out /= segment;
    }
    return out;
}

/// A served menu body as a Gophernicus gophermap: LF line ends, and without the final
/// "." line, which Gophernicus adds itself. Every item line already carries its own
/// selector, host and port, so none is rewritten; and every line starts with its item
/// type, never with one of Gophernicus's directives ('#', '=', '*', '~', '%', '!').
std::string to_gophermap(std::string_view menu)
{
    if (menu.ends_with(".\r\n"))
        menu.remove_suffix(3);
    std::string out;
    out.reserve(menu.size());
    for (std::size_t i = 0; i < menu.size(); ++i) {
        if (menu[i] == '\r' && i + 1 < menu.size() && menu[i + 1] == '\n')
            continue;
        out += menu[i];
    }
    return out;
}

/// Writes `bytes` to a new `file`; the error names the file and the system's reason
/// ("No space left on device").
/// Writes the chunks `next` yields (until an empty one) to `file`, and says why it could
/// not: the disk-full error is only seen on write() and close(), not on a stream's flags.
template <class Next>
tl::expected<void, std::string> write_chunks(const fs::path& file, Next next)
{
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return tl::unexpected(file.string() + ": cannot create: " + std::strerror(errno));
    while (true) {
        const tl::expected<std::string_view, std::string> chunk = next();
        if (!chunk) {
            ::close(fd);
            return tl::unexpected(chunk.error());
        }
        if (chunk->empty())
            break;
        if (!content::write_all(fd, *chunk)) {
            const int why = errno;
            ::close(fd);
            return tl::unexpected(file.string() + ": cannot write: " + std::strerror(why));
        }
    }
    // Delayed allocation (ext4, XFS) and NFS can report a full disk only at close.
    if (::close(fd) != 0)
        return tl::unexpected(file.string() + ": cannot write: " + std::strerror(errno));
    return {};
}

tl::expected<void, std::string> write_file(const fs::path& file, std::string_view bytes)
{
    bool given = false;
    return write_chunks(file, [&]() -> tl::expected<std::string_view, std::string> {
        const bool first = !given;
        given = true;
        return first ? bytes : std::string_view{};
    });
}

class tree_writer {
public:
    explicit tree_writer(fs::path root) : root_(std::move(root)) {}

    void write(std::string_view what, const std::optional<fs::path>& rel, std::string_view bytes)
    {
        const auto file = target(what, rel);
        if (!file)
            return;
        finish(write_file(*file, bytes));
    }

    /// Writes a document: a page's body, or a static file copied in chunks, as served.
    void write(std::string_view what, const std::optional<fs::path>& rel, const site::document& doc)
    {
        if (!doc.file) {
            write(what, rel, doc.body);
            return;
        }
        const auto file = target(what, rel);
        if (!file)
            return;
        auto in = content::file_stream::open(*doc.file);
        if (!in) {
            fail(in.error());
            return;
        }
        std::string buffer;
        finish(write_chunks(*file, [&]() -> tl::expected<std::string_view, std::string> {
            auto chunk = in->next(buffer);
            if (!chunk)
                return tl::unexpected(doc.file->path.string() + ": " + chunk.error());
            return *chunk;
        }));
    }

    std::size_t files() const { return files_; }
    bool ok() const { return ok_; }

private:
    /// The file to write for `rel`, its folder made; nullopt (reported) when it cannot be.
    std::optional<fs::path> target(std::string_view what, const std::optional<fs::path>& rel)
    {
        if (!ok_ && stop_after_failure_)
            return std::nullopt;
        if (!rel) {
            fail(std::string{what} + ": not a safe file name; skipped");
            return std::nullopt;
        }
        if (!written_.insert(*rel).second) {
            fail(std::string{what} + ": " + rel->generic_string() + " is already written by another page; skipped");
            return std::nullopt;
        }
        fs::path file = root_ / *rel;
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
        if (ec) {
            fail(file.string() + ": " + ec.message());
            return std::nullopt;
        }
        return file;
    }

    void finish(const tl::expected<void, std::string>& written)
    {
        if (!written) {
            stop_after_failure_ = true;
            fail(written.error());
            return;
        }
        ++files_;
    }

    void fail(const std::string& message)
    {
        std::cerr << "smolpub: " << message << '\n';
        ok_ = false;
    }

    fs::path root_;
    /// A write error (a full disk, a file size limit) stops the tree; an unsafe name does not.
    bool stop_after_failure_ = false;
    std::set<fs::path> written_;
    std::size_t files_ = 0;
    bool ok_ = true;
};

/// A path for an nginx `map` line: quoted, its quotes and backslashes escaped.
std::string nginx_quoted(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

/// The web face under `root`: every page as answer_web serves it (pretty URLs as
/// dir/index.html), each redirect that a static host can serve as a file (a folder, or a
/// name with an extension) as a small redirect page, and all of them in an nginx map.
std::pair<std::size_t, bool> export_web(const site::site& site, const fs::path& root)
{
    tree_writer html{root};
    std::set<fs::path> pages;
    for (const std::string& path : site.web_paths()) {
        const auto found = site.answer_web(path, std::nullopt);
        if (found.what != site::route_result::outcome::found || !found.doc)
            continue;
        const auto rel = relative_file(path, "index.html");
        if (rel)
            pages.insert(*rel);
        html.write(path, rel, *found.doc);
    }
    std::string map = "# Written by smolpub build: the web face's redirects (aliases, old WordPress addresses).\n"
                      "# In nginx: map $uri $smolpub_redirect { include nginx-redirects.map; }\n"
                      "#           and in the server: if ($smolpub_redirect) { return 301 $smolpub_redirect; }\n";
    for (const std::string& path : site.web_redirect_paths()) {
        const auto moved = site.answer_web(path, std::nullopt);
        if (moved.what != site::route_result::outcome::redirect ||
            path.find_first_of("\r\n") != std::string::npos || moved.target.find_first_of("\r\n\"") != std::string::npos)
            continue;
        map += nginx_quoted(path) + ' ' + nginx_quoted(moved.target) + ";\n";
        const std::string_view last = std::string_view{path}.substr(path.rfind('/') + 1);
        if (!path.ends_with('/') && last.find('.') == std::string_view::npos)
            continue;  // a static host answers "/notes" with "/notes/" itself
        const auto rel = relative_file(path, "index.html");
        if (!rel || pages.contains(*rel))
            continue;
        pages.insert(*rel);
        html.write(path, rel, site.web_redirect_page(moved.target));
    }
    html.write("nginx-redirects.map", fs::path{"nginx-redirects.map"}, map);
    return {html.files(), html.ok()};
}

/// Writes `site` under `root`; messages name `shown` (where the files end up after the swap).
bool export_site(const content::site_settings& settings, const site::site& site, const fs::path& root,
                 const fs::path& shown)
{
    tree_writer gemini{root / "gemini"};
    for (const std::string& path : site.gemini_paths()) {
        // A page that asks the reader for words (the search) needs the live server.
        const auto found = site.answer(path, std::nullopt);
        if (found.what == site::route_result::outcome::input)
            continue;
        if (found.doc)
            gemini.write(path, relative_file(path, "index.gmi"), *found.doc);
    }
    tree_writer gopher{root / "gopher"};
    // After a failed write the export is lost anyway: the rest is not tried, so the reason
    // is not buried under one message per file.
    if (settings.gopher_enabled && gemini.ok()) {
        for (const std::string& selector : site.gopher_selectors()) {
            const auto found = site.answer_gopher(selector, std::nullopt);
            if (found.what == site::route_result::outcome::input || !found.doc)
                continue;
            if (found.doc->mime == gopher_menu_mime) {
                std::string dir = selector;
                if (!dir.ends_with("/"))
                    dir += '/';
                gopher.write(selector, relative_file(dir, "gophermap"), to_gophermap(found.doc->body));
            } else {
                // A text is written as the server sends it (strict_rfc1436: dot-stuffed, a final ".").
                const char type = found.gopher_type ? found.gopher_type : found.doc->mime.starts_with("text/") ? '0' : '9';
                const auto framed = gopher::framed_body(*found.doc, type, settings.strict_rfc1436);
                gopher.write(selector, selector.ends_with("/") ? std::nullopt : relative_file(selector, ""),
                             framed ? site::document{found.doc->mime, *framed} : *found.doc);
            }
        }
    }
    const auto [html_files, html_ok] =
        gemini.ok() && gopher.ok() ? export_web(site, root / "html") : std::pair<std::size_t, bool>{0, true};
    std::cout << "smolpub: " << (settings.hostnames.empty() ? std::string{"site"} : settings.hostnames.front())
              << ": wrote " << gemini.files() << " Gemini files to " << (shown / "gemini").string();
    if (settings.gopher_enabled)
        std::cout << ", " << gopher.files() << " Gopher files to " << (shown / "gopher").string();
    std::cout << " and " << html_files << " web files to " << (shown / "html").string();
    std::cout << '\n';
    return gemini.ok() && gopher.ok() && html_ok;
}

/// The file every export holds at its top, so that a later `build --force` knows the folder
/// is one smolpub wrote and may replace.
constexpr std::string_view export_marker = ".smolpub-export";

bool write_marker(const fs::path& folder)
{
    std::ofstream out(folder / export_marker, std::ios::binary | std::ios::trunc);
    out << "Written by smolpub build. `smolpub build --force` replaces a folder holding this file,\n"
           "and no other non-empty folder.\n";
    out.flush();
    return static_cast<bool>(out);
}

} // namespace

std::string_view build_usage() { return build_usage_text; }

int build(const fs::path& config_path, const fs::path& outdir, bool force)
{
    std::error_code ec;
    if (fs::exists(outdir, ec)) {
        if (!fs::is_directory(outdir, ec)) {
            std::cerr << "smolpub: " << outdir.string() << " exists and is not a folder\n";
            return exit_failure;
        }
        if (!fs::is_empty(outdir, ec)) {
            // Only a folder smolpub wrote (it holds the marker) is ever replaced: --force on
            // a home folder or anything else must not swap it out and delete it.
            if (!fs::exists(outdir / export_marker, ec)) {
                std::cerr << "smolpub: " << outdir.string() << " is not empty and is not an export of smolpub (no "
                          << export_marker << " in it): refusing to replace it, even with --force; "
                          << "name a new or empty folder\n";
                return exit_failure;
            }
            if (!force) {
                std::cerr << "smolpub: " << outdir.string()
                          << " holds an earlier export (use --force to replace it)\n";
                return exit_failure;
            }
        }
    }
    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;  // a config error is a failure, as in check and serve; 2 is the command line

    // Everything goes into a folder beside OUTDIR, swapped in only once complete: a failed
    // export leaves the previous one as it was. A write past a file size limit (ulimit -f)
    // must fail like a full disk, not kill us with the staging folder left behind.
    std::signal(SIGXFSZ, SIG_IGN);
    auto staged = staged_folder::create(outdir);
    if (!staged) {
        std::cerr << "smolpub: " << staged.error() << '\n';
        return exit_failure;
    }
    bool ok = true;
    // One page cache for every site, as serve has, of the size the config gives it.
    const auto cache = std::make_shared<site::page_cache>(config->limit.cache_bytes);
    for (std::size_t i = 0; i < config->sites.size(); ++i) {
        const auto& settings = config->sites[i];
        auto site = site::load_site(settings, cache);
        if (!site) {
            std::cerr << located(site.error(), settings.content_dir) << '\n';
            ok = false;
            continue;
        }
        for (const auto& problem : (*site)->problems())
            std::cerr << located(problem, settings.content_dir) << '\n';
        const std::string host = settings.hostnames.empty() ? std::string{} : settings.hostnames.front();
        if (i > 0 && (host.empty() || host == "." || host == ".." || host == "gemini" || host == "gopher" || host == "html" ||
                      host.find('/') != std::string::npos)) {
            std::cerr << "smolpub: cannot export the site for " << host << ": its folder name is taken\n";
            ok = false;
            continue;
        }
        ok = export_site(settings, **site, i == 0 ? staged->path() : staged->path() / host,
                         i == 0 ? outdir : outdir / host) && ok;
    }
    if (!ok) {
        std::cerr << "smolpub: export failed; " << outdir.string()
                  << (fs::exists(outdir, ec) ? " is left as it was\n" : " was not made\n");
        return exit_failure;
    }
    if (!write_marker(staged->path())) {
        std::cerr << "smolpub: cannot write " << (outdir / export_marker).string() << "; " << outdir.string()
                  << (fs::exists(outdir, ec) ? " is left as it was\n" : " was not made\n");
        return exit_failure;
    }
    if (const auto swapped = staged->commit(); !swapped) {
        std::cerr << "smolpub: " << swapped.error() << "; " << outdir.string() << " is left as it was\n";
        return exit_failure;
    }
    std::cout << "smolpub: " << outdir.string() << " now holds the new export\n";
    return exit_ok;
}

} // namespace smolpub::cli
