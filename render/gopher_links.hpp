// SPDX-License-Identifier: ISC
#pragma once
// Private to render/: what a gemtext link target becomes in Gopher.
#include "render/gopher.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace smolpub::render::gopher_detail {

enum class link_kind {
    local,     ///< a path of this site: served by the item resolve_local gives, if any
    gopher,    ///< a well-formed gopher:// URL: a real item elsewhere
    external,  ///< any other absolute URL: an `h` item with a `URL:` selector
    relative,  ///< no scheme and not a path: nothing a Gopher client could open
};

struct resolved_link {
    link_kind kind = link_kind::external;
    /// The item to put in a menu (display left empty); nullopt: nothing serves it.
    std::optional<gopher_item> item;
};

/// Classifies a link target and builds its menu item.
resolved_link resolve_link(std::string_view url, const gopher_options& options);

/// The path a URL names on this site: `/x` itself, or the path of gemini://<own host>/x,
/// without query or fragment. nullopt: not one of ours.
std::optional<std::string> local_path(std::string_view url,
                                      const std::vector<std::string>& own_hosts);

/// Decodes `gopher://host[:port][/<type><selector>]` (RFC 4266): port 70 and type 1
/// by default, the selector percent-decoded and cut at a tab (a search string).
std::optional<gopher_item> parse_gopher_url(std::string_view url);

/// The gopher:// URL of an item, its selector percent-encoded; the port only when not 70.
std::string format_gopher_url(const gopher_item& item);

} // namespace smolpub::render::gopher_detail
