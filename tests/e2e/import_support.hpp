// SPDX-License-Identifier: ISC
#pragma once
// What the import end-to-end tests share: where an import writes, and the one edit after it.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "server_harness.hpp"

namespace smolpub::e2e {

/// `text` with the first `from` replaced by `to`; `from` must be there (a fixture edit that
/// misses would otherwise test the unedited fixture).
inline std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return text.replace(at, from.size(), to);
}

/// What an import test starts from (a TEST_CASE_FIXTURE): a scratch dir holding `cwd`, an
/// empty working directory, and `blog`, where the import is to write the capsule.
struct import_scratch {
    scratch_dir work;
    std::filesystem::path cwd = work.path() / "cwd";
    std::filesystem::path blog = work.path() / "blog";
    import_scratch() { std::filesystem::create_directories(cwd); }

    /// `smolpub import wordpress SOURCES... BLOG --hostname localhost`, run in `cwd`, which
    /// must succeed: its report (stdout).
    std::string import_wordpress(const std::vector<std::filesystem::path>& sources) const
    {
        std::vector<std::string> args{"import", "wordpress"};
        for (const auto& source : sources)
            args.push_back(source.string());
        args.insert(args.end(), {blog.string(), "--hostname", "localhost"});
        const auto imported = run_smolpub(args, cwd);
        INFO("import stdout: " << imported.out << "\nstderr: " << imported.err);
        REQUIRE(imported.code == 0);
        return imported.out;
    }
};

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
