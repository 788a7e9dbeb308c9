// SPDX-License-Identifier: ISC
#include "cli/cli.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "content/config.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "tls/ticket_keys.hpp"
#include "cli/serve.hpp"

namespace smolpub::cli {
namespace {

constexpr std::string_view usage = R"(usage: smolpub [COMMAND] [OPTIONS]

Publishes a folder of Markdown articles over Gemini and Gopher.

Commands:
  serve                     serve the capsule (the default)
  init [DIR]                write a starter capsule: commented smolpub.toml, content/
  check                     report every problem in the config and capsule; serve nothing
  build OUTDIR              write the capsule as static files (Gemini files, gophermaps)
  new CATEGORY/SLUG TITLE   start a draft article, front matter filled in
  cert [--renew]            print certificate fingerprints and expiry; generate or renew
  import wordpress EXPORT.xml DIR   a WordPress blog, comments and all, as a new capsule
  cert --ticket-keys FILE   write (or --rotate) the session-ticket keys replicas share
  status                    print what the running server serves (needs server.status_file)
  announce                  submit the feed to Antenna (announce.antenna); run after publishing
  help config [--markdown]  print the configuration reference (--markdown: README's tables)

Options:
  -c, --config FILE   the configuration file (default: smolpub.toml)
  -h, --help          show this help (`smolpub COMMAND --help` for a command)
  -V, --version       print the version

Exit codes: 0 success, 1 failure (cannot serve, problems found, configuration errors),
2 bad usage.
)";

constexpr std::string_view serve_usage = R"(usage: smolpub serve [--config FILE]

Loads the configuration, certificates (generating missing ones) and the capsule,
then serves Gemini (and Gopher, when configured) until SIGTERM or SIGINT.
SIGHUP reloads configuration, certificates and content; on error the old ones stay.
Prints `smolpub: serving as pid N` once signals are handled. Missing certificates are
made only once the configuration and the capsules load.

Exit codes: 0 stopped by SIGTERM or SIGINT, 1 cannot serve (an invalid configuration
included, as `smolpub check` reports it), 2 bad usage.
)";

/// parse_options, with its usage error printed.
bool parse_common(std::span<const std::string_view> args, common_options& out, const extra_options& accepted = {})
{
    auto parsed = parse_options(args, accepted);
    if (!parsed) {
        std::cerr << "smolpub: " << parsed.error() << '\n';
        return false;
    }
    out = std::move(*parsed);
    return true;
}

/// Parses `args` for a command with `positional` arguments exactly; prints `help` on --help.
/// Returns the exit code to stop with, or nullopt to run the command.
std::optional<int> parse_command(std::string_view name, std::span<const std::string_view> args,
                                 std::string_view help, std::size_t positional, common_options& options,
                                 const extra_options& accepted = {})
{
    if (!parse_common(args, options, accepted))
        return exit_usage;
    if (options.help) {
        std::cout << help;
        return exit_ok;
    }
    if (options.positional.size() != positional) {
        std::cerr << "smolpub: " << wrong_argument_count(name, positional) << '\n';
        return exit_usage;
    }
    return std::nullopt;
}

/// The commands that take --config and nothing else.
struct config_command {
    std::string_view name;
    std::string_view (*help)();
    int (*run)(const std::filesystem::path& config_path);
};

std::string_view serve_help() { return serve_usage; }

constexpr config_command config_commands[] = {
    {"serve", serve_help, serve},
    {"check", check_usage, check},
    {"status", status_usage, show_status},
    {"announce", announce_usage, announce},
};

int run_config_command(const config_command& command, std::span<const std::string_view> args)
{
    common_options options;
    if (auto stop = parse_command(command.name, args, command.help(), 0, options))
        return *stop;
    return command.run(options.config);
}

int run_build(std::span<const std::string_view> args)
{
    common_options options;
    if (auto stop = parse_command("build", args, build_usage(), 1, options, {{"--force"}, {}}))
        return *stop;
    return build(options.config, std::string{options.positional[0]}, options.extra.contains("--force"));
}

int run_new(std::span<const std::string_view> args)
{
    common_options options;
    if (auto stop = parse_command("new", args, new_usage(), 2, options))
        return *stop;
    return new_article(options.config, options.positional[0], options.positional[1]);
}

int run_init(std::span<const std::string_view> args)
{
    common_options options;
    if (!parse_common(args, options))
        return exit_usage;
    if (options.help) {
        std::cout << init_usage();
        return exit_ok;
    }
    if (options.positional.size() > 1) {
        std::cerr << "smolpub: init takes at most one argument (see smolpub init --help)\n";
        return exit_usage;
    }
    return init(options.positional.empty() ? std::filesystem::path{"."} : std::filesystem::path{options.positional[0]});
}

int run_cert(std::span<const std::string_view> args)
{
    common_options options;
    if (auto stop = parse_command("cert", args, cert_usage(), 0, options,
                                  {{"--renew", "--rotate"}, {"--hostname", "--ticket-keys", "--keep"}}))
        return *stop;
    if (const auto file = options.extra.find("--ticket-keys"); file != options.extra.end()) {
        if (options.extra.contains("--renew") || options.extra.contains("--hostname")) {
            std::cerr << "smolpub: --ticket-keys works on the key file alone; not with --renew or --hostname\n";
            return exit_usage;
        }
        std::size_t keep = tls::default_ticket_keys_kept;
        if (const auto n = options.extra.find("--keep"); n != options.extra.end()) {
            const auto parsed = parse_keep(n->second);
            if (!parsed) {
                std::cerr << "smolpub: --keep must be 1..100, got " << n->second << '\n';
                return exit_usage;
            }
            keep = *parsed;
        }
        return ticket_keys(std::string{file->second}, options.extra.contains("--rotate"), keep);
    }
    if (options.extra.contains("--rotate") || options.extra.contains("--keep")) {
        std::cerr << "smolpub: --rotate and --keep go with --ticket-keys FILE\n";
        return exit_usage;
    }
    const auto host = options.extra.find("--hostname");
    return cert(options.config, host == options.extra.end() ? std::string{} : std::string{host->second},
                options.extra.contains("--renew"));
}

#ifdef SMOLPUB_IMPORT_PROGRAM
int run_import(std::span<const std::string_view> args)
{
    common_options options;
    // FORMAT, one export file or more (WordPress.com splits large blogs), DIR.
    if (!parse_common(args, options, {{"--force", "--keep-pingbacks", "--publish-protected"}, {"--uploads", "--hostname"}}))
        return exit_usage;
    if (options.help) {
        std::cout << import_usage();
        return exit_ok;
    }
    if (options.positional.size() < 3) {
        std::cerr << "smolpub: import takes a format, one export file or more, and DIR (see smolpub import --help)\n";
        return exit_usage;
    }
    const auto value = [&](std::string_view key) {
        const auto it = options.extra.find(key);
        return it == options.extra.end() ? std::string_view{} : it->second;
    };
    const std::vector<std::filesystem::path> exports(options.positional.begin() + 1, options.positional.end() - 1);
    return import_blog(options.positional[0], exports, std::string{options.positional.back()},
                       std::string{value("--uploads")}, value("--hostname"), options.extra.contains("--force"),
                       options.extra.contains("--keep-pingbacks"), options.extra.contains("--publish-protected"));
}
#else
// The importer's libraries (libxml2, ICU, liblzma) stay out of the serving program: `smolpub
// import` replaces itself with smolpub-import, found beside this executable, else on PATH.
int run_import(std::span<const std::string_view> args)
{
    std::vector<std::string> owned{"smolpub-import"};
    for (const auto arg : args)
        owned.emplace_back(arg);
    std::vector<char*> argv;
    for (auto& arg : owned)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        const auto beside = (self.parent_path() / "smolpub-import").string();
        if (::access(beside.c_str(), X_OK) == 0)
            ::execv(beside.c_str(), argv.data());
    }
    ::execvp("smolpub-import", argv.data());
    std::cerr << "smolpub: cannot run smolpub-import (looked beside this program and on PATH): "
              << std::strerror(errno) << "\n";
    return exit_failure;
}
#endif

} // namespace

int run_cli(std::span<const std::string_view> args)
{
    if (!args.empty() && (args[0] == "-V" || args[0] == "--version")) {
        std::cout << "smolpub " << SMOLPUB_VERSION << '\n';
        return exit_ok;
    }
    if (args.size() >= 2 && args.size() <= 3 && args[0] == "help" && args[1] == "config") {
        if (args.size() == 3 && args[2] != "--markdown") {
            std::cerr << "smolpub: help config takes only --markdown\n";
            return exit_usage;
        }
        std::cout << (args.size() == 3 ? content::config_reference_markdown() : content::config_reference_text());
        return exit_ok;
    }
    if (args.size() >= 2 && args[0] == "help") {
        std::cerr << "smolpub: unknown help topic '" << args[1] << "' (topics: config)\n";
        return exit_usage;
    }
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")) {
        std::cout << usage;
        return exit_ok;
    }
    std::string_view command = "serve";
    if (!args.empty() && !args[0].starts_with("-")) {
        command = args[0];
        args = args.subspan(1);
    }
    for (const config_command& c : config_commands)
        if (command == c.name)
            return run_config_command(c, args);
    if (command == "build")
        return run_build(args);
    if (command == "new")
        return run_new(args);
    if (command == "cert")
        return run_cert(args);
    if (command == "import")
        return run_import(args);
    if (command == "init")
        return run_init(args);
    std::cerr << "smolpub: unknown command '" << command << "' (see smolpub --help)\n";
    return exit_usage;
}

} // namespace smolpub::cli
