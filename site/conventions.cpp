// SPDX-License-Identifier: ISC
#include "site/conventions.hpp"

namespace smolpub::site {

std::string robots_txt(const content::site_settings& settings)
{
    std::string out = "# Made by smolpub (robots.disallow, robots.webproxy); a robots.txt in the capsule replaces it.\n"
                      "# Gemini crawlers read the virtual user agents archiver, indexer, researcher and webproxy.\n"
                      "User-agent: *\n";
    for (const std::string& path : settings.robots_disallow)
        if (!path.empty() && path.find_first_of("\r\n") == std::string::npos)
            out += "Disallow: " + path + "\n";
    if (!settings.robots_webproxy)
        out += "\nUser-agent: webproxy\nDisallow: /\n";
    return out;
}

std::string web_robots_txt(const content::site_settings& settings, std::string_view origin)
{
    std::string out = "# Made by smolpub (robots.disallow); a robots.txt in the capsule replaces it.\n"
                      "User-agent: *\n";
    for (const std::string& path : settings.robots_disallow)
        if (!path.empty() && path.find_first_of("\r\n") == std::string::npos)
            out += "Disallow: " + path + "\n";
    out += "\nSitemap: " + std::string{origin} + "/sitemap.xml\n";
    return out;
}

std::optional<std::string> conventional_file(const content::site_settings& settings, std::string_view path)
{
    if (path.starts_with('/'))
        path.remove_prefix(1);
    if (path == "robots.txt")
        return robots_txt(settings);
    if (path == "favicon.txt" && !settings.favicon.empty())
        return settings.favicon + "\n";
    return std::nullopt;
}

} // namespace smolpub::site
