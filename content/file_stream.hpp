// SPDX-License-Identifier: ISC
#pragma once
// Static files as response bodies: recorded by identity when the site is built, opened on
// request and read in chunks, so that no file is ever held in memory whole.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "content/file_identity.hpp"

namespace smolpub::content {

/// After chroot(root) (server.chroot), the files recorded at load by their full path are
/// found below "/": file_stream::open maps a path under `root` there. Call once, before any
/// thread serves; an empty root (the default) maps nothing.
void set_chroot_root(const std::filesystem::path& root);

/// The identity (content/file_identity.hpp) of the regular file at `path` (symlinks followed); nullopt if it is none.
std::optional<file_identity> identity_of(const std::filesystem::path& path);

/// A static file served from disk: where it is, what it was when the site was built, and
/// whether it is sent as RFC 1436 text (lines starting with '.' doubled, ".\r\n" at the end).
struct file_source {
    std::filesystem::path path;
    file_identity identity;
    bool dot_stuffed = false;
};

/// The largest chunk a stream hands out: what a connection holds of a file at a time.
inline constexpr std::size_t max_chunk_bytes = 64 * 1024;

/// One open descriptor on a file_source, read front to back. The bytes sent are always
/// those of the one file opened: a file replaced (rename) or deleted meanwhile is still
/// read to its end through the descriptor; one rewritten in place (its size or mtime
/// changes) makes next() fail, and the caller must cut the connection rather than end it
/// cleanly, so that a client never takes a mix of old and new bytes for the file.
class file_stream {
public:
    /// Opens the file as it is now. A file changed since the site was built is served as
    /// it is now (one consistent version); unexpected() when it is gone or not a regular file.
    static tl::expected<file_stream, std::string> open(const file_source& source);

    file_stream(file_stream&& other) noexcept;
    file_stream& operator=(file_stream&&) = delete;
    file_stream(const file_stream&) = delete;
    ~file_stream();

    /// Bytes of the file as opened (before dot-stuffing).
    std::uint64_t size() const { return opened_.size; }
    /// The file as opened.
    const file_identity& identity() const { return opened_; }
    /// Whether next() will read the file (a system call that may block), rather than only
    /// hand out the end: callers on an event loop run next() elsewhere when it will.
    bool will_read() const { return !done_ && read_ < opened_.size; }
    /// The next chunk of at most max_chunk_bytes, in `buffer`; empty at the end.
    /// unexpected() when the file changed while it was read, or a read failed.
    tl::expected<std::string_view, std::string> next(std::string& buffer);

private:
    file_stream(int fd, file_identity opened, bool dot_stuffed);
    tl::expected<std::string_view, std::string> finish(std::string& buffer);

    int fd_ = -1;
    file_identity opened_;
    bool dot_stuffed_ = false;
    std::uint64_t read_ = 0;
    bool done_ = false;
    bool line_start_ = true;   ///< dot-stuffing: the next byte starts a line
    bool held_lf_ = false;     ///< dot-stuffing: a final '\n' not sent yet (may become "\r\n")
    char before_held_ = 0;     ///< the byte before the held '\n'
    char last_ = 0;            ///< the last byte read
};

/// The whole body of a file, as a stream would send it (for `smolpub check` and tests;
/// serving never calls this).
tl::expected<std::string, std::string> read_whole(const file_source& source);

} // namespace smolpub::content
