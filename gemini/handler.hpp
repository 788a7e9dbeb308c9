#pragma once
// One Gemini transaction without the socket: request line in, response out. Pure.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "site/site.hpp"
#include "gemini/request.hpp"
#include "runtime/state.hpp"

namespace smolpub::server::gemini {

/// A response ready to write: the header, and a body owned by a rendered page
/// (kept alive by `page`) or by `owned_body` for bodies made per request (search), or a
/// static `file` the session streams from the disk.
struct reply {
    status code = status::success;
    std::string header;
    const std::string* body = nullptr;
    std::string owned_body;
    std::optional<capsule::file_source> file;
    std::shared_ptr<const capsule::document> page;  ///< keeps `body` alive
    std::string host, path;  ///< for the access log

    std::string_view body_view() const { return body ? std::string_view{*body} : std::string_view{owned_body}; }
    static reply from(const failure& f);
};

/// Routes one request line. `sni` is the name the client sent in its handshake ("" if none).
reply handle(const runtime_state& state, std::string_view line, std::string_view sni);

} // namespace smolpub::server::gemini
