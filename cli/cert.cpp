// SPDX-License-Identifier: ISC
// `smolpub cert`: the operator's view of the TLS identities. Gemini clients pin a
// capsule's certificate on first use (TOFU), so the fingerprints printed here are what
// readers compare against, and renewal, which changes them, only ever happens on request.
#include <iostream>
#include <string>

#include "tls/identity.hpp"
#include "cli/cli.hpp"
#include "cli/common.hpp"
#include "cli/commands.hpp"

namespace smolpub::cli {
namespace {

constexpr std::string_view cert_usage_text = R"(usage: smolpub cert [--config FILE] [--hostname HOST] [--renew]
       smolpub cert --ticket-keys FILE [--rotate [--keep N]]

Prints, for every hostname of every site (or only HOST), the certificate file, the
SHA-256 fingerprints of the certificate and of its public key, and the expiry date.
A hostname without certificate and key gets a new self-signed identity (ECDSA P-256).

  --hostname HOST   only this hostname (it must be configured)
  --renew           replace key and certificate with new ones. Clients that pinned
                    the old certificate will warn their readers: publish the new
                    fingerprints. A running server uses them after SIGHUP.

  --ticket-keys FILE  write a new session-ticket key file for server.ticket_keys
                    (replicas behind one load balancer share it; it refuses to
                    replace an existing file). Written atomically with mode 0600.
  --rotate          put a fresh key first in FILE (it encrypts from the next SIGHUP;
                    the older keys keep decrypting) and keep the newest N
  --keep N          how many keys --rotate keeps (default 3)

Exit codes: 0 success, 1 a certificate could not be read or written or the configuration has
errors, 2 bad usage (including a HOST that is not configured).
)";

void print_identity(const tls::identity& id, std::string_view action)
{
    std::cout << id.hostname << '\n'
              << "  certificate         " << id.cert_file.string();
    if (!action.empty())
        std::cout << " (" << action << ')';
    std::cout << '\n'
              << "  SHA-256             " << id.cert_sha256 << '\n'
              << "  public key SHA-256  " << id.pubkey_sha256 << '\n'
              << "  expires             " << id.not_after << '\n';
}

} // namespace

std::string_view cert_usage() { return cert_usage_text; }

int cert(const std::filesystem::path& config_path, const std::string& hostname, bool renew)
{
    const auto config = load_config_reporting(config_path);
    if (!config)
        return exit_failure;  // a config error is a failure, as in check and serve; 2 is the command line

    bool found = false, ok = true;
    for (const auto& settings : config->sites) {
        for (const auto& host : settings.hostnames) {
            if (!hostname.empty() && host != hostname)
                continue;
            found = true;
            auto id = renew ? tls::create(settings.cert_dir, host, true)
                            : tls::load_or_create(settings.cert_dir, host);
            if (!id) {
                std::cerr << "smolpub: " << id.error() << '\n';
                ok = false;
                continue;
            }
            print_identity(*id, renew ? "renewed" : id->generated ? "generated" : "");
        }
    }
    if (!found) {
        std::cerr << "smolpub: " << (hostname.empty() ? std::string{"no hostnames are configured"}
                                                      : "no site has the hostname " + hostname)
                  << " (see " << config_path.string() << ")\n";
        return exit_usage;
    }
    if (renew && ok)
        std::cerr << "smolpub: send SIGHUP to a running server to use the new identity\n";
    return ok ? exit_ok : exit_failure;
}

} // namespace smolpub::cli
