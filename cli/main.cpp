// SPDX-License-Identifier: ISC
// Thin on purpose: everything testable lives in the server library.
#include <string_view>
#include <vector>

#include "cli/cli.hpp"

int main(int argc, char** argv)
{
    std::vector<std::string_view> args(argv + 1, argv + argc);
    return smolpub::cli::run_cli(args);
}
