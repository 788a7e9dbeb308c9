// SPDX-License-Identifier: ISC
#pragma once
// Raw text handling shared by the content loaders: one read per file, UTF-8 checks, BOMs.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"

namespace smolpub::content {

/// A 1-based line and column (columns count code points, as toml++ does).
struct text_position {
    int line = 1;
    int column = 1;
};

/// The whole file in one read. The error is a diagnostic naming the file (no line).
tl::expected<std::string, diagnostic> read_whole_file(const std::filesystem::path& file);

/// Where the first byte that is not well-formed UTF-8 sits (overlong forms, surrogates and
/// code points above U+10FFFF count as malformed), or nullopt when all of `text` is valid.
std::optional<text_position> find_invalid_utf8(std::string_view text);

/// A diagnostic at the first byte of `text` (read from `file`) that is not well-formed
/// UTF-8, saying `message`; nullopt when all of `text` is valid.
std::optional<diagnostic> invalid_utf8_in(std::string_view text, const std::filesystem::path& file,
                                          std::string_view message = "invalid UTF-8");

/// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

/// Owns a POSIX file descriptor: closed on every path out of the scope that opened it.
class unique_fd {
public:
    explicit unique_fd(int fd) : fd_{fd} {}
    ~unique_fd() { reset(); }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    int get() const { return fd_; }
    /// Gives the descriptor up (to close it by hand and check the result).
    int release() { return std::exchange(fd_, -1); }
private:
    void reset();
    int fd_;
};

/// Writes all of `bytes` to `fd`, retrying short writes and EINTR. false with errno set on
/// failure (ENOSPC when the kernel took nothing), for the caller's message.
bool write_all(int fd, std::string_view bytes);

/// Reads `file` and checks it is UTF-8: the error names the first bad byte's line and column.
/// The returned text still holds any BOM.
tl::expected<std::string, diagnostic> read_utf8_file(const std::filesystem::path& file);

} // namespace smolpub::content
