// SPDX-License-Identifier: ISC
#pragma once
// What the running server currently serves, for the operator: printed on stdout when the
// process gets SIGUSR1 (`kill -USR1 <pid>`), a read-only channel with no port to guard.
#include <cstdint>
#include <string>

#include "runtime/state.hpp"

namespace smolpub::runtime {

/// One line per site, each starting "smolpub: status: HOST: ": counts of articles, pages,
/// comments, categories and problems, when the snapshot was built (UTC), and the files
/// served at their last good version; then, with [http], one "smolpub: status: web: " line
/// (listeners, each site's base_url, the HTTPS certificate in use). Pure.
std::string describe_state(const runtime_state& state);

/// The access log's line for the status: lines dropped because its queue was full
/// (net::access_log_dropped()), "smolpub: status: access log: N lines dropped\n".
std::string describe_access_log(std::uint64_t dropped);

} // namespace smolpub::runtime
