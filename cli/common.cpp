#include "cli/common.hpp"

#include <iostream>

namespace smolpub::server {

std::optional<capsule::config> load_config_reporting(const std::filesystem::path& config_path)
{
    auto config = capsule::load_config(config_path);
    if (config)
        return std::move(*config);
    for (const auto& problem : config.error())
        std::cerr << located(problem, config_path) << '\n';
    return std::nullopt;
}

std::string located(const capsule::diagnostic& problem, const std::filesystem::path& fallback)
{
    capsule::diagnostic where = problem;
    if (where.file.empty())
        where.file = fallback;
    if (where.line <= 0)
        where.line = 1;
    if (where.column <= 0)
        where.column = 1;
    return where.text();
}

} // namespace smolpub::server
