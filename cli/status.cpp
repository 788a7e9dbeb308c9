// SPDX-License-Identifier: ISC
// `smolpub status`: reads what the running server wrote to server.status_file. No socket
// and no signal: the file is the whole channel, and its permissions say who may read it.
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

#include "cli/cli.hpp"
#include "cli/common.hpp"
#include "cli/commands.hpp"
#include "runtime/status_file.hpp"

namespace smolpub::cli {
using runtime::status_end_line;

namespace {

namespace fs = std::filesystem;

constexpr std::string_view usage = R"(usage: smolpub status [--config FILE]

Prints what the running server serves, from the file it keeps at server.status_file
(rewritten at start and after every reload): per site the number of articles, pages,
comments, categories and problems, when it was loaded, and the files served at their
last good version because they are broken now. `kill -USR1 <pid>` prints the same
lines to the server's own standard output.

Options:
  -c, --config FILE   the configuration file (default: smolpub.toml)

Exit codes: 0 printed, 1 no status (server.status_file unset, not written yet, or its
server no longer runs: the last status is still printed; a configuration error), 2 bad usage.
)";

/// The complete status text in `file` (up to its end line), or "" when it has none:
/// a reader that catches the server rewriting it tries again.
std::string read_complete(const fs::path& file)
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        std::ifstream in(file, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (const auto end = text.find(status_end_line); end != std::string::npos)
            return text.substr(0, end);
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    return {};
}

} // namespace

std::string_view status_usage() { return usage; }

int show_status(const fs::path& config_path)
{
    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;  // a config error is a failure, as in check and serve; 2 is the command line
    if (config->status_file.empty()) {
        std::cerr << "smolpub: no status: set server.status_file in " << config->file.string()
                  << " (and restart the server), or send it SIGUSR1\n";
        return exit_failure;
    }
    const std::string text = read_complete(config->status_file);
    if (text.empty()) {
        std::cerr << "smolpub: no status in " << config->status_file.string() << ": has the server started?\n";
        return exit_failure;
    }
    std::cout << text;
    // The first line names the writer; a status left by a server that has stopped is stale.
    constexpr std::string_view pid_prefix = "smolpub: status: pid ";
    if (text.starts_with(pid_prefix)) {
        const long pid = std::atol(text.c_str() + pid_prefix.size());
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            std::cerr << "smolpub: the server that wrote this (pid " << pid << ") is not running\n";
            return exit_failure;
        }
    }
    return exit_ok;
}

} // namespace smolpub::cli
