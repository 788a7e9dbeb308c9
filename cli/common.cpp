// SPDX-License-Identifier: ISC
#include "cli/common.hpp"

#include <iostream>

namespace smolpub::cli {

bool report_missing_config(const std::filesystem::path& config_path)
{
    std::error_code ec;
    if (std::filesystem::exists(config_path, ec) || ec)
        return false;
    std::cerr << "smolpub: no " << config_path.string()
              << " here; run `smolpub init` to make one, or pass --config FILE\n";
    return true;
}

std::optional<content::config> load_config_reporting(const std::filesystem::path& config_path)
{
    if (report_missing_config(config_path))
        return std::nullopt;
    auto config = content::load_config(config_path);
    if (config)
        return std::move(*config);
    for (const auto& problem : config.error())
        std::cerr << located(problem, config_path) << '\n';
    return std::nullopt;
}

std::string located(const content::diagnostic& problem, const std::filesystem::path& fallback)
{
    content::diagnostic where = problem;
    if (where.file.empty())
        where.file = fallback;
    if (where.line <= 0)
        where.line = 1;
    if (where.column <= 0)
        where.column = 1;
    return where.text();
}

} // namespace smolpub::cli
