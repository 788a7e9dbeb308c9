// SPDX-License-Identifier: ISC
#pragma once
// One Gemini transaction without the socket: request line in, response out. Pure.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gemini/request.hpp"
#include "net/reply.hpp"
#include "net/verdict.hpp"
#include "site/hosts.hpp"
#include "site/site.hpp"

namespace smolpub::gemini {

/// A response ready to write (net/reply.hpp, written by net/respond.hpp): the `NN meta` header as `head`, the body of a
/// rendered page (held by `keep`) or one made per request (search), or a static `file`.
/// `status` is the Gemini status, for the log.
using reply = net::reply;

/// The reply for a failure: its header, no body.
reply reply_from(const failure& f);

/// What the handler knows of the server: its virtual hosts (sites[0] is the default), and
/// whether a URL naming a port other than the site's is refused (gemini.check_port).
struct hosts {
    std::span<const site::hosted_site> sites;
    bool check_port = true;
};

/// Answers one request line as admission judged it: over the cap 41, over the request rate
/// 44, too long 59 (`line` is then ignored), else the routed answer. `sni` is the name the
/// client sent in its handshake ("" if none). Pure: touches no socket and no server state,
/// only reads the sites.
reply handle(const hosts& served, const net::verdict& admitted, std::string_view line, std::string_view sni);

} // namespace smolpub::gemini
