#include "server/state.hpp"

#include <algorithm>

#include <malloc.h>

namespace smolpub::server {

const hosted_site* runtime_state::find(std::string_view canonical_host) const
{
    for (const auto& s : sites)
        if (std::find(s.settings.hostnames.begin(), s.settings.hostnames.end(), canonical_host) !=
            s.settings.hostnames.end())
            return &s;
    return nullptr;
}

tl::expected<std::shared_ptr<const runtime_state>, std::string> build_state(const capsule::config& config,
                                                                           build_report& report,
                                                                           const runtime_state* previous)
{
    auto state = std::make_shared<runtime_state>();
    state->config = config;
    state->cache = previous && previous->cache ? previous->cache
                                               : std::make_shared<capsule::page_cache>(config.limit.cache_bytes);
    state->cache->set_limit(config.limit.cache_bytes);

    std::vector<certs::identity> identities;
    for (const auto& settings : config.sites) {
        for (const auto& host : settings.hostnames) {
            auto id = certs::load_or_create(settings.cert_dir, host);
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

        const hosted_site* before = previous ? previous->find(settings.hostnames.front()) : nullptr;
        auto site = capsule::load_site(settings, state->cache, before ? before->site : nullptr);
        if (!site)
            return tl::unexpected(site.error().text());
        for (const auto& problem : (*site)->problems())
            report.problems.push_back(problem.text());
        report.notes.push_back(settings.hostnames.front() + ": " + (*site)->summary().text());
        if (const std::size_t n = (*site)->problems().size(); n > 0)
            report.notes.push_back(settings.hostnames.front() + ": " + std::to_string(n) +
                                   (n == 1 ? " problem" : " problems") +
                                   " in the content, listed below (what they name is not served); "
                                   "`smolpub check` also finds broken links");
        state->sites.push_back({settings, std::move(*site)});
    }

    state->tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    auto sni = certs::configure_server(state->tls->native_handle(), std::move(identities));
    if (!sni)
        return tl::unexpected(sni.error());
    state->sni = std::move(*sni);
    // Rendering a capsule leaves freed scratch memory spread over malloc's arenas; hand it
    // back to the system so a small box keeps only the pages (about 15% of the peak).
    ::malloc_trim(0);
    return std::shared_ptr<const runtime_state>{std::move(state)};
}

} // namespace smolpub::server
