// SPDX-License-Identifier: ISC
// `smolpub announce`: the feed of each site that announces, submitted once to each of its
// submit URLs (cli/announcer.hpp), with a timeout, never retried.
#include <iostream>
#include <string>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "content/config.hpp"
#include "cli/announcer.hpp"

namespace smolpub::cli {
namespace {

constexpr std::string_view usage = R"(usage: smolpub announce [--config FILE]

Submits each site's Atom feed (gemini://HOST[:PORT]/atom.xml) to Antenna, for the sites
with `announce.antenna = true`, and to each of `announce.urls`: one Gemini request to each
submit URL with the feed's URL as the query, 10 seconds at most, no retry. `serve` does the
same by itself after a reload that changed the feed.

Exit codes: 0 every submission was accepted (a 2x or 3x answer), 1 one was not, none is
enabled, or the configuration has errors, 2 bad usage.
)";

} // namespace

std::string_view announce_usage() { return usage; }

int announce(const std::filesystem::path& config_path)
{
    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;
    int enabled = 0, failed = 0;
    for (const auto& site : config->sites) {
        const auto urls = submit_urls(site);
        enabled += urls.empty() ? 0 : 1;
        for (const std::string& url : urls) {
            const submission_result r = submit_feed(url, feed_url(site));
            failed += r.accepted ? 0 : 1;
            (r.accepted ? std::cout : std::cerr) << "smolpub: " << r.line << '\n';
        }
    }
    if (enabled == 0) {
        std::cerr << "smolpub: nothing to announce: set announce.antenna = true (or announce.urls) in " << config_path.string() << '\n';
        return exit_failure;
    }
    return failed == 0 ? exit_ok : exit_failure;
}

} // namespace smolpub::cli
