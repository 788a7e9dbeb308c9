// SPDX-License-Identifier: ISC
#pragma once
// server.status_file: what the running server serves, kept in a file for `smolpub status`.
// A read-only channel with no port: whoever may read the file may read the status.
#include <filesystem>
#include <string>

#include <tl/expected.hpp>

#include "runtime/state.hpp"

namespace smolpub::runtime {

/// The last line of a complete status file; a reader that does not see it caught a rewrite
/// half way and reads again.
inline constexpr std::string_view status_end_line = "smolpub: status: end\n";

/// The status file, opened once at startup (before privileges are dropped and the sandbox
/// is on) and rewritten in place through that descriptor.
class status_file {
public:
    /// Opens `path` for writing (created 0644 if missing). An empty path gives a status
    /// file that writes nothing.
    static tl::expected<status_file, std::string> open(const std::filesystem::path& path);

    status_file() = default;
    status_file(status_file&& other) noexcept;
    status_file& operator=(status_file&& other) noexcept;
    ~status_file();

    /// Replaces the content: the server's pid, describe_state(state), the access log's drop
    /// count (describe_access_log), status_end_line.
    /// Errors are returned for the caller to print; serving goes on regardless.
    tl::expected<void, std::string> publish(const runtime_state& state) const;

private:
    explicit status_file(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::filesystem::path path_;
};

} // namespace smolpub::runtime
