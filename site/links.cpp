// SPDX-License-Identifier: ISC
#include "site/links.hpp"

#include "site/paths.hpp"
#include "text/gemtext_lines.hpp"

namespace smolpub::site {

std::optional<std::string> rewrite_link(const catalog& cat, std::string_view folder_url,
                                        std::string_view url)
{
    if (url.empty() || paths::has_scheme(url) || url.starts_with("//") || url[0] == '#' || url[0] == '?')
        return std::nullopt;
    const auto cut = url.find_first_of("?#");
    const std::string_view path = url.substr(0, cut);
    if (path.empty())
        return std::nullopt;

    const std::string decoded = paths::decode(path);
    const std::string absolute = paths::normalize(decoded[0] == '/' ? decoded : std::string{folder_url} + decoded);
    if (!absolute.ends_with(".md"))
        return std::nullopt;  // absolute_links() deals with the other relative links
    const kept_text* served = cat.served_by_source.find(std::string_view{absolute}.substr(1));
    if (!served)
        return std::nullopt;
    // The fragment named a Markdown heading; gemtext has no anchors, so it is dropped.
    return paths::encode(cat.served_by_source.text(*served));
}

std::string absolute_links(std::string_view gemtext, std::string_view folder_url)
{
    std::string out;
    out.reserve(gemtext.size());
    for (const text::gemtext_line& l : text::gemtext_lines{gemtext}) {
        const std::string_view line = l.text;
        const auto link = l.toggle || l.preformatted ? std::nullopt : text::link_of(line);
        if (!link) {
            out += line;
            out += '\n';
            continue;
        }
        const std::string_view url = link->url;
        const auto cut = url.find_first_of("?#");
        // A `.md` target was already offered to the hook; one it did not know stays as written.
        if (url[0] == '/' || url[0] == '#' || url[0] == '?' || paths::has_scheme(url) ||
            url.substr(0, cut).ends_with(".md")) {
            out += line;
            out += '\n';
            continue;
        }
        const std::string_view suffix = cut == std::string_view::npos ? std::string_view{} : url.substr(cut);
        out += "=> ";
        out += paths::encode(paths::normalize(std::string{folder_url} + paths::decode(url.substr(0, cut))));
        out += suffix;
        out += link->rest;
        out += '\n';
    }
    return out;
}

render::gemtext_options options_for(const catalog& cat, std::string folder_url)
{
    render::gemtext_options options = cat.settings->gemtext;
    options.rewrite_link = [&cat, folder = std::move(folder_url)](std::string_view url) {
        return rewrite_link(cat, folder, url);
    };
    return options;
}

} // namespace smolpub::site
