// SPDX-License-Identifier: ISC
#pragma once
#include <filesystem>

namespace smolpub::cli {

/// `smolpub serve`: loads the config, certificates and capsule, binds every listener and
/// serves until SIGTERM/SIGINT (graceful) — SIGHUP reloads everything atomically.
/// Returns the process exit code (0 clean stop, 1 cannot serve, 2 bad config).
int serve(const std::filesystem::path& config_path);

} // namespace smolpub::cli
