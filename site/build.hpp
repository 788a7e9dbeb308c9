// SPDX-License-Identifier: ISC
#pragma once
// Internal: build_site with the clock started earlier, so load_site can report the
// time spent reading the disk and rendering together.
#include <chrono>
#include <memory>
#include <vector>

#include "site/site.hpp"

namespace smolpub::site {

std::shared_ptr<const site> build_site_since(const content::site_settings& settings, content::tree loaded,
                                             std::vector<content::diagnostic> problems,
                                             std::chrono::steady_clock::time_point started,
                                             std::shared_ptr<page_cache> cache,
                                             const std::shared_ptr<const site>& previous);

} // namespace smolpub::site
