// load_site lives apart from build_site so that tests building a site from a
// hand-made model do not need the disk loader linked in.
#include "capsule/content.hpp"
#include "capsule/site.hpp"
#include "capsule/site_build.hpp"

namespace smolpub::capsule {

tl::expected<std::shared_ptr<const site>, diagnostic> load_site(const site_settings& settings,
                                                                std::shared_ptr<page_cache> cache,
                                                                const std::shared_ptr<const site>& previous)
{
    const auto started = std::chrono::steady_clock::now();
    auto loaded = load_content(settings.content_dir);
    if (!loaded)
        return tl::unexpected(loaded.error());
    return build_site_since(settings, std::move(loaded->site), std::move(loaded->problems), started,
                            std::move(cache), previous);
}

} // namespace smolpub::capsule
