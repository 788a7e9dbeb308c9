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

gopher_directory::gopher_directory(const site_settings& settings,
                                   const std::unordered_map<std::string, std::string>& redirects)
    : settings_(settings), redirects_(redirects)
{
}

void gopher_directory::add(std::string path, char type, std::string selector)
{
    // Most items are served at their own path: the selector is then not stored twice.
    if (selector == path)
        selector.clear();
    items_.insert_or_assign(std::move(path), std::pair{type, std::move(selector)});
}

render::gopher_item gopher_directory::item_of(const std::string& path, const std::pair<char, std::string>& entry) const
{
    return {entry.first, {}, entry.second.empty() ? path : entry.second, settings_.gopher_host, settings_.gopher_port};
}

std::optional<render::gopher_item> gopher_directory::resolve(std::string_view link) const
{
    const auto cut = text::path_end(link);
    // Every link of every Gopher menu comes here: the usual one names a page as it is,
    // with nothing to decode, and is found without copying it.
    if (const std::string_view plain = link.substr(0, cut); plain.find('%') == std::string_view::npos) {
        if (const auto it = items_.find(plain); it != items_.end())
            return item_of(it->first, it->second);
    }
    std::string path = paths::decode(link.substr(0, cut));
    if (path.empty())
        path.push_back('/');
    if (!path.starts_with("/"))
        return std::nullopt;
    // Aliases chain at most a few times; the bound keeps a bad alias loop harmless.
    for (int hop = 0; hop < 8; ++hop) {
        if (const auto it = items_.find(path); it != items_.end())
            return item_of(it->first, it->second);
        if (const auto r = redirects_.find(path); r != redirects_.end()) {
            path = paths::decode(r->second);
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
