// SPDX-License-Identifier: ISC
#pragma once
// The one reply shape of every protocol (net/respond.hpp writes it). Kept apart from respond()
// and free of asio, so that the pure handlers and framers that make one (gopher/response,
// gemini/handler) compile where no event loop is: the fuzz build, the transcript tests.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "content/file_stream.hpp"

namespace smolpub::net {

/// A reply ready to write: `head`, then (when `send_body`) a body owned here, or pointing into
/// something `keep` holds alive (a rendered page), or a static `file` that respond() streams.
struct reply {
    int status = 0;  ///< for the access log: the Gemini or HTTP status, Gopher's 0 / 3 / 400
    std::string head;
    const std::string* body = nullptr;
    std::string owned_body;
    std::shared_ptr<const void> keep;  ///< keeps `body` alive
    std::optional<content::file_source> file;
    bool send_body = true;   ///< false: the head alone (HTTP's HEAD and 304)
    std::string host, path;  ///< for the access log
    /// Not answered yet: answering reads the disk (a Gopher menu made from a hand-written
    /// .gmi), so the session asks its handler again off the event loop (net/off_loop).
    bool needs_disk = false;

    std::string_view body_view() const { return body ? std::string_view{*body} : std::string_view{owned_body}; }
};

} // namespace smolpub::net
