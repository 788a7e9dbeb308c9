// SPDX-License-Identifier: ISC
#pragma once
// What the import end-to-end tests share once an import has written a capsule.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_support.hpp"
#include "server_harness.hpp"

namespace smolpub::e2e {

/// The operator's one edit after an import (it writes no listener): a Gemini listener on an
/// ephemeral loopback port in BLOG/smolpub.toml. Then `smolpub check` must pass on it.
inline void listen_and_check(const std::filesystem::path& blog, const std::filesystem::path& cwd)
{
    write_text(blog / "smolpub.toml", read_file(blog / "smolpub.toml") + "[gemini]\nlisten = [\"127.0.0.1:0\"]\n");
    const auto checked = run_smolpub({"check", "--config", (blog / "smolpub.toml").string()}, cwd);
    INFO("check stdout: " << checked.out << "\nstderr: " << checked.err);
    REQUIRE(checked.code == 0);
}

} // namespace smolpub::e2e
