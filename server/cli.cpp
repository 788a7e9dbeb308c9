#include "server/cli.hpp"

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "capsule/config.hpp"
#include "server/serve.hpp"

namespace smolpub::server {
namespace {

constexpr std::string_view usage = R"(usage: smolpub [COMMAND] [OPTIONS]

Publishes a folder of Markdown articles over Gemini and Gopher.

Commands:
  serve        serve the capsule (the default)
  help config  print the configuration reference (every key, its type and default)

Options:
  -c, --config FILE   the configuration file (default: smolpub.toml)
  -h, --help          show this help (`smolpub COMMAND --help` for a command)
  -V, --version       print the version

Exit codes: 0 success, 1 failure (cannot serve, problems found), 2 bad usage or config.
)";

constexpr std::string_view serve_usage = R"(usage: smolpub serve [--config FILE]

Loads the configuration, certificates (generating missing ones) and the capsule,
then serves Gemini (and Gopher, when configured) until SIGTERM or SIGINT.
SIGHUP reloads configuration, certificates and content; on error the old ones stay.
)";

struct common_options {
    std::filesystem::path config = "smolpub.toml";
    bool help = false;
    std::vector<std::string_view> positional;
};

/// Parses the options every command shares; unknown options are usage errors.
bool parse_common(std::span<const std::string_view> args, common_options& out)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "-h" || a == "--help") {
            out.help = true;
        } else if (a == "-c" || a == "--config") {
            if (i + 1 == args.size()) {
                std::cerr << "smolpub: " << a << " needs a file\n";
                return false;
            }
            out.config = std::string{args[++i]};
        } else if (a.starts_with("--config=")) {
            out.config = std::string{a.substr(9)};
        } else if (a.starts_with("-") && a != "-") {
            std::cerr << "smolpub: unknown option " << a << " (see smolpub --help)\n";
            return false;
        } else {
            out.positional.push_back(a);
        }
    }
    return true;
}

} // namespace

int run_cli(std::span<const std::string_view> args)
{
    if (!args.empty() && (args[0] == "-V" || args[0] == "--version")) {
        std::cout << "smolpub " << SMOLPUB_VERSION << '\n';
        return exit_ok;
    }
    if (args.size() == 2 && args[0] == "help" && args[1] == "config") {
        std::cout << capsule::config_reference_markdown();
        return exit_ok;
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
    common_options options;
    if (command == "serve") {
        if (!parse_common(args, options))
            return exit_usage;
        if (options.help) {
            std::cout << serve_usage;
            return exit_ok;
        }
        if (!options.positional.empty()) {
            std::cerr << "smolpub: serve takes no arguments (see smolpub serve --help)\n";
            return exit_usage;
        }
        return serve(options.config);
    }
    std::cerr << "smolpub: unknown command '" << command << "' (see smolpub --help)\n";
    return exit_usage;
}

} // namespace smolpub::server
