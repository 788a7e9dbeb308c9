// SPDX-License-Identifier: ISC
// The web face's request path: pick the virtual host, ask the site (answer_web), frame what
// comes back: pages with ETag, Last-Modified and gzip, redirects as 301 to an absolute URL,
// misses as a small HTML 404.
#include "http/handler.hpp"

#include <array>
#include <vector>
#include <variant>

#include "http/gzip.hpp"
#include "http/response.hpp"
#include "render/html.hpp"
#include "text/percent.hpp"
#include "text/siphash.hpp"

namespace smolpub::http {
namespace {

/// Pages smaller than this are sent as they are: gzip would save a few bytes at best.
constexpr std::size_t gzip_threshold = 256;

/// A page's ETag and gzip body, kept per thread for the last pages served. Pages are
/// immutable and held by shared_ptr, so a live weak_ptr to the same address is the same
/// page; an expired one is a page gone from every cache, and its slot is taken again.
struct page_memo {
    std::weak_ptr<const site::document> page;
    const site::document* address = nullptr;
    std::string etag;
    std::shared_ptr<const std::string> gzipped;  ///< made when first asked for
    bool gzip_failed = false;
};

constexpr std::size_t memo_slots = 64;
/// The largest gzip body a slot keeps: 64 slots of it bound a thread's memo to 4 MB. A page
/// that compresses to more is compressed again for each request that asks.
constexpr std::size_t memo_gzip_bytes_per_slot = 64u << 10;

struct memo_table {
    std::array<page_memo, memo_slots> slots;
    std::size_t next = 0;
};

page_memo& memo_of(const std::shared_ptr<const site::document>& page)
{
    thread_local memo_table table;
    for (page_memo& m : table.slots)
        if (m.address == page.get() && m.page.lock() == page)
            return m;
    page_memo& m = table.slots[table.next];
    table.next = (table.next + 1) % memo_slots;
    m = page_memo{page, page.get(), etag_of(page->body), nullptr, false};
    return m;
}

std::shared_ptr<const std::string> gzipped_body(page_memo& m, const std::string& body)
{
    if (m.gzipped || m.gzip_failed)
        return m.gzipped;
    auto made = gzip_compress(body);
    if (!made || made->size() >= body.size()) {
        m.gzip_failed = true;  // incompressible: sent as it is from now on
        return nullptr;
    }
    auto gz = std::make_shared<const std::string>(std::move(*made));
    if (gz->size() <= memo_gzip_bytes_per_slot)
        m.gzipped = gz;
    return gz;
}

std::string hex64(std::uint64_t v)
{
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4)
        out[static_cast<std::size_t>(i)] = text::lower_hex[v & 0xF];
    return out;
}

/// The base a redirect's absolute path is joined to: web_base_url without its final '/'.
std::string base_of(const site::hosted_site& hosted, const request& req)
{
    std::string base = hosted.settings.web_base_url;
    if (base.empty()) {
        base = "http://" + (req.host.empty() ? (hosted.settings.hostnames.empty() ? std::string{"localhost"}
                                                                                  : hosted.settings.hostnames.front())
                                             : req.host);
        if (req.port)
            base += ":" + std::to_string(*req.port);
    }
    while (base.ends_with('/'))
        base.pop_back();
    return base;
}

/// A path as it may stand in a Location: bytes outside ASCII, spaces and the characters
/// URLs never hold raw as %XX. Control characters are left for frame_head to refuse.
std::string location_path(std::string_view path)
{
    std::string out;
    text::append_hex_escaped(out, path, [](unsigned char c) {
        return c >= 0x80 || c == ' ' || std::string_view{"\"<>\\^`{|}"}.find(static_cast<char>(c)) != std::string_view::npos;
    }, "%", text::upper_hex);
    return out;
}

/// After framing: a refused head (a control character in some field) sends nothing else.
void framed(reply& r, int status, std::span<const field> fields, head_options options, time_point now)
{
    options.close = options.close || r.close;
    r.status = status;
    r.head = frame_head(status, fields, options, now);
    if (r.head == refused_head) {
        r.status = 500;
        r.send_body = false;
        r.close = true;
        r.body = nullptr;
        r.page.reset();
        r.compressed.reset();
        r.file.reset();
    }
}

reply small_page(reply r, int status, std::string_view reason, std::vector<field> fields, time_point now,
                 bool send_body)
{
    r.body = nullptr;
    r.owned_body = error_page(status, reason);
    r.send_body = send_body;
    fields.push_back({"Content-Type", "text/html; charset=utf-8"});
    framed(r, status, fields, {r.owned_body.size(), r.close, r.keep_alive_1_0}, now);
    return r;
}

/// 304 when the conditions of the request hold for this representation (RFC 9110 13.2.2:
/// If-None-Match first; If-Modified-Since only without it).
bool not_modified(const reply& r, std::string_view etag, time_point last_modified)
{
    if (r.if_none_match)
        return etag_matches(*r.if_none_match, etag);
    if (r.if_modified_since)
        if (const auto since = parse_http_date(*r.if_modified_since))
            return std::chrono::floor<std::chrono::seconds>(last_modified) <= *since;
    return false;
}

reply page_reply_to(reply r, const std::shared_ptr<const site::document>& doc, bool accepts_gzip, time_point now,
                    time_point built_at)
{
    page_memo& memo = memo_of(doc);
    std::vector<field> fields;
    fields.push_back({"Content-Type", doc->mime});
    const bool compressible = is_compressible(doc->mime);
    std::shared_ptr<const std::string> gz;
    if (compressible && accepts_gzip && doc->body.size() >= gzip_threshold)
        gz = gzipped_body(memo, doc->body);
    // The gzip body is another representation: another ETag.
    const std::string etag = gz ? memo.etag.substr(0, memo.etag.size() - 1) + "-gz\"" : memo.etag;
    fields.push_back({"ETag", etag});
    fields.push_back({"Last-Modified", http_date(built_at)});
    if (compressible)
        fields.push_back({"Vary", "Accept-Encoding"});
    if (not_modified(r, etag, built_at)) {
        r.send_body = false;
        framed(r, 304, fields, {std::nullopt, false, r.keep_alive_1_0}, now);
        return r;
    }
    if (gz)
        fields.push_back({"Content-Encoding", "gzip"});
    r.page = doc;
    r.compressed = gz;
    r.body = gz ? gz.get() : &doc->body;
    framed(r, 200, fields, {r.body->size(), false, r.keep_alive_1_0}, now);
    return r;
}

} // namespace

std::string etag_of(std::string_view body)
{
    static constexpr text::siphash_key key{};  // not a secret: an ETag only has to change with the bytes
    return "\"" + hex64(text::siphash24(key, body)) + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag)
{
    auto opaque = [](std::string_view tag) {
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t'))
            tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t'))
            tag.remove_suffix(1);
        if (tag.starts_with("W/"))
            tag.remove_prefix(2);
        return tag;
    };
    const std::string_view ours = opaque(etag);
    while (!if_none_match.empty()) {
        const std::size_t comma = std::min(if_none_match.find(','), if_none_match.size());
        const std::string_view tag = opaque(if_none_match.substr(0, comma));
        if (tag == "*" || tag == ours)
            return true;
        if_none_match.remove_prefix(std::min(comma + 1, if_none_match.size()));
    }
    return false;
}

reply refuse(const failure& f, time_point now, std::optional<unsigned> retry_after)
{
    reply r;
    r.close = true;
    r.path = "-";
    std::vector<field> fields;
    if (f.status == 405)
        fields.push_back({"Allow", "GET, HEAD"});
    if (retry_after)
        fields.push_back({"Retry-After", std::to_string(*retry_after)});
    return small_page(std::move(r), f.status, f.reason, std::move(fields), now, true);
}

/// A reply to `req` before its outcome is known: what framing needs of the request.
static reply start(const request& req)
{
    reply r;
    r.close = !req.keep_alive;
    r.keep_alive_1_0 = req.keep_alive && req.minor_version == 0;
    r.if_none_match = req.if_none_match;
    r.if_modified_since = req.if_modified_since;
    r.path = req.target;
    r.host = req.host;
    r.send_body = req.verb == method::get;
    return r;
}

reply page_reply(const request& req, const std::shared_ptr<const site::document>& page, time_point now,
                 time_point built_at)
{
    return page_reply_to(start(req), page, req.accepts_gzip, now, built_at);
}

reply handle(const hosts& served, const request& req, time_point now, time_point built_at)
{
    reply r = start(req);
    const bool send_body = r.send_body;
    if (served.sites.empty() || !served.sites.front().site)
        return small_page(std::move(r), 404, "Nothing is served here", {}, now, send_body);

    // Host picks the virtual host by the names SNI uses; any other name (an address, an
    // alias the operator did not list) gets the default site.
    const site::hosted_site* hosted = req.host.empty() ? nullptr : site::find_host(served.sites, req.host);
    if (!hosted)
        hosted = &served.sites.front();
    r.host = req.host.empty() ? hosted->settings.hostnames.empty() ? std::string{} : hosted->settings.hostnames.front()
                              : req.host;

    const site::route_result routed = hosted->site->answer_web(req.path, req.query);
    switch (routed.what) {
    case site::route_result::outcome::found:
        if (!routed.doc)
            break;
        if (routed.doc->file) {
            r.file = routed.doc->file;
            r.file_mime = routed.doc->mime;
            r.page = routed.doc;
            r.send_body = send_body;
            return r;  // framed by frame_file once the session has opened it
        }
        return page_reply_to(std::move(r), routed.doc, req.accepts_gzip, now, built_at);
    case site::route_result::outcome::redirect: {
        const std::string location = base_of(*hosted, req) + location_path(routed.target);
        std::string body = "<!DOCTYPE html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n<title>301 Moved Permanently</title>\n"
                           "<p>Moved to <a href=\"";
        render::append_html_escaped(body, location);
        body += "\">";
        render::append_html_escaped(body, location);
        body += "</a>.</p>\n</html>\n";
        r.owned_body = std::move(body);
        r.send_body = send_body;
        const std::array fields{field{"Location", location}, field{"Content-Type", "text/html; charset=utf-8"}};
        framed(r, 301, fields, {r.owned_body.size(), false, r.keep_alive_1_0}, now);
        return r;
    }
    case site::route_result::outcome::input:
        // The search without terms: the HTML side will answer it with its form; until then
        // a page that says what is missing.
        return small_page(std::move(r), 404, routed.target.empty() ? "This page needs a query" : routed.target + ": add them to the URL as ?terms",
                          {}, now, send_body);
    case site::route_result::outcome::not_found:
        break;
    }
    return small_page(std::move(r), 404, "Nothing here: " + req.path, {}, now, send_body);
}

reply answer(const hosts& served, const net::verdict& admitted, const parse_result& head, time_point now,
             time_point built_at)
{
    if (const auto* f = std::get_if<failure>(&head))
        return refuse(*f, now);
    const auto* p = std::get_if<parsed>(&head);
    using kind = net::verdict::kind;
    switch (admitted.what) {
    case kind::over_address_cap:  // limits.max_connections_per_address
        return refuse({503, "Too many connections from your address; try again later"}, now, 60);
    case kind::over_capacity:
        return refuse({503, "Too many connections; try again later"}, now, 10);
    case kind::rate_limited:
        return refuse({429, "Too many requests; slow down"}, now, admitted.retry_after);
    case kind::too_long:
        return refuse({431, "The request's header fields are too large"}, now);
    case kind::serve:
        break;
    }
    if (!p)  // not a whole head: the session never asks with one
        return refuse({400, "Incomplete request"}, now);
    return handle(served, p->req, now, built_at);
}

void frame_file(reply& r, const content::file_identity& opened, time_point now)
{
    const std::string etag = "\"" + hex64(opened.inode) + "-" + hex64(opened.size) + "-" +
                             hex64(static_cast<std::uint64_t>(opened.mtime_ns)) + "\"";
    const time_point modified{std::chrono::duration_cast<time_point::duration>(std::chrono::nanoseconds{opened.mtime_ns})};
    const std::array fields{field{"Content-Type", r.file_mime}, field{"ETag", etag},
                            field{"Last-Modified", http_date(modified)}};
    if (not_modified(r, etag, modified)) {
        r.send_body = false;
        framed(r, 304, fields, {std::nullopt, false, r.keep_alive_1_0}, now);
        return;
    }
    framed(r, 200, fields, {opened.size, false, r.keep_alive_1_0}, now);
}

} // namespace smolpub::http
