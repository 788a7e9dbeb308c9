// SPDX-License-Identifier: ISC
#pragma once
// A throwaway capsule folder for loader tests: created under the system temp directory,
// removed when the fixture goes out of scope.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "content/diagnostic.hpp"
#include "tests/support/files.hpp"

namespace smolpub::content::testing {

class temp_capsule {
public:
    temp_capsule() : root_{base_.path() / "capsule"} { std::filesystem::create_directory(root_); }

    /// The content root.
    const std::filesystem::path& root() const { return root_; }
    /// A folder beside the root, for things that must stay outside it.
    std::filesystem::path outside() const { return base_.path() / "outside"; }

    /// Writes `text` byte for byte to `relative` under the root (folders created).
    std::filesystem::path write(const std::filesystem::path& relative, std::string_view text) const
    {
        return write_at(root_ / relative, text);
    }

    static std::filesystem::path write_at(const std::filesystem::path& file, std::string_view text)
    {
        test::write_file(file, text);
        return file;
    }

private:
    test::temp_dir base_{"smolpub-content-"};
    std::filesystem::path root_;
};

/// All diagnostics as "file:line:col: message" lines, for CHECK messages and searches.
inline std::string all_text(const std::vector<diagnostic>& problems)
{
    std::string out;
    for (const diagnostic& d : problems)
        out += d.text() + "\n";
    return out;
}

/// Number of diagnostics whose text contains `needle`.
inline std::size_t count_mentioning(const std::vector<diagnostic>& problems, std::string_view needle)
{
    std::size_t n = 0;
    for (const diagnostic& d : problems)
        if (d.text().find(needle) != std::string::npos)
            ++n;
    return n;
}

/// Runs `check` in a forked child as nobody when we are root (root reads any file, so a
/// permission test must drop it), and returns the child's exit code: `check`'s result, 3
/// when the privileges could not be dropped, -1 when the child did not exit.
template <class Check>
int exit_code_as_nobody(Check check)
{
    const pid_t child = ::fork();
    if (child < 0)
        return -1;
    if (child == 0) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
            ::_exit(3);
        ::_exit(check());
    }
    int status = 0;
    if (::waitpid(child, &status, 0) != child || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

} // namespace smolpub::content::testing
