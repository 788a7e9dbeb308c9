// SPDX-License-Identifier: ISC
// load_site lives apart from build_site so that tests building a site from a
// hand-made model do not need the disk loader linked in.
#include "content/content.hpp"
#include "site/site.hpp"
#include "site/build.hpp"

namespace smolpub::site {

using content::tree;
using content::diagnostic;
using content::load_content;
using content::site_settings;

tl::expected<std::shared_ptr<const site>, diagnostic> load_site(const site_settings& settings,
                                                                std::shared_ptr<page_cache> cache,
                                                                const std::shared_ptr<const site>& previous)
{
    const auto started = std::chrono::steady_clock::now();
    // A model of another folder has nothing to lend (its paths would never match anyway).
    const tree* lend = previous && previous->model() && previous->model()->root == settings.content_dir
                              ? previous->model()
                              : nullptr;
    auto loaded = load_content(settings.content_dir, lend);
    if (!loaded)
        return tl::unexpected(loaded.error());
    return build_site_since(settings, std::move(loaded->site), std::move(loaded->problems), started,
                            std::move(cache), previous);
}

} // namespace smolpub::site
