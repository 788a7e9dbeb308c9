// SPDX-License-Identifier: ISC
#pragma once
// Everything a request needs, built once and published as one immutable snapshot.
// Reload builds a new snapshot off to the side and swaps it in; sessions keep theirs.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "site/page_cache.hpp"
#include "content/settings.hpp"
#include "site/hosts.hpp"
#include "site/site.hpp"
#include "tls/context.hpp"

namespace smolpub::runtime {

using site::hosted_site;

struct runtime_state {
    content::config config;
    std::vector<hosted_site> sites;           ///< sites[0] is the default host
    std::shared_ptr<tls::sni_table> sni;    ///< declared first: must outlive `tls`
    std::shared_ptr<tls::server_context> tls;  ///< serves every identity, SNI picks one
    /// HTTPS (http.tls_listen): the operator's certificate, never a Gemini one; null without
    /// TLS listeners. A reload that cannot read the files keeps the previous state's.
    std::shared_ptr<tls::sni_table> https_sni;  ///< declared first: must outlive `https`
    std::shared_ptr<tls::server_context> https;
    std::chrono::system_clock::time_point built_at;  ///< when this snapshot was made
    /// Rendered pages of every site (limits.cache): one cache for the server's life, made by
    /// the first build_state and handed on by each reload that succeeds.
    std::shared_ptr<site::page_cache> cache;

    /// The site serving `canonical_host`, or nullptr.
    const hosted_site* find(std::string_view canonical_host) const;
};

/// What building a state said along the way (certificate fingerprints, load summaries,
/// content problems), for the operator.
struct build_report {
    std::vector<std::string> notes;
    std::vector<std::string> problems;
};

/// Loads certificates (generating missing ones) and every site. Fails on what makes
/// serving impossible: no content directory, unusable certificates, at start an unusable
/// server.ticket_keys file. On a reload, `previous` is the state being served: it lends its
/// session-ticket keys (runtime/ticket_key_source.hpp), and each site whose content folder it
/// also served reuses that load (unchanged files, last good versions of broken ones), and
/// its page cache is kept. Only a build that succeeds resizes that cache to limits.cache and
/// drops the pages the sites before leave behind: a failed one changes nothing in it.
tl::expected<std::shared_ptr<const runtime_state>, std::string> build_state(const content::config& config,
                                                                           build_report& report,
                                                                           const runtime_state* previous = nullptr);

} // namespace smolpub::runtime
