// SPDX-License-Identifier: ISC
#pragma once
#include <string>

#include <tl/expected.hpp>

#include "content/settings.hpp"

namespace smolpub::runtime {

/// When running as root with `server.user` set: optionally chroot to the content directory,
/// then switch to that user and its groups for good. Called after binding ports and loading
/// certificates, before the first request is read.
tl::expected<void, std::string> drop_privileges(const content::config& config);

} // namespace smolpub::runtime
