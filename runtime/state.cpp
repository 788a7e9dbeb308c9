// SPDX-License-Identifier: ISC
#include "runtime/state.hpp"

#include <algorithm>
#include <utility>


#include <malloc.h>

#include "runtime/ticket_key_source.hpp"

namespace smolpub::runtime {

namespace {

/// The HTTPS context from http.certificate and http.private_key, sealing tickets with the
/// same keys as Gemini (a ticket never crosses over: sessions are bound to their certificate).
tl::expected<std::pair<std::shared_ptr<tls::sni_table>, std::shared_ptr<tls::server_context>>, std::string>
load_https(const content::config& config, std::shared_ptr<tls::ticket_key_ring> ticket_keys, build_report& report)
{
    const std::string label = config.sites.empty() || config.sites.front().hostnames.empty()
                                  ? std::string{"https"}
                                  : config.sites.front().hostnames.front();
    auto id = tls::load_files(label, config.http_certificate, config.http_private_key);
    if (!id)
        return tl::unexpected(id.error());
    report.notes.push_back("HTTPS certificate " + id->cert_file.string() + ": SHA-256 " + id->cert_sha256 +
                           ", expires " + id->not_after +
                           (id->chain.empty() ? "" : ", with " + std::to_string(id->chain.size()) +
                                                         " intermediate certificate(s)"));
    for (const auto& warning : id->warnings)
        report.notes.push_back("warning: " + warning);
    auto context = std::make_shared<tls::server_context>();
    auto table = tls::configure_https(context->native_handle(), std::move(*id), std::move(ticket_keys));
    if (!table)
        return tl::unexpected(table.error());
    return std::pair{std::move(*table), std::move(context)};
}

/// The HTTPS context of `state` ([http] tls_listen), or, when its files no longer load on a
/// reload, the one the previous state served: a certificate half-written by a renewal or a
/// key that no longer matches keeps the one that worked, and the report says which file.
tl::expected<void, std::string> take_https(runtime_state& state, const content::config& config, build_report& report,
                                           const runtime_state* previous)
{
    if (config.http_tls_listen.empty())
        return {};
    auto loaded = load_https(config, state.sni->ticket_keys, report);
    if (loaded) {
        state.https_sni = std::move(loaded->first);
        state.https = std::move(loaded->second);
    } else if (previous && previous->https) {
        report.problems.push_back("smolpub: HTTPS certificate not reloaded: " + loaded.error() +
                                  "; still serving the certificate loaded before");
        state.https_sni = previous->https_sni;
        state.https = previous->https;
    } else {
        return tl::unexpected("HTTPS: " + loaded.error());
    }
    return {};
}

} // namespace

const hosted_site* runtime_state::find(std::string_view canonical_host) const
{
    return site::find_host(sites, canonical_host);
}

tl::expected<std::shared_ptr<const runtime_state>, std::string> build_state(const content::config& config,
                                                                           build_report& report,
                                                                           const runtime_state* previous)
{
    auto state = std::make_shared<runtime_state>();
    state->config = config;
    state->built_at = std::chrono::system_clock::now();
    // The one page cache of the server: made here at start, then handed from snapshot to
    // snapshot. The snapshot being served still uses it, so until this reload has
    // succeeded nothing in it changes: not its size, not the pages it holds.
    state->cache = previous && previous->cache ? previous->cache
                                               : std::make_shared<site::page_cache>(config.limit.cache_bytes);
    std::vector<std::pair<const site::site*, const site::site*>> replaced;  ///< (new, before) per site

    // The content of every site first, then the ticket keys, and only then the certificates:
    // a config or capsule that cannot be served must not leave new certificates behind.
    for (const auto& settings : config.sites) {
        const hosted_site* before = previous ? previous->find(settings.hostnames.front()) : nullptr;
        auto loaded = site::load_site(settings, state->cache, before ? before->site : nullptr);
        if (!loaded)
            return tl::unexpected(loaded.error().text());
        const site::site& site = **loaded;
        for (const auto& problem : site.problems())
            report.problems.push_back(problem.text());
        report.notes.push_back(settings.hostnames.front() + ": " + site.summary().text());
        if (const std::size_t n = site.problems().size(); n > 0)
            report.notes.push_back(settings.hostnames.front() + ": " + std::to_string(n) +
                                   (n == 1 ? " problem" : " problems") +
                                   " in the content, listed below (what they name is not served, unless "
                                   "its previous version is); `smolpub check` also finds broken links");
        if (const std::size_t n = site.model() ? site.model()->kept_last_good.size() : 0; n > 0)
            report.notes.push_back(settings.hostnames.front() + ": " + std::to_string(n) +
                                   (n == 1 ? " broken file" : " broken files") +
                                   " still served at the last good version");
        if (before && before->site)
            replaced.emplace_back(loaded->get(), before->site.get());
        state->sites.push_back({settings, std::move(*loaded)});
    }

    auto ticket_keys = ticket_keys_for(config, previous, report);
    if (!ticket_keys)
        return tl::unexpected(ticket_keys.error());

    std::vector<tls::identity> identities;
    for (const auto& settings : config.sites) {
        for (const auto& host : settings.hostnames) {
            auto id = tls::load_or_create(settings.cert_dir, host);
            if (!id)
                return tl::unexpected(id.error());
            report.notes.push_back((id->generated ? "generated certificate " : "certificate ") +
                                   id->cert_file.string() + " for " + host + ": SHA-256 " + id->cert_sha256 +
                                   ", public key SHA-256 " + id->pubkey_sha256 + ", expires " + id->not_after +
                                   (id->chain.empty() ? "" : ", with " + std::to_string(id->chain.size()) +
                                                                 " intermediate certificate(s)"));
            for (const auto& warning : id->warnings)
                report.notes.push_back("warning: " + warning);
            identities.push_back(std::move(*id));
        }
    }
    state->tls = std::make_shared<tls::server_context>();
    auto sni = tls::configure_server(state->tls->native_handle(), std::move(identities), std::move(*ticket_keys));
    if (!sni)
        return tl::unexpected(sni.error());
    state->sni = std::move(*sni);

    if (auto https = take_https(*state, config, report, previous); !https)
        return tl::unexpected(https.error());

    // The reload has succeeded: the pages the sites before leave behind go, then the cache
    // takes the new limit (evicting the least recently used pages past it).
    for (const auto& [now, before] : replaced)
        site::release_replaced_pages(*now, *before);
    state->cache->set_limit(config.limit.cache_bytes);
    // Rendering a capsule leaves freed scratch memory spread over malloc's arenas; hand it
    // back to the system so a small box keeps only the pages (about 15% of the peak).
    ::malloc_trim(0);
    return std::shared_ptr<const runtime_state>{std::move(state)};
}

} // namespace smolpub::runtime
