// SPDX-License-Identifier: ISC
#pragma once
// server.sandbox: after startup, the process may only read what serving needs.
#include <string>

#include "content/settings.hpp"

namespace smolpub::runtime {

/// With server.sandbox (Linux Landlock, kernel >= 5.13): from now on this process may only
/// read — never write, create or execute — below each site's content and certificate
/// directories and the config file's directory (for reload), plus /dev/urandom. Anything
/// else on the filesystem is refused by the kernel, whatever a bug or a hostile symlink
/// asks for. Applies to the calling thread and threads it starts later, so call it before
/// starting any. Never fails the server: returns the line to log (applied, or why not).
std::string restrict_filesystem(const content::config& config);

} // namespace smolpub::runtime
