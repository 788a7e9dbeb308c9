// SPDX-License-Identifier: ISC
#pragma once
// Running the real smolpub binary from a test: a temp dir per test, fork/exec with
// stdout and stderr captured to files, and a bounded wait (the child is killed on timeout).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "loopback_config.hpp"
#include "tests/support/files.hpp"

namespace smolpub::e2e {

namespace fs = std::filesystem;

/// A temp dir per test (smolpub-cli-XXXXXX).
struct temp_dir : test::temp_dir {
    temp_dir() : test::temp_dir("smolpub-cli-") {}
};

using test::read_file;
using test::write_file;

struct run_result {
    int code = -1;  ///< exit status; -1 when killed or timed out
    std::string out, err;
};

/// Runs `smolpub args...` in `cwd`, at most `limit` long.
inline run_result run_smolpub(const std::vector<std::string>& args, const fs::path& cwd,
                              std::chrono::seconds limit = std::chrono::seconds{30})
{
    const fs::path out_file = cwd / ".smolpub-stdout";
    const fs::path err_file = cwd / ".smolpub-stderr";
    std::vector<char*> argv;
    std::string program = SMOLPUB_BINARY;
    argv.push_back(program.data());
    std::vector<std::string> copies = args;
    for (auto& a : copies)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0 || ::chdir(cwd.c_str()) != 0)
            ::_exit(127);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    run_result result;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (true) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            if (WIFEXITED(status))
                result.code = WEXITSTATUS(status);
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    result.out = read_file(out_file);
    result.err = read_file(err_file);
    fs::remove(out_file);
    fs::remove(err_file);
    return result;
}

/// Every regular file under `root` (relative path -> bytes), for comparing trees.
inline std::map<std::string, std::string> read_tree(const fs::path& root)
{
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files.emplace(entry.path().lexically_relative(root).generic_string(), read_file(entry.path()));
    return files;
}

/// The lines of `text` that contain `needle`.
inline std::vector<std::string> lines_with(const std::string& text, std::string_view needle)
{
    std::vector<std::string> found;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(pos, end - pos);
        if (line.find(needle) != std::string::npos)
            found.push_back(std::move(line));
        pos = end + 1;
    }
    return found;
}

/// A config for a capsule in `dir`/capsule, certificates in `dir`/certs, no listeners used.
inline fs::path write_config(const fs::path& dir)
{
    const fs::path config = dir / "smolpub.toml";
    write_file(config, loopback_config("title = \"Test capsule\"\nauthor = \"Tester\"\n",
                                       std::string{loopback_gopher} + "host = \"localhost\"\nport = 7070\n"));

    fs::create_directories(dir / "capsule");
    return config;
}

} // namespace smolpub::e2e
