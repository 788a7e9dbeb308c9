// SPDX-License-Identifier: ISC
// The guard-clause ladder of a Gemini request, in the spirit of gmid's client_read():
// parse, pick the virtual host, check it is really ours, route, answer.
#include "gemini/handler.hpp"

namespace smolpub::gemini {

reply reply::from(const failure& f)
{
    reply r;
    r.code = f.code;
    r.header = gemini::header(f.code, f.meta);
    return r;
}

reply handle(const hosts& served, std::string_view line, std::string_view sni)
{
    const auto req = parse_request(line);
    if (!req)
        return reply::from(req.error());

    const site::hosted_site* hosted = site::find_host(served.sites, req->host);
    if (!hosted)
        return reply::from({status::proxy_request_refused, "Proxy request refused: not a host served here"});
    // A client that asked for one name in the handshake must not read another's pages
    // over that connection (the certificate it checked was for the SNI name).
    if (!sni.empty() && sni != req->host)
        return reply::from({status::proxy_request_refused, "Proxy request refused: host differs from TLS server name"});
    if (req->port && *req->port != hosted->settings.gemini_port && served.check_port)
        return reply::from({status::proxy_request_refused, "Proxy request refused: wrong port"});

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
            reply refused = reply::from({status::temporary_failure, "Internal error: refused to send a header holding a control character"});
            refused.host = std::move(r.host);
            refused.path = std::move(r.path);
            return refused;
        }
        r.header = gemini::header(status::success, routed.doc->mime);
        r.body = &routed.doc->body;
        r.file = routed.doc->file;
        r.page = routed.doc;
        return r;
    case site::route_result::outcome::redirect:
        r.code = is_clean_meta(routed.target) ? status::redirect_permanent : status::temporary_failure;
        r.header = gemini::header(status::redirect_permanent, routed.target);
        return r;
    case site::route_result::outcome::input:
        r.code = is_clean_meta(routed.target) ? status::input : status::temporary_failure;
        r.header = gemini::header(status::input, routed.target);
        return r;
    case site::route_result::outcome::not_found:
        break;
    }
    r.code = status::not_found;
    r.header = gemini::header(status::not_found, "Not found");
    return r;
}

} // namespace smolpub::gemini
