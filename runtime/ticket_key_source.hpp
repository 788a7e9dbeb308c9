// SPDX-License-Identifier: ISC
#pragma once
// Where a new runtime state's session-ticket keys come from: server.ticket_keys, or memory.
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "content/settings.hpp"
#include "tls/ticket_key_ring.hpp"

namespace smolpub::runtime {

struct runtime_state;
struct build_report;

/// The ticket keys for a state built from `config`, given the `previous` state (null at start).
/// With server.ticket_keys: the file's keys, loaded into the previous ring when that came from
/// the same file (so connections still on the old state use them too). A file that cannot be
/// used fails the start, but on reload keeps the current keys and adds the problem to `report`.
/// Without: the previous in-memory ring (tickets survive a reload), or null for new keys.
tl::expected<std::shared_ptr<tls::ticket_key_ring>, std::string> ticket_keys_for(const content::config& config,
                                                                                  const runtime_state* previous,
                                                                                  build_report& report);

} // namespace smolpub::runtime
