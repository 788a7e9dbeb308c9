#include "capsule/site_links.hpp"

#include "capsule/site_paths.hpp"

namespace smolpub::capsule {

std::optional<std::string> rewrite_link(const catalog& cat, std::string_view folder_url,
                                        std::string_view url)
{
    if (url.empty() || paths::has_scheme(url) || url.starts_with("//") || url[0] == '#' || url[0] == '?')
        return std::nullopt;
    const auto cut = url.find_first_of("?#");
    const std::string_view path = url.substr(0, cut);
    const std::string_view suffix = cut == std::string_view::npos ? std::string_view{} : url.substr(cut);
    if (path.empty())
        return std::nullopt;

    const std::string decoded = paths::decode(path);
    const bool relative = decoded[0] != '/';
    const std::string absolute = paths::normalize(relative ? std::string{folder_url} + decoded : decoded);

    if (absolute.ends_with(".md")) {
        const auto it = cat.served_by_source.find(absolute.substr(1));
        if (it == cat.served_by_source.end())
            return std::nullopt;
        // A fragment names a Markdown heading, which gemtext has no anchors for.
        return paths::encode(it->second);
    }
    if (!relative)
        return std::nullopt;
    return paths::encode(absolute) + std::string{suffix};
}

render::gemtext_options options_for(const catalog& cat, std::string folder_url)
{
    render::gemtext_options options = cat.settings->gemtext;
    options.rewrite_link = [&cat, folder = std::move(folder_url)](std::string_view url) {
        return rewrite_link(cat, folder, url);
    };
    return options;
}

} // namespace smolpub::capsule
