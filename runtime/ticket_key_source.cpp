// SPDX-License-Identifier: ISC
#include "runtime/ticket_key_source.hpp"

#include "runtime/state.hpp"

namespace smolpub::runtime {

tl::expected<std::shared_ptr<tls::ticket_key_ring>, std::string> ticket_keys_for(const content::config& config,
                                                                                  const runtime_state* previous,
                                                                                  build_report& report)
{
    std::shared_ptr<tls::ticket_key_ring> current =
        previous != nullptr && previous->sni ? previous->sni->ticket_keys : nullptr;
    if (config.ticket_keys.empty())
        return current && current->file().empty() ? current : nullptr;

    auto keys = tls::read_ticket_key_file(config.ticket_keys);
    if (!keys) {
        if (!current)
            return tl::unexpected("server.ticket_keys: " + keys.error());
        report.problems.push_back("smolpub: server.ticket_keys: " + keys.error() +
                                  "; keeping the current session-ticket keys");
        return current;
    }
    const std::size_t count = keys->size();
    if (current && current->file() == config.ticket_keys) {
        current->replace(std::move(*keys));
    } else {
        current = tls::ticket_key_ring::from_file(config.ticket_keys, std::move(*keys));
    }
    report.notes.push_back("session-ticket keys: " + std::to_string(count) + " from " + config.ticket_keys.string() +
                           " (the first encrypts)");
    return current;
}

} // namespace smolpub::runtime
