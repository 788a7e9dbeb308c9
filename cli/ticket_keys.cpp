// SPDX-License-Identifier: ISC
// `smolpub cert --ticket-keys FILE [--rotate]`: makes and rotates the session-ticket key file
// that replicas behind one load balancer share (server.ticket_keys). The file is a secret:
// it is only ever written whole, by rename, with mode 0600.
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

#include <sys/stat.h>

#include "tls/ticket_keys.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "text/percent.hpp"

namespace smolpub::cli {
namespace {

/// A key's name in hex: not secret (every ticket carries it), and what to compare between replicas.
std::string name_of(const tls::ticket_key& k)
{
    return text::hex_of(k.name);
}

} // namespace

int ticket_keys(const std::filesystem::path& file, bool rotate, std::size_t keep)
{
    struct stat st {};
    const bool exists = ::lstat(file.c_str(), &st) == 0;
    if (!exists && errno != ENOENT) {
        std::cerr << "smolpub: " << file.string() << ": " << std::strerror(errno) << '\n';
        return exit_failure;
    }
    if (exists && !rotate) {
        std::cerr << "smolpub: " << file.string()
                  << " exists; rotate a new key into it with --rotate (a new file would end the sessions "
                     "of every client that holds a ticket)\n";
        return exit_failure;
    }
    if (!exists && rotate) {
        std::cerr << "smolpub: " << file.string() << " does not exist; make it with smolpub cert --ticket-keys "
                  << file.string() << '\n';
        return exit_failure;
    }

    std::vector<tls::ticket_key> keys;
    std::size_t before = 0;
    if (rotate) {
        auto current = tls::read_ticket_key_file(file);
        if (!current) {
            std::cerr << "smolpub: " << current.error() << '\n';
            return exit_failure;
        }
        keys = std::move(*current);
        before = keys.size();
    }
    auto fresh = tls::make_ticket_key();
    if (!fresh) {
        std::cerr << "smolpub: " << fresh.error() << '\n';
        return exit_failure;
    }
    keys = tls::rotate_ticket_keys(std::move(keys), *fresh, keep);
    if (auto written = tls::write_ticket_key_file(file, keys); !written) {
        std::cerr << "smolpub: " << written.error() << '\n';
        return exit_failure;
    }

    if (rotate)
        std::cout << "rotated " << file.string() << ": a new first key, " << keys.size() << " of " << before + 1
                  << " keys kept (--keep " << keep << "), mode 0600\n";
    else
        std::cout << "wrote " << file.string() << ": 1 key, mode 0600\n";
    std::cout << "key names, newest first (the first encrypts; compare them between replicas):\n";
    for (const auto& k : keys)
        std::cout << "  " << name_of(k) << '\n';
    std::cerr << "smolpub: copy the file to every replica (keep it mode 0600), then send each SIGHUP\n";
    return exit_ok;
}

} // namespace smolpub::cli
