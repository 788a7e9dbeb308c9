// load_site lives apart from build_site so that tests building a site from a
// hand-made model do not need the disk loader linked in.
#include "content/content.hpp"
#include "site/site.hpp"
#include "site/build.hpp"

namespace smolpub::capsule {

tl::expected<std::shared_ptr<const site>, diagnostic> load_site(const site_settings& settings)
{
    const auto started = std::chrono::steady_clock::now();
    auto loaded = load_content(settings.content_dir);
    if (!loaded)
        return tl::unexpected(loaded.error());
    return build_site_since(settings, loaded->site, std::move(loaded->problems), started);
}

} // namespace smolpub::capsule
