// SPDX-License-Identifier: ISC
#include "site/hosts.hpp"

#include <algorithm>

namespace smolpub::site {

const hosted_site* find_host(std::span<const hosted_site> sites, std::string_view canonical_host)
{
    for (const auto& s : sites)
        if (std::find(s.settings.hostnames.begin(), s.settings.hostnames.end(), canonical_host) !=
            s.settings.hostnames.end())
            return &s;
    return nullptr;
}

} // namespace smolpub::site
