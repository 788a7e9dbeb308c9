#pragma once
// The Gopher view of a site: which item type serves each path, and how a page's
// gemtext becomes a complete Gopher reply. The text itself always comes from the
// Gemini rendering (render::gemtext_to_menu / gemtext_to_text): one code path.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "content/settings.hpp"
#include "render/gopher.hpp"

namespace smolpub::site {

/// Item type for a static file: images g/I, text 0, anything else 9.
char item_type_for_file(std::string_view path, std::string_view mime);

/// Maps site paths (percent-decoded) to the Gopher item that serves them.
class gopher_directory {
public:
    gopher_directory(const content::site_settings& settings,
                     const std::unordered_map<std::string, std::string>& redirects);
    /// Registers the item of type `type` served at `selector` for the site path `path`.
    void add(std::string path, char type, std::string selector);
    /// The item serving a link target: a site path, percent-encoded as in gemtext,
    /// possibly with a fragment or query. Redirects (aliases, folders without their
    /// slash) are followed. nullopt when it is not a page of this site.
    std::optional<render::gopher_item> resolve(std::string_view link) const;
    /// The item for a display text and a site path, or an info line when unknown.
    std::string menu_item(std::string_view display, std::string_view path) const;
    /// Options for gemtext_to_menu / gemtext_to_text with this directory as resolver.
    render::gopher_options options() const;

private:
    const content::site_settings& settings_;
    const std::unordered_map<std::string, std::string>& redirects_;  ///< decoded -> encoded target
    /// Hashes a path as a view, so a link is looked up without a string made of it.
    struct path_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view path) const noexcept { return std::hash<std::string_view>{}(path); }
    };
    render::gopher_item item_of(const std::string& path, const std::pair<char, std::string>& entry) const;
    /// Selector empty: the path itself.
    std::unordered_map<std::string, std::pair<char, std::string>, path_hash, std::equal_to<>> items_;
};


} // namespace smolpub::site
