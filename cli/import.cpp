// SPDX-License-Identifier: ISC
// `smolpub import wordpress EXPORT.xml DIR`: a WordPress blog, comments and all, as a ready
// capsule. The work is in import/; this file only reports and picks the exit code.
#include <iostream>

#include "import/wordpress_import.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"

namespace smolpub::cli {
namespace {

constexpr std::string_view import_usage_text = R"(usage: smolpub import wordpress EXPORT.xml [MORE.xml...] DIR [--uploads UPLOADS_DIR] [--hostname NAME] [--force] [--keep-pingbacks] [--publish-protected]

Writes a complete capsule into DIR (DIR/smolpub.toml and DIR/content/) from a WordPress
export (Tools -> Export -> All content; WXR 1.0, 1.1 or 1.2; an export that WordPress.com
split into several files is given as all of them, and read as one): posts in their category
folders, pages, drafts (kept with draft = true, never published), approved comments as
<slug>.comments.toml, old permalinks as aliases (Gemini redirects). Commenters' e-mail and
IP addresses are never written.

  --uploads DIR      a copy of wp-content/uploads: referenced files are copied into
                     content/uploads/ (full-size originals preferred) and linked there;
                     the URLs of the missing ones are listed in DIR/uploads-missing.txt
  --hostname NAME    site.hostnames in the new smolpub.toml (default: localhost)
  --force            write into a non-empty DIR; existing files are still never
                     overwritten, and the ones left alone are listed
  --keep-pingbacks   import pingbacks and trackbacks as comments (default: skipped)
  --publish-protected  publish password-protected posts for everyone (default: they
                     are kept as drafts, like private posts, and the report names them)

Prints a report: what was imported, what was skipped and why, a warning per post.
Exit codes: 0 the import is complete, 1 something could not be imported (or DIR is not
empty without --force), 2 bad usage.
)";

} // namespace

std::string_view import_usage() { return import_usage_text; }

int import_blog(std::string_view format, const std::vector<std::filesystem::path>& exports, const std::filesystem::path& dir,
                const std::filesystem::path& uploads, std::string_view hostname, bool force, bool keep_pingbacks,
                bool publish_protected)
{
    if (format != "wordpress") {
        std::cerr << "smolpub: cannot import '" << format << "': only 'wordpress' is known (see smolpub import --help)\n";
        return exit_usage;
    }
    import::import_options options;
    if (exports.empty()) {
        std::cerr << "smolpub: import needs an export file (see smolpub import --help)\n";
        return exit_usage;
    }
    options.export_file = exports.front();
    options.more_exports.assign(exports.begin() + 1, exports.end());
    options.dir = dir;
    options.uploads = uploads;
    if (!hostname.empty())
        options.hostname = std::string{hostname};
    options.force = force;
    options.keep_pingbacks = keep_pingbacks;
    options.publish_protected = publish_protected;
    const auto report = import::import_wordpress(options);
    if (!report) {
        std::cerr << "smolpub: " << report.error() << '\n';
        return exit_failure;
    }
    std::cout << import::format_report(*report);
    if (!import::import_complete(*report))
        return exit_failure;
    std::cerr << "smolpub: next: smolpub check --config " << (dir / "smolpub.toml").string() << '\n';
    return exit_ok;
}

} // namespace smolpub::cli
