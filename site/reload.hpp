#pragma once
// Loading a site for a server that reloads: the content model is kept beside the site,
// so the next load can reuse unchanged files and keep broken ones at their last good
// version (content/reuse.hpp).
#include <memory>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/model.hpp"
#include "content/settings.hpp"
#include "site/site.hpp"

namespace smolpub::capsule {

/// A rendered site and the content model it was built from.
struct loaded_site {
    std::shared_ptr<const capsule::site> pages;  ///< what is served
    std::shared_ptr<const content> model;        ///< what it was built from
};

/// load_site, lending `previous` (the model of the last load of the same content folder,
/// or nullptr on a first load) to the loader. Broken files become diagnostics; only an
/// unreadable content directory fails.
tl::expected<loaded_site, diagnostic> reload_site(const site_settings& settings,
                                                  const std::shared_ptr<const content>& previous);

} // namespace smolpub::capsule
