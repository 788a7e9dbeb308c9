#pragma once
// Internal: build_site with the clock started earlier, so load_site can report the
// time spent reading the disk and rendering together.
#include <chrono>
#include <memory>
#include <vector>

#include "site/site.hpp"

namespace smolpub::capsule {

std::shared_ptr<const site> build_site_since(const site_settings& settings, const content& loaded,
                                             std::vector<diagnostic> problems,
                                             std::chrono::steady_clock::time_point started);

} // namespace smolpub::capsule
