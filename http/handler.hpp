// SPDX-License-Identifier: ISC
#pragma once
// One HTTP exchange without the socket: a parsed request in, a framed reply out. Pure (the
// sites are only read; a per-thread memo keeps pages' ETags and gzip bodies, which depend on
// nothing but the page).
#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "content/file_stream.hpp"
#include "http/request.hpp"
#include "net/reply.hpp"
#include "net/verdict.hpp"
#include "site/hosts.hpp"
#include "site/site.hpp"

namespace smolpub::http {

using time_point = std::chrono::system_clock::time_point;

/// A reply ready to write (net/reply.hpp, written by net/respond.hpp): the head, then (unless `send_body` is false:
/// HEAD, 304) a body owned here, held by a page (`page`) or a gzip memo (`compressed`), or a
/// static `file`, which respond() opens and this side then frames with frame_file().
struct reply : net::reply {
    reply() { status = 200; }
    std::shared_ptr<const site::document> page;        ///< keeps `body` alive
    std::shared_ptr<const std::string> compressed;     ///< keeps a gzip `body` alive
    std::string file_mime;
    bool close = false;       ///< the connection ends after this reply
    // What frame_file needs of the request.
    std::optional<std::string> if_none_match, if_modified_since;
    bool keep_alive_1_0 = false;
};

/// The server's virtual hosts; sites[0] is the default, which a Host naming none of them gets.
struct hosts {
    std::span<const site::hosted_site> sites;
};

/// Answers one parsed request. `built_at` (when the snapshot was made) is the pages'
/// Last-Modified: a page changes only with a new snapshot.
reply handle(const hosts& served, const request& req, time_point now, time_point built_at);

/// Answers one head as admission judged it: a refused head with its failure, over a cap 503,
/// over the request rate 429 (with Retry-After), else handle(). Pure.
reply answer(const hosts& served, const net::verdict& admitted, const parse_result& head, time_point now,
             time_point built_at);

/// What handle() answers when the site finds `page` (a document made in memory, not a
/// file): 200 with ETag, Last-Modified and, when the client accepts it and the type is text,
/// the page gzipped (memoised per thread); 304 when the request's conditions match.
reply page_reply(const request& req, const std::shared_ptr<const site::document>& page, time_point now,
                 time_point built_at);

/// The reply to a refused request (its failure), or to a client refused before its request
/// was looked at (429 and 503, with `retry_after` seconds when known). Always closes.
reply refuse(const failure& f, time_point now, std::optional<unsigned> retry_after = std::nullopt);

/// Frames a static file's reply once the session has opened it: ETag and Last-Modified from
/// the file as opened, 304 when the request's conditions match, else 200 with its length.
void frame_file(reply& r, const content::file_identity& opened, time_point now);

/// The strong ETag of a page body (SipHash of the bytes), quoted.
std::string etag_of(std::string_view body);

/// True when `if_none_match` (a field value) names `etag`, by weak comparison, or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

} // namespace smolpub::http
