// SPDX-License-Identifier: ISC
#pragma once
// A Gopher reply, and the one place it is framed: the Gopher+ head (`+-2`, `+-1`, `--1`),
// then a body that is a complete menu or text. Every menu ends through finish_menu and
// every text through finish_text: the site's (which come unframed) and the protocol's own
// (gopher/pages). Only a static file is framed elsewhere, as it is streamed
// (content/file_stream, with the rules of finish_text). The session only writes head and
// body, then closes.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "content/file_stream.hpp"
#include "net/reply.hpp"
#include "site/document.hpp"

namespace smolpub::gopher {

/// Access-log statuses: Gopher itself has none, so 0 is a normal reply, 3 a type-3 error
/// menu (the item type), 400 the answer to an HTTP request.
inline constexpr int status_ok = 0;
inline constexpr int status_error = 3;
inline constexpr int status_http = 400;

/// A reply ready to write (net/reply.hpp): `head` (Gopher+ status line, or empty) then
/// the body, owned or pointing into a rendered page kept alive by `keep`, or a static file.
/// `path` is the selector as asked, for the log.
using reply = net::reply;

/// Menu items (CRLF lines) as a complete menu: ends with ".\r\n".
std::string finish_menu(std::string items);

/// A text as a complete reply: as is by default; with `strict_rfc1436`, lines that start
/// with '.' are doubled and the reply ends with ".\r\n".
std::string finish_text(std::string text, bool strict_rfc1436);

/// The body of a site's `doc`, served as item `type`, as a complete reply when it needs
/// framing (a menu; a text under `strict_rfc1436`); nullopt when it goes out as it is (a
/// static file, a feed, an image, a text otherwise).
std::optional<std::string> framed_body(const site::document& doc, char type, bool strict_rfc1436);

/// The Gopher+ head for the reply to `selector\t+`: the data follows and ends when we close.
inline constexpr std::string_view plus_head = "+-2\r\n";

/// The body of a Gopher+ error (`--1`, dot-terminated): error code 1, "not available",
/// then the message.
std::string plus_error(std::string_view message);

} // namespace smolpub::gopher
