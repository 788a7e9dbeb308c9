// SPDX-License-Identifier: ISC
#pragma once
// gemtext -> Gopher (RFC 1436): plain text and menu items. Pure: no I/O. What is made here
// is never a complete reply: the final "." line and dot-stuffing are gopher/response's.
// Both protocols share one rendering: the capsule renders gemtext once, and
// these functions turn that gemtext into Gopher's own idiom.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::render {

/// One Gopher menu item, before formatting.
struct gopher_item {
    char type = 'i';
    std::string display;
    std::string selector;
    std::string host;
    unsigned port = 0;
};

struct gopher_options {
    /// Hard-wrap width in display columns.
    std::size_t width = 67;
    /// The host and port advertised in menus (may differ from the listen address).
    std::string host = "localhost";
    unsigned port = 70;
    /// Maps a link target that is a path of this site (`/cat/slug.gmi`, or a `gemini://`
    /// URL on our own host, already reduced to its path) to the item that serves it.
    /// nullopt: not ours; the link is treated as external.
    std::function<std::optional<gopher_item>(std::string_view path)> resolve_local;
    /// Our own Gemini hostnames: `gemini://<one of these>/path` counts as a local path.
    std::vector<std::string> own_hosts;
};

/// Formats one menu line: `<type><display>\t<selector>\t<host>\t<port>\r\n`,
/// with tabs and control characters in the fields replaced by spaces.
std::string menu_line(const gopher_item& item);

/// An info (`i`) line in the form Lagrange and others parse: `i<text>\t\tnull.host\t1\r\n`
/// (CRLF included, as menu_line), with the same replacement of control characters.
std::string info_line(std::string_view text);

/// gemtext -> a Gopher menu body (without the final ".\r\n"): text as wrapped `i` lines,
/// links as typed items where they occur.
std::string gemtext_to_menu(std::string_view gemtext, const gopher_options& options);

/// gemtext -> plain text (type 0): CRLF line ends, wrapped, headings underlined,
/// `[n]` markers and a reference list of URLs at the end; no line begins with '.'.
std::string gemtext_to_text(std::string_view gemtext, const gopher_options& options);

} // namespace smolpub::render
