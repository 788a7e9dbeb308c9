// SPDX-License-Identifier: ISC
#include "cli/options.hpp"

#include <algorithm>

namespace smolpub::cli {

tl::expected<common_options, std::string> parse_options(std::span<const std::string_view> args,
                                                        const extra_options& accepted)
{
    const auto is_one_of = [](std::string_view a, const std::vector<std::string_view>& names) {
        return std::find(names.begin(), names.end(), a) != names.end();
    };
    common_options out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "-h" || a == "--help") {
            out.help = true;
        } else if (is_one_of(a, accepted.flags)) {
            out.extra[a] = a;
        } else if (is_one_of(a, accepted.valued)) {
            if (i + 1 == args.size())
                return tl::unexpected(std::string{a} + " needs a value");
            out.extra[a] = args[++i];
        } else if (a == "-c" || a == "--config") {
            if (i + 1 == args.size())
                return tl::unexpected(std::string{a} + " needs a file");
            out.config = std::string{args[++i]};
        } else if (a.starts_with("--config=")) {
            out.config = std::string{a.substr(9)};
        } else if (a.starts_with("-") && a != "-") {
            return tl::unexpected("unknown option " + std::string{a} + " (see smolpub --help)");
        } else {
            out.positional.push_back(a);
        }
    }
    return out;
}

std::string wrong_argument_count(std::string_view command, std::size_t positional)
{
    return std::string{command} + " takes " + (positional == 0 ? std::string{"no"} : std::to_string(positional)) +
           (positional == 1 ? " argument" : " arguments") + " (see smolpub " + std::string{command} + " --help)";
}

std::optional<std::size_t> parse_keep(std::string_view text)
{
    if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    const std::size_t keep = std::stoul(std::string{text});
    if (keep < 1 || keep > 100)
        return std::nullopt;
    return keep;
}

} // namespace smolpub::cli
