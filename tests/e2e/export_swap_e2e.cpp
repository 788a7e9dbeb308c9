// SPDX-License-Identifier: ISC
// `smolpub build OUTDIR --force` swaps a complete export in; a failed one leaves the old
// export as it was (issue 14).
#include <doctest/doctest.h>

#include <csignal>

#include <sys/resource.h>

#include "cli_support.hpp"

using namespace smolpub::e2e;

namespace {

const fs::path example_config = fs::path(SMOLPUB_SOURCE_DIR) / "examples" / "smolpub.toml";

/// `smolpub args...` with a file size limit: any write past `max_file_bytes` fails with
/// EFBIG, as a full disk would fail it with ENOSPC. Returns the exit code and stderr.
run_result run_with_file_limit(const std::vector<std::string>& args, const fs::path& cwd, rlim_t max_file_bytes)
{
    const fs::path err_file = cwd / ".limited-stderr";
    std::vector<std::string> copies = args;
    std::string program = SMOLPUB_BINARY;
    std::vector<char*> argv{program.data()};
    for (auto& a : copies)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int null = ::open("/dev/null", O_RDWR);
        const rlimit limit{max_file_bytes, max_file_bytes};
        // Ignored, the signal a write past the limit raises leaves an EFBIG error instead.
        std::signal(SIGXFSZ, SIG_IGN);
        if (err < 0 || null < 0 || ::setrlimit(RLIMIT_FSIZE, &limit) != 0 || ::chdir(cwd.c_str()) != 0)
            ::_exit(127);
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(err, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    run_result r;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    if (WIFEXITED(status))
        r.code = WEXITSTATUS(status);
    r.err = read_file(err_file);
    fs::remove(err_file);
    return r;
}

/// Entries of `dir` other than `keep` (leftover staging folders would show here).
std::vector<std::string> others_in(const fs::path& dir, std::string_view keep)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename() != keep)
            names.push_back(entry.path().filename().string());
    return names;
}

} // namespace

TEST_CASE("build --force: a failed write leaves the previous export intact and says why while a good one replaces it")
{
    temp_dir dir;
    const fs::path out = dir.path() / "site-export";
    const auto first = run_smolpub({"build", out.string(), "--config", example_config.string()}, dir.path());
    REQUIRE(first.code == 0);
    write_file(out / "gemini" / "hand-made.gmi", "old export marker");
    const auto before = read_tree(out);
    REQUIRE(before.size() > 20);

    // Pages bigger than 2 KiB cannot be written: the export fails part way.
    const auto failed = run_with_file_limit({"build", out.string(), "--force", "--config", example_config.string()},
                                            dir.path(), 2048);
    INFO(failed.err);
    CHECK(failed.code == 1);
    CHECK(failed.err.find("File too large") != std::string::npos);
    CHECK(failed.err.find("is left as it was") != std::string::npos);
    CHECK(read_tree(out) == before);
    CHECK(others_in(dir.path(), "site-export").empty());  // no staging folder left behind

    const auto forced = run_smolpub({"build", out.string(), "--force", "--config", example_config.string()}, dir.path());
    CHECK(forced.code == 0);
    const auto after = read_tree(out);
    CHECK_FALSE(after.contains("gemini/hand-made.gmi"));  // the old tree was swapped out whole
    auto expected = before;
    expected.erase("gemini/hand-made.gmi");
    CHECK(after == expected);
    CHECK(others_in(dir.path(), "site-export").empty());
    CHECK((fs::status(out).permissions() & fs::perms::others_read) != fs::perms::none);
}

TEST_CASE("build into a missing OUTDIR on a failed write makes no OUTDIR at all")
{
    temp_dir dir;
    const fs::path out = dir.path() / "fresh";
    const auto failed = run_with_file_limit({"build", out.string(), "--config", example_config.string()}, dir.path(), 2048);
    CHECK(failed.code == 1);
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::is_empty(dir.path()));
}
