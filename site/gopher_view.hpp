// SPDX-License-Identifier: ISC
#pragma once
// The Gopher view of a site: which item type serves each path, and how a page's
// gemtext becomes a complete Gopher reply. The text itself always comes from the
// Gemini rendering (render::gemtext_to_menu / gemtext_to_text): one code path.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "content/settings.hpp"
#include "render/gopher.hpp"
#include "site/path_table.hpp"

namespace smolpub::site {

/// Item type for a static file: images g/I, text 0, anything else 9.
char item_type_for_file(std::string_view path, std::string_view mime);

/// Maps site paths (percent-decoded) to the Gopher item that serves them.
class gopher_directory {
public:
    /// `redirects` maps decoded paths to encoded targets; the directory keeps its paths in
    /// the same store.
    gopher_directory(const content::site_settings& settings, const path_table<kept_text>& redirects);
    /// Registers the item of type `type` served at `selector` for the site path `path`
    /// (replacing an item registered before for `path`); both are kept in the store of
    /// the redirects.
    void add(kept_text path, char type, kept_text selector);
    void reserve(std::size_t count) { items_.reserve(count); }
    std::size_t size() const { return items_.size(); }
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
    const path_table<kept_text>& redirects_;  ///< decoded -> encoded target
    struct entry {
        char type = 0;
        kept_text selector;
    };
    render::gopher_item item_of(const entry& found) const;
    path_table<entry> items_;  ///< by decoded path; looked up by view, never by a string made of it
};


} // namespace smolpub::site
