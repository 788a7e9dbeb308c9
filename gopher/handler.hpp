// SPDX-License-Identifier: ISC
#pragma once
// One Gopher transaction without the socket: a parsed request in, a framed reply out. Pure:
// the site is only read.
#include <memory>

#include "content/settings.hpp"
#include "gopher/pages.hpp"
#include "gopher/request.hpp"
#include "gopher/response.hpp"
#include "net/verdict.hpp"
#include "site/site.hpp"

namespace smolpub::gopher {

/// Answers one parsed request from `site`, advertising `settings.gopher_host`/`gopher_port`
/// in every menu it makes. Pure: the site is only read. With disk_reads::deferred (the
/// session, on its event loop) a reply that would read the disk first is left unanswered,
/// with `needs_disk` set: the session asks again off the loop, with disk_reads::allowed.
reply handle(const request& req, const std::shared_ptr<const site::site>& site,
             const content::site_settings& settings, site::disk_reads reads = site::disk_reads::allowed);

/// The same, as admission judged the connection: over a cap or the request rate, a type-3
/// error menu that says so (and `req` is not looked at), else handle(req, site, settings).
reply handle(const net::verdict& admitted, const request& req, const std::shared_ptr<const site::site>& site,
             const content::site_settings& settings);

} // namespace smolpub::gopher
