// SPDX-License-Identifier: ISC
// smolpub-import: `smolpub import ARGS` execs this program, so that the importer's libraries
// (libxml2, ICU, liblzma) are never mapped by `smolpub serve`.
#include <string_view>
#include <vector>

#include "cli/cli.hpp"

int main(int argc, char** argv)
{
    std::vector<std::string_view> args{"import"};
    args.insert(args.end(), argv + 1, argv + argc);
    return smolpub::cli::run_cli(args);
}
