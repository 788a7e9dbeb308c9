// SPDX-License-Identifier: ISC
#pragma once
// The command line: `smolpub [COMMAND] [OPTIONS]`. Each command is a function that
// returns the process exit code; main() only dispatches.
#include <span>
#include <string_view>

namespace smolpub::cli {

/// Exit codes, documented in README and --help.
enum exit_code : int { exit_ok = 0, exit_failure = 1, exit_usage = 2 };

/// Runs the command line (argv without the program name).
int run_cli(std::span<const std::string_view> args);

} // namespace smolpub::cli
