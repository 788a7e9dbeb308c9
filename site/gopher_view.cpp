// SPDX-License-Identifier: ISC
#include "site/gopher_view.hpp"

#include "site/paths.hpp"
#include "text/percent.hpp"

namespace smolpub::site {

using content::site_settings;

char item_type_for_file(std::string_view path, std::string_view mime)
{
    if (mime.starts_with("image/gif"))
        return 'g';
    if (mime.starts_with("image/"))
        return 'I';
    if (mime.starts_with("text/plain") || path.ends_with(".txt"))
        return '0';
    return '9';
}

gopher_directory::gopher_directory(const site_settings& settings, const path_table<kept_text>& redirects)
    : settings_(settings), redirects_(redirects), items_(redirects.store())
{
}

void gopher_directory::add(kept_text path, char type, kept_text selector)
{
    items_.insert_or_assign(path, entry{type, selector});
}

render::gopher_item gopher_directory::item_of(const entry& found) const
{
    return {found.type, {}, std::string{items_.text(found.selector)}, settings_.gopher_host, settings_.gopher_port};
}

std::optional<render::gopher_item> gopher_directory::resolve(std::string_view link) const
{
    const auto cut = text::path_end(link);
    // Every link of every Gopher menu comes here: the usual one names a page as it is,
    // with nothing to decode, and is found without copying it.
    if (const std::string_view plain = link.substr(0, cut); plain.find('%') == std::string_view::npos) {
        if (const entry* found = items_.find(plain))
            return item_of(*found);
    }
    std::string path = paths::decode(link.substr(0, cut));
    if (path.empty())
        path.push_back('/');
    if (!path.starts_with("/"))
        return std::nullopt;
    // Aliases chain at most a few times; the bound keeps a bad alias loop harmless.
    for (int hop = 0; hop < 8; ++hop) {
        if (const entry* found = items_.find(path))
            return item_of(*found);
        if (const kept_text* target = redirects_.find(path)) {
            path = paths::decode(redirects_.text(*target));
            continue;
        }
        if (!path.ends_with("/")) {
            path += '/';
            continue;
        }
        break;
    }
    return std::nullopt;
}

std::string gopher_directory::menu_item(std::string_view display, std::string_view path) const
{
    if (auto item = resolve(paths::encode(path))) {
        item->display = std::string{display};
        return render::menu_line(*item);
    }
    return render::info_line(display);
}

render::gopher_options gopher_directory::options() const
{
    render::gopher_options options;
    options.width = settings_.gopher_width;
    options.host = settings_.gopher_host;
    options.port = settings_.gopher_port;
    options.own_hosts = settings_.hostnames;
    options.resolve_local = [this](std::string_view path) { return resolve(path); };
    return options;
}


} // namespace smolpub::site
