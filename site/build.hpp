#pragma once
// Internal: build_site with the clock started earlier, so load_site can report the
// time spent reading the disk and rendering together.
#include <chrono>
#include <memory>
#include <vector>

#include "site/site.hpp"

namespace smolpub::capsule {

std::shared_ptr<const site> build_site_since(const site_settings& settings, content loaded,
                                             std::vector<diagnostic> problems,
                                             std::chrono::steady_clock::time_point started,
                                             std::shared_ptr<page_cache> cache,
                                             const std::shared_ptr<const site>& previous);

} // namespace smolpub::capsule
