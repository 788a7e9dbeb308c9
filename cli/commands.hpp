// SPDX-License-Identifier: ISC
#pragma once
// The operator's commands besides `serve`: each returns the process exit code (see
// cli/cli.hpp) and prints its own results; cli.cpp only parses options and dispatches.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::cli {

/// `smolpub check`: loads the config and every site without serving or touching
/// certificates, and reports every problem as `file:line:col: message` on stderr.
/// 0 when clean (one summary line on stdout), 1 when anything was found.
int check(const std::filesystem::path& config_path);
std::string_view check_usage();

/// `smolpub build OUTDIR`: writes every page as files for a static Gemini server and
/// every Gopher menu as a Gophernicus `gophermap`. Same input, same bytes.
/// Refuses a non-empty OUTDIR unless `force`.
int build(const std::filesystem::path& config_path, const std::filesystem::path& outdir, bool force);
std::string_view build_usage();

/// `smolpub new CATEGORY/SLUG TITLE`: writes a draft article with front matter
/// into the default site's content directory; never overwrites.
int new_article(const std::filesystem::path& config_path, std::string_view where, std::string_view title);
std::string_view new_usage();

/// `smolpub cert`: prints each configured identity's fingerprints and expiry, generating
/// missing ones; with `renew`, replaces key and certificate. An empty `hostname` means all.
int cert(const std::filesystem::path& config_path, const std::string& hostname, bool renew);
std::string_view cert_usage();

/// `smolpub import wordpress EXPORT.xml [MORE.xml...] DIR`: writes a capsule from a WordPress
/// export, in one file or split in several (see import/wordpress_import.hpp). 0 complete, 1
/// something not imported, 2 bad usage.
int import_blog(std::string_view format, const std::vector<std::filesystem::path>& exports, const std::filesystem::path& dir,
                const std::filesystem::path& uploads, std::string_view hostname, bool force, bool keep_pingbacks,
                bool publish_protected);
std::string_view import_usage();

/// `smolpub cert --ticket-keys FILE [--rotate] [--keep N]`: writes a new session-ticket key
/// file (refusing to replace one), or with `rotate` puts a fresh key first and keeps the
/// newest `keep`. Atomic, mode 0600; prints what it did and the key names.
int ticket_keys(const std::filesystem::path& file, bool rotate, std::size_t keep);

/// `smolpub init [DIR]`: writes a starter capsule (commented smolpub.toml, content/ with an
/// about page and an article with archived comments, .gitignore); never overwrites: when any
/// target exists, writes nothing and returns 1.
int init(const std::filesystem::path& dir);
std::string_view init_usage();

/// `smolpub status`: prints the status file the running server keeps (server.status_file):
/// what each site serves, when it was loaded, files held at their last good version.
/// 1 when there is no such file (not configured, or no server has written it).
int show_status(const std::filesystem::path& config_path);
std::string_view status_usage();

/// `smolpub announce`: submits each site's feed to Antenna (announce.antenna), once.
int announce(const std::filesystem::path& config_path);
std::string_view announce_usage();

} // namespace smolpub::cli
