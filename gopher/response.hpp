// SPDX-License-Identifier: ISC
#pragma once
// A Gopher reply, and the one place it is framed: the Gopher+ head (`+-2`, `+-1`, `--1`),
// then a body that is a complete menu or text. Menus end through render::finish_menu, the
// site's pages included; the session only writes head and body, then closes.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "content/file_stream.hpp"
#include "net/respond.hpp"
#include "site/site.hpp"

namespace smolpub::gopher {

/// Access-log statuses: Gopher itself has none, so 0 is a normal reply, 3 a type-3 error
/// menu (the item type), 400 the answer to an HTTP request.
inline constexpr int status_ok = 0;
inline constexpr int status_error = 3;
inline constexpr int status_http = 400;

/// A reply ready to write (net/respond.hpp): `head` (Gopher+ status line, or empty) then
/// the body, owned or pointing into a rendered page kept alive by `keep`, or a static file.
/// `path` is the selector as asked, for the log.
using reply = net::reply;

/// The Gopher+ head for the reply to `selector\t+`: the data follows and ends when we close.
inline constexpr std::string_view plus_head = "+-2\r\n";

/// The body of a Gopher+ error (`--1`, dot-terminated): error code 1, "not available",
/// then the message.
std::string plus_error(std::string_view message);

} // namespace smolpub::gopher
