// SPDX-License-Identifier: ISC
// `smolpub new CATEGORY/SLUG "Title"`: a new article starts as a draft with its front
// matter filled in, so it cannot go live by accident and needs no copy-pasting.
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>

#include "cli/cli.hpp"
#include "cli/common.hpp"
#include "cli/commands.hpp"
#include "content/toml_text.hpp"

namespace smolpub::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view new_usage_text = R"(usage: smolpub new CATEGORY/SLUG TITLE [--config FILE]

Writes CONTENT/CATEGORY/SLUG.md (CONTENT is [site] content of the default site), with
front matter holding the title, today's date and draft = true, and creates the category
folder when missing. Never overwrites a file. CATEGORY may be nested (notes/rust/SLUG).
Set draft = false (or remove the line) to publish, then reload the server (SIGHUP).

Exit codes: 0 written, 1 the file exists or cannot be written or the
configuration has errors, 2 bad usage.
)";

/// Folder and file names we are willing to create: no empty, hidden or climbing segments.
bool is_plain_segment(std::string_view s)
{
    if (s.empty() || s.front() == '.' || s.find('\\') != std::string_view::npos)
        return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    return true;
}

/// Today in the local time zone, as a TOML local date: the author's idea of "today".
std::string today()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

} // namespace

std::string_view new_usage() { return new_usage_text; }

int new_article(const fs::path& config_path, std::string_view where, std::string_view title)
{
    std::string spec{where};
    if (spec.ends_with(".md"))
        spec.resize(spec.size() - 3);
    fs::path rel;
    std::size_t segments = 0;
    for (std::size_t start = 0;;) {
        const auto slash = spec.find('/', start);
        const std::string_view segment = std::string_view{spec}.substr(start, slash - start);
        if (!is_plain_segment(segment)) {
            std::cerr << "smolpub: '" << where << "' is not CATEGORY/SLUG (no empty, hidden or '..' parts)\n";
            return exit_usage;
        }
        rel /= std::string{segment};
        ++segments;
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    if (segments < 2) {
        std::cerr << "smolpub: '" << where << "' names no category: articles live in a category folder (CATEGORY/SLUG)\n";
        return exit_usage;
    }
    if (title.find_first_not_of(" \t") == std::string_view::npos) {
        std::cerr << "smolpub: the title is empty\n";
        return exit_usage;
    }

    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;  // a config error is a failure, as in check and serve; 2 is the command line
    const fs::path file = config->sites.front().content_dir / (rel.string() + ".md");
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
        std::cerr << "smolpub: " << file.parent_path().string() << ": " << ec.message() << '\n';
        return exit_failure;
    }
    // "x": fail when the file exists, in the same call that creates it, so a file that
    // appeared since any earlier look is never clobbered.
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> out{std::fopen(file.c_str(), "wx"), &std::fclose};
    if (!out) {
        std::cerr << "smolpub: " << file.string() << (errno == EEXIST ? ": already exists; not overwritten" : ": cannot create")
                  << '\n';
        return exit_failure;
    }
    const std::string text = "+++\ntitle = " + content::toml_string(title) + "\ndate = " + today() + "\ndraft = true\n+++\n\n";
    if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size() || std::fflush(out.get()) != 0) {
        std::cerr << "smolpub: " << file.string() << ": cannot write\n";
        return exit_failure;
    }
    std::cout << file.string() << '\n';
    std::cerr << "smolpub: wrote a draft; set draft = false to publish it\n";
    return exit_ok;
}

} // namespace smolpub::cli
