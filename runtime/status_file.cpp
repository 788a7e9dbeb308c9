// SPDX-License-Identifier: ISC
#include "runtime/status_file.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "net/access_log.hpp"
#include "runtime/status.hpp"

namespace smolpub::runtime {

tl::expected<status_file, std::string> status_file::open(const std::filesystem::path& path)
{
    if (path.empty())
        return status_file{};
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return tl::unexpected("server.status_file " + path.string() + ": " + std::strerror(errno));
    return status_file{fd, path};
}

status_file::status_file(status_file&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_))
{
}

status_file& status_file::operator=(status_file&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
    }
    return *this;
}

status_file::~status_file()
{
    if (fd_ >= 0)
        ::close(fd_);
}

tl::expected<void, std::string> status_file::publish(const runtime_state& state) const
{
    if (fd_ < 0)
        return {};
    // Written in place through the descriptor opened at startup: after the privilege drop
    // and under the read-only sandbox, neither a new file nor a rename would be allowed.
    // A reader racing this sees the end line only once the new text is complete.
    const std::string text = "smolpub: status: pid " + std::to_string(::getpid()) + "\n" + describe_state(state) +
                             describe_access_log(net::access_log_dropped()) + std::string{status_end_line};
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::pwrite(fd_, text.data() + done, text.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return tl::unexpected("server.status_file " + path_.string() + ": " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    if (::ftruncate(fd_, static_cast<off_t>(text.size())) != 0)
        return tl::unexpected("server.status_file " + path_.string() + ": " + std::strerror(errno));
    return {};
}

} // namespace smolpub::runtime
