// SPDX-License-Identifier: ISC
#pragma once
// The files geminispace expects of every capsule, made from the settings when the capsule
// has none of its own: /robots.txt (the Gemini robots.txt companion specification) and
// /favicon.txt (one emoji, which some browsers show beside the title).
#include <optional>
#include <string>
#include <string_view>

#include "content/settings.hpp"

namespace smolpub::site {

/// The generated robots.txt: `User-agent: *` with `robots.disallow`, and a webproxy block
/// when `robots.webproxy` is off. Crawlers read the virtual user agents archiver, indexer,
/// researcher and webproxy; `*` speaks to all of them.
std::string robots_txt(const content::site_settings& settings);

/// The web's robots.txt: `/search` kept from crawlers, and where the sitemap is
/// (`origin` is "https://host", no final '/').
std::string web_robots_txt(const content::site_settings& settings, std::string_view origin);

/// The body of a conventional file for `path` ("/robots.txt", "/favicon.txt"; for Gopher the
/// selector with or without its slash), or nullopt when the path is none of them or the
/// setting is off (no favicon).
std::optional<std::string> conventional_file(const content::site_settings& settings, std::string_view path);

} // namespace smolpub::site
