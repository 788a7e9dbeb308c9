// SPDX-License-Identifier: ISC
#pragma once
// The options every command shares (`--config FILE`, `--help`) and a command's own flags and
// valued options, parsed from argv. Pure: the caller prints what went wrong.
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace smolpub::cli {

struct common_options {
    std::filesystem::path config = "smolpub.toml";
    bool help = false;
    std::vector<std::string_view> positional;
    std::map<std::string_view, std::string_view> extra;  ///< a command's own options, given
};

/// What a command accepts besides the shared options.
struct extra_options {
    std::vector<std::string_view> flags;   ///< "--force"
    std::vector<std::string_view> valued;  ///< "--hostname" (takes the next argument)
};

/// Parses the options every command shares plus `accepted`. An unknown option or a missing
/// value is a usage error: its message, without the "smolpub: " in front.
tl::expected<common_options, std::string> parse_options(std::span<const std::string_view> args,
                                                        const extra_options& accepted = {});

/// Why a command that takes exactly `positional` arguments refuses another number of them.
std::string wrong_argument_count(std::string_view command, std::size_t positional);

/// `cert --keep N`: how many ticket keys a rotation keeps, 1..100 in decimal; nullopt otherwise.
std::optional<std::size_t> parse_keep(std::string_view text);

} // namespace smolpub::cli
