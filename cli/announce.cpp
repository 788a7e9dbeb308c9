// SPDX-License-Identifier: ISC
// `smolpub announce`: Antenna, the aggregator of geminispace, never polls; a capsule tells
// it about a new post by requesting its submit URL with the feed's URL as the query. Once
// per site that has announce.antenna on, with a timeout, never retried.
#include <iostream>
#include <string>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "content/config.hpp"
#include "tls/client.hpp"

namespace smolpub::cli {
namespace {

constexpr std::string_view usage = R"(usage: smolpub announce [--config FILE]

Submits each site's Atom feed (gemini://HOST[:PORT]/atom.xml) to Antenna, for the sites
with `announce.antenna = true`: one Gemini request to `announce.antenna_url` with the feed's
URL as the query, 10 seconds at most, no retry. Run it after publishing a new article.

Exit codes: 0 every submission was accepted (a 2x or 3x answer), 1 one was not, none is
enabled, or the configuration has errors, 2 bad usage.
)";

constexpr auto timeout = std::chrono::seconds{10};

/// The site's feed URL, as its feed and links name it.
std::string feed_url(const content::site_settings& site)
{
    std::string url = "gemini://" + (site.hostnames.empty() ? std::string{"localhost"} : site.hostnames.front());
    if (site.gemini_port != 1965)
        url += ':' + std::to_string(site.gemini_port);
    return url + "/atom.xml";
}

/// A query may hold ':' and '/' (RFC 3986) but not a space, '#', '%' or a control byte.
std::string as_query(std::string_view url)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : url) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || ch == '#' || ch == '%') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

} // namespace

std::string_view announce_usage() { return usage; }

int announce(const std::filesystem::path& config_path)
{
    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;
    int enabled = 0, failed = 0;
    for (const auto& site : config->sites) {
        if (!site.announce_antenna)
            continue;
        ++enabled;
        const std::string feed = feed_url(site);
        const std::string request = site.antenna_url + "?" + as_query(feed);
        const auto answer = tls::gemini_request(request, timeout);
        if (!answer) {
            ++failed;
            std::cerr << "smolpub: announce " << feed << " to " << site.antenna_url << " failed: " << answer.error()
                      << '\n';
        } else if ((*answer)[0] != '2' && (*answer)[0] != '3') {
            ++failed;
            std::cerr << "smolpub: announce " << feed << " to " << site.antenna_url << " refused: " << *answer << '\n';
        } else {
            std::cout << "smolpub: announced " << feed << " to " << site.antenna_url << ": " << *answer << '\n';
        }
    }
    if (enabled == 0) {
        std::cerr << "smolpub: nothing to announce: set announce.antenna = true in " << config_path.string() << '\n';
        return exit_failure;
    }
    return failed == 0 ? exit_ok : exit_failure;
}

} // namespace smolpub::cli
