#include "site/reload.hpp"

#include "content/content.hpp"
#include "site/build.hpp"

namespace smolpub::capsule {

tl::expected<loaded_site, diagnostic> reload_site(const site_settings& settings,
                                                  const std::shared_ptr<const content>& previous)
{
    const auto started = std::chrono::steady_clock::now();
    // A model of another folder has nothing to lend (its paths would never match anyway).
    const content* lend = previous && previous->root == settings.content_dir ? previous.get() : nullptr;
    auto loaded = load_content(settings.content_dir, lend);
    if (!loaded)
        return tl::unexpected(loaded.error());
    auto model = std::make_shared<const content>(std::move(loaded->site));
    auto built = build_site_since(settings, *model, std::move(loaded->problems), started);
    return loaded_site{std::move(built), std::move(model)};
}

} // namespace smolpub::capsule
