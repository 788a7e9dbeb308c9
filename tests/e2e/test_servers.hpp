// SPDX-License-Identifier: ISC
#pragma once
// Servers that tests start from: the smallest capsule, for a test of the server itself (not
// its pages), and the example capsule with a given config.
#include <filesystem>
#include <optional>
#include <string_view>

#include "loopback_config.hpp"
#include "server_harness.hpp"

namespace smolpub::e2e {

/// Writes `dir`/smolpub.toml (loopback listeners on ephemeral ports, title T) and a home page;
/// returns `dir`.
inline const std::filesystem::path& write_home_capsule(const std::filesystem::path& dir)
{
    write_text(dir / "smolpub.toml", loopback_config("title = \"T\"\n"));
    write_text(dir / "capsule" / "index.md", "Home.\n");
    return dir;
}

/// A server running on write_home_capsule's capsule in a scratch dir (a TEST_CASE_FIXTURE).
struct home_server {
    scratch_dir dir;
    running_server server{write_home_capsule(dir.path())};
};

/// A server on the example capsule (copy_example_capsule) with `config` as its smolpub.toml,
/// in a scratch dir.
struct example_server {
    scratch_dir dir;
    std::optional<running_server> server;

    explicit example_server(std::string_view config)
    {
        copy_example_capsule(dir.path());
        write_text(dir.path() / "smolpub.toml", config);
        server.emplace(dir.path());
    }
};

} // namespace smolpub::e2e
