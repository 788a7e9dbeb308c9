// SPDX-License-Identifier: ISC
// The Gopher request path: the special selectors the server answers itself, then the
// site's pages; every reply leaves through the framing of gopher/response.hpp.
#include "gopher/handler.hpp"

#include <utility>

#include "gopher/pages.hpp"
#include "render/gopher.hpp"

namespace smolpub::gopher {
namespace {


std::string_view url_of(std::string_view selector)
{
    return selector.substr(selector.find(':') + 1);
}

/// The item type a document is served as, for Gopher+ +INFO lines.
char item_type_for(std::string_view mime)
{
    if (mime.find("gopher-menu") != std::string_view::npos) return '1';
    if (mime.starts_with("text/html")) return 'h';
    if (mime.starts_with("text/")) return '0';
    if (mime.starts_with("image/gif")) return 'g';
    if (mime.starts_with("image/")) return 'I';
    return '9';
}

/// What a request resolves to, before Gopher+ framing.
struct outcome {
    int status = status_ok;
    char type = '1';
    const std::string* body = nullptr;  ///< into the site snapshot
    std::string owned_body;
    std::optional<content::file_source> file;
    std::shared_ptr<const site::document> page;  ///< owns `body`
    std::string error;                  ///< set when status is status_error
    bool needs_disk = false;            ///< asked with disk_reads::deferred, and it reads the disk
};

outcome failed(std::string message, const content::site_settings& settings)
{
    outcome o;
    o.status = status_error;
    o.type = '3';
    o.owned_body = error_menu(message, settings.gopher_host, settings.gopher_port);
    o.error = std::move(message);
    return o;
}

outcome owned(char type, std::string body)
{
    outcome o;
    o.type = type;
    o.owned_body = std::move(body);
    return o;
}

outcome from_site(const site::site& site, const request& req, const content::site_settings& settings,
                  site::disk_reads reads)
{
    auto serve = [&settings](std::shared_ptr<const site::document> doc, char type) {
        outcome o;
        o.type = type ? type : item_type_for(doc->mime);
        // The site's menus and texts come unframed: they end here (gopher/response).
        if (auto framed = framed_body(*doc, o.type, settings.strict_rfc1436)) {
            o.owned_body = std::move(*framed);
            return o;
        }
        o.body = &doc->body;
        o.file = doc->file;
        o.page = std::move(doc);
        return o;
    };
    // The query goes to the site with the selector: pages that take one (the search) are its own.
    site::route_result routed = site.answer_gopher(req.selector, req.query, reads);
    // Gopher asks for words with a menu holding the type-7 item (the search is the one page that asks).
    if (routed.what == site::route_result::outcome::input)
        return owned('1', search_prompt_menu(settings.title, settings.gopher_host, settings.gopher_port));
    // A selector that contained '?' may be a real selector rather than a query.
    if (routed.what == site::route_result::outcome::not_found && req.query && !req.raw.empty() &&
        req.raw != req.selector)
        routed = site.route_gopher(req.raw, reads);
    // Gopher has no redirects: answer an alias with the page it points to.
    if (routed.what == site::route_result::outcome::redirect)
        routed = site.route_gopher(routed.target, reads);
    if (routed.needs_disk) {
        outcome later;
        later.needs_disk = true;
        return later;
    }
    if (routed.what == site::route_result::outcome::found && routed.doc)
        return serve(routed.doc, routed.gopher_type);
    return failed("Not found: " + req.selector, settings);
}

outcome resolve(const request& req, const site::site& site, const content::site_settings& settings,
                site::disk_reads reads)
{
    const std::string_view selector = req.selector;
    if (selector == "caps.txt" || selector == "/caps.txt")
        return owned('0', caps_txt());
    if (starts_with_url_prefix(selector)) {
        if (auto page = url_redirect_page(url_of(selector)))
            return owned('h', std::move(*page));
        return failed("Not a link smolpub redirects to: " + std::string{url_of(selector)}, settings);
    }
    return from_site(site, req, settings, reads);
}

std::string attribute_block(const request& req, char type, const content::site_settings& settings)
{
    const std::string display = req.selector == "/" ? settings.title : req.selector;
    std::string out = "+-1\r\n+INFO: ";
    // No trailing "\t+": the item is not advertised as Gopher+, so clients fall back.
    out += render::menu_line({type, display, req.selector, settings.gopher_host, settings.gopher_port});
    out += "+ADMIN:\r\n Admin: ";
    out += settings.author.empty() ? settings.title : settings.author;
    out += "\r\n";
    return finish_menu(std::move(out));
}

} // namespace

reply handle(const request& req, const std::shared_ptr<const site::site>& site,
             const content::site_settings& settings, site::disk_reads reads)
{
    reply r;
    r.path = req.selector;
    r.host = settings.gopher_host;
    if (req.kind == request_kind::http) {
        r.status = status_http;
        r.owned_body = http_refusal(settings.gopher_host, settings.gopher_port);
        return r;
    }
    if (req.kind == request_kind::malformed || !site) {
        r.status = status_error;
        if (req.kind == request_kind::malformed)
            r.path = "-";  // nothing trustworthy to log; the reason is in the reply
        r.owned_body = error_menu(req.kind == request_kind::malformed ? req.message : "Nothing served here",
                                  settings.gopher_host, settings.gopher_port);
        return r;
    }

    outcome o = resolve(req, *site, settings, reads);
    if (o.needs_disk) {
        r.needs_disk = true;
        return r;
    }
    r.status = o.status;
    if (o.status == status_error && req.kind != request_kind::selector) {
        // Gopher+ errors: "-" then -1 (dot-terminated), an error code (1: not available)
        // on the first line, the message on the next.
        r.owned_body = plus_error(o.error);
        return r;
    }
    if (req.kind == request_kind::attributes) {
        r.owned_body = attribute_block(req, o.type, settings);
        return r;
    }
    if (req.kind == request_kind::gopher_plus)
        r.head = plus_head;  // -2: the data ends when we close the connection
    if (o.body) {
        r.body = o.body;
        r.file = std::move(o.file);
        r.keep = std::move(o.page);
    } else {
        r.owned_body = std::move(o.owned_body);
    }
    return r;
}

reply handle(const net::verdict& admitted, const request& req, const std::shared_ptr<const site::site>& site,
             const content::site_settings& settings)
{
    using kind = net::verdict::kind;
    std::string message;
    switch (admitted.what) {
    case kind::serve:
        return handle(req, site, settings);
    case kind::over_address_cap:  // limits.max_connections_per_address: see admit_address
        message = "Server busy: too many connections from your address, try again later";
        break;
    case kind::over_capacity:
        message = "Server busy: too many connections, try again later";
        break;
    case kind::rate_limited:  // over limits.rate (see admission.hpp)
        message = "Slow down: try again in " + std::to_string(admitted.retry_after) + " seconds";
        break;
    case kind::too_long:
        message = "Request longer than 1024 bytes";
        break;
    }
    reply r;
    r.status = status_error;
    r.host = settings.gopher_host;
    r.owned_body = error_menu(message, settings.gopher_host, settings.gopher_port);
    return r;
}

} // namespace smolpub::gopher
