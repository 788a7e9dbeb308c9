// SPDX-License-Identifier: ISC
// The guard-clause ladder of a Gemini request, in the spirit of gmid's client_read():
// parse, pick the virtual host, check it is really ours, route, answer.
#include "gemini/handler.hpp"

namespace smolpub::gemini {

reply reply_from(const failure& f)
{
    reply r;
    r.status = static_cast<int>(f.code);
    r.head = gemini::header(f.code, f.meta);
    return r;
}

namespace {

/// Admission's refusals. The rate limit is answered after the line was read, so that the
/// client sees it rather than a reset; a line too long is a 59 whatever the rate.
std::optional<failure> refusal(const net::verdict& admitted)
{
    using kind = net::verdict::kind;
    switch (admitted.what) {
    case kind::serve:
        return std::nullopt;
    case kind::over_address_cap:  // see admit_address: one of these a minute per address
        return failure{status::server_unavailable, "Server unavailable: too many connections from your address"};
    case kind::over_capacity:
        return failure{status::server_unavailable, "Server unavailable: too many connections"};
    case kind::too_long:
        return failure{status::bad_request, "Bad request: longer than 1024 bytes"};
    case kind::rate_limited:
        return failure{status::slow_down, std::to_string(admitted.retry_after)};
    }
    return std::nullopt;
}

} // namespace

reply handle(const hosts& served, const net::verdict& admitted, std::string_view line, std::string_view sni)
{
    if (const auto refused = refusal(admitted))
        return reply_from(*refused);
    const auto req = parse_request(line);
    if (!req)
        return reply_from(req.error());

    const site::hosted_site* hosted = site::find_host(served.sites, req->host);
    if (!hosted)
        return reply_from({status::proxy_request_refused, "Proxy request refused: not a host served here"});
    // A client that asked for one name in the handshake must not read another's pages
    // over that connection (the certificate it checked was for the SNI name).
    if (!sni.empty() && sni != req->host)
        return reply_from({status::proxy_request_refused, "Proxy request refused: host differs from TLS server name"});
    if (req->port && *req->port != hosted->settings.gemini_port && served.check_port)
        return reply_from({status::proxy_request_refused, "Proxy request refused: wrong port"});

    reply r;
    r.host = req->host;
    r.path = req->raw_path;
    const site::site& site = *hosted->site;

    // The query goes to the site with the path: pages that take one (the search) are its own.
    const site::route_result routed = site.answer(req->path, req->query);
    switch (routed.what) {
    case site::route_result::outcome::found:
        // A MIME type with a control character in it (a bad `lang`) is never framed: the
        // client gets a 40 and no body rather than a header of the content's making.
        if (!is_clean_meta(routed.doc->mime)) {
            reply refused = reply_from({status::temporary_failure, "Internal error: refused to send a header holding a control character"});
            refused.host = std::move(r.host);
            refused.path = std::move(r.path);
            return refused;
        }
        r.status = static_cast<int>(status::success);
        r.head = gemini::header(status::success, routed.doc->mime);
        r.body = &routed.doc->body;
        r.file = routed.doc->file;
        r.keep = routed.doc;
        return r;
    case site::route_result::outcome::redirect:
        r.status = static_cast<int>(is_clean_meta(routed.target) ? status::redirect_permanent : status::temporary_failure);
        r.head = gemini::header(status::redirect_permanent, routed.target);
        return r;
    case site::route_result::outcome::input:
        r.status = static_cast<int>(is_clean_meta(routed.target) ? status::input : status::temporary_failure);
        r.head = gemini::header(status::input, routed.target);
        return r;
    case site::route_result::outcome::not_found:
        break;
    }
    r.status = static_cast<int>(status::not_found);
    r.head = gemini::header(status::not_found, "Not found");
    return r;
}

} // namespace smolpub::gemini
