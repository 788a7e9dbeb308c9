#pragma once
// Everything a request needs, built once and published as one immutable snapshot.
// Reload builds a new snapshot off to the side and swaps it in; sessions keep theirs.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <asio/ssl/context.hpp>
#include <tl/expected.hpp>

#include "capsule/page_cache.hpp"
#include "capsule/settings.hpp"
#include "capsule/site.hpp"
#include "certs/tls_context.hpp"

namespace smolpub::server {

/// One virtual host: its settings and its rendered site.
struct hosted_site {
    capsule::site_settings settings;
    std::shared_ptr<const capsule::site> site;
};

struct runtime_state {
    capsule::config config;
    std::vector<hosted_site> sites;           ///< sites[0] is the default host
    std::shared_ptr<certs::sni_table> sni;    ///< declared first: must outlive `tls`
    std::shared_ptr<asio::ssl::context> tls;  ///< serves every identity, SNI picks one
    std::shared_ptr<capsule::page_cache> cache;  ///< rendered pages of every site (limits.cache)

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
/// serving impossible: no content directory, unusable certificates. With the `previous`
/// state (a reload), its page cache is kept and each site reuses what did not change.
tl::expected<std::shared_ptr<const runtime_state>, std::string> build_state(const capsule::config& config,
                                                                           build_report& report,
                                                                           const runtime_state* previous = nullptr);

} // namespace smolpub::server
