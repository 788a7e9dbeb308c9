// SPDX-License-Identifier: ISC
// Reading a static file for a response. The file is opened per request, so a capsule of a
// few GB of photos costs no memory; the descriptor is kept to the end of the response, so
// that an editor's usual save (write a new file, rename it over the old one) or a delete
// leaves this response reading the old file to its end. What a descriptor cannot protect
// against is a write into the same file; a changed size or mtime after any read reveals
// it, and the response is cut instead of finished.
#include "content/file_stream.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smolpub::content {
namespace {

file_identity identity_from(const struct stat& st)
{
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

} // namespace

std::optional<file_identity> identity_of(const std::filesystem::path& path)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return identity_from(st);
}

namespace {

std::filesystem::path chroot_root;  ///< set once before serving (set_chroot_root)

/// Where `path` is now: below "/" when the process was chrooted to a folder holding it.
std::filesystem::path reachable(const std::filesystem::path& path)
{
    if (chroot_root.empty())
        return path;
    const auto inside = path.lexically_relative(chroot_root);
    if (inside.empty() || *inside.begin() == "..")
        return path;
    return std::filesystem::path{"/"} / inside;
}

} // namespace

void set_chroot_root(const std::filesystem::path& root) { chroot_root = root.lexically_normal(); }

tl::expected<file_stream, std::string> file_stream::open(const file_source& source)
{
    // O_NONBLOCK only so that a FIFO put in a file's place cannot stall the server in
    // open(); a regular file ignores it, and anything else is refused below.
    const std::filesystem::path where = reachable(source.path);
    const int fd = ::open(where.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return tl::unexpected(source.path.string() + ": " + std::strerror(errno));
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return tl::unexpected(source.path.string() + ": not a regular file");
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return file_stream{fd, identity_from(st), source.dot_stuffed};
}

file_stream::file_stream(int fd, file_identity opened, bool dot_stuffed)
    : fd_(fd), opened_(opened), dot_stuffed_(dot_stuffed)
{
}

file_stream::file_stream(file_stream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), opened_(other.opened_), dot_stuffed_(other.dot_stuffed_),
      read_(other.read_), done_(other.done_), line_start_(other.line_start_), held_lf_(other.held_lf_),
      before_held_(other.before_held_), last_(other.last_)
{
}

file_stream::~file_stream()
{
    if (fd_ >= 0)
        ::close(fd_);
}

tl::expected<std::string_view, std::string> file_stream::next(std::string& buffer)
{
    // Dot-stuffing at most doubles a chunk (a file of "." lines), so read half as much.
    const std::size_t limit = dot_stuffed_ ? max_chunk_bytes / 2 : max_chunk_bytes;
    std::string raw;
    while (!done_) {
        if (read_ == opened_.size)
            return finish(buffer);
        std::string& into = dot_stuffed_ ? raw : buffer;
        into.resize(static_cast<std::size_t>(std::min<std::uint64_t>(opened_.size - read_, limit)));
        ssize_t n = 0;
        do
            n = ::read(fd_, into.data(), into.size());
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return tl::unexpected(std::string{"read failed: "} + std::strerror(errno));
        if (n == 0)
            return tl::unexpected(std::string{"the file shrank while it was sent"});
        into.resize(static_cast<std::size_t>(n));
        read_ += static_cast<std::uint64_t>(n);
        // Checked after the read and before the bytes leave: a write that landed before
        // this point is caught here, one after it did not touch what was read.
        struct stat st{};
        if (::fstat(fd_, &st) != 0 || identity_from(st) != opened_)
            return tl::unexpected(std::string{"the file changed while it was sent"});
        if (!dot_stuffed_)
            return std::string_view{buffer};

        // RFC 1436 text: a line holding only "." would end the reply, so every line that
        // starts with '.' gets a second one; the same rules as gopher::finish_text (gopher/response.cpp).
        buffer.clear();
        if (held_lf_) {
            buffer += '\n';
            held_lf_ = false;
        }
        for (const char c : raw) {
            if (line_start_ && c == '.')
                buffer += '.';
            buffer += c;
            line_start_ = c == '\n';
        }
        const char before_last = raw.size() >= 2 ? raw[raw.size() - 2] : last_;
        last_ = raw.back();
        if (last_ == '\n') {
            // The file's last '\n' becomes "\r\n" before the terminator: hold it back.
            buffer.pop_back();
            held_lf_ = true;
            before_held_ = before_last;
        }
        if (!buffer.empty())
            return std::string_view{buffer};
    }
    buffer.clear();
    return std::string_view{};
}

tl::expected<std::string_view, std::string> file_stream::finish(std::string& buffer)
{
    done_ = true;
    buffer.clear();
    if (!dot_stuffed_)
        return std::string_view{};
    if (held_lf_)
        buffer = before_held_ == '\r' ? "\n.\r\n" : "\r\n.\r\n";
    else
        buffer = read_ == 0 ? ".\r\n" : "\r\n.\r\n";
    return std::string_view{buffer};
}

tl::expected<std::string, std::string> read_whole(const file_source& source)
{
    auto stream = file_stream::open(source);
    if (!stream)
        return tl::unexpected(stream.error());
    std::string out, buffer;
    while (true) {
        auto chunk = stream->next(buffer);
        if (!chunk)
            return tl::unexpected(chunk.error());
        if (chunk->empty())
            return out;
        out += *chunk;
    }
}

} // namespace smolpub::content
