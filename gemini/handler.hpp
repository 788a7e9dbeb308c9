// SPDX-License-Identifier: ISC
#pragma once
// One Gemini transaction without the socket: request line in, response out. Pure.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "site/site.hpp"
#include "gemini/request.hpp"
#include "site/hosts.hpp"

namespace smolpub::gemini {

/// A response ready to write: the header, and a body owned by a rendered page
/// (kept alive by `page`) or by `owned_body` for bodies made per request (search), or a
/// static `file` the session streams from the disk.
struct reply {
    status code = status::success;
    std::string header;
    const std::string* body = nullptr;
    std::string owned_body;
    std::optional<content::file_source> file;
    std::shared_ptr<const site::document> page;  ///< keeps `body` alive
    std::string host, path;  ///< for the access log

    std::string_view body_view() const { return body ? std::string_view{*body} : std::string_view{owned_body}; }
    static reply from(const failure& f);
};

/// What the handler knows of the server: its virtual hosts (sites[0] is the default), and
/// whether a URL naming a port other than the site's is refused (gemini.check_port).
struct hosts {
    std::span<const site::hosted_site> sites;
    bool check_port = true;
};

/// Routes one request line. `sni` is the name the client sent in its handshake ("" if none).
/// Pure: touches no socket and no server state, only reads the sites.
reply handle(const hosts& served, std::string_view line, std::string_view sni);

} // namespace smolpub::gemini
