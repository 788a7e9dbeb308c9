// SPDX-License-Identifier: ISC
#pragma once
// The virtual hosts of a server: each site with its settings, found by host name. What a
// protocol handler needs to pick a site, without the rest of the running server.
#include <memory>
#include <span>
#include <string_view>

#include "content/settings.hpp"
#include "site/site.hpp"

namespace smolpub::site {

/// One virtual host: its settings and its site.
struct hosted_site {
    content::site_settings settings;
    std::shared_ptr<const smolpub::site::site> site;
};

/// The site in `sites` serving `canonical_host` (lower case, no final dot), or nullptr.
const hosted_site* find_host(std::span<const hosted_site> sites, std::string_view canonical_host);

} // namespace smolpub::site
