// SPDX-License-Identifier: ISC
#include "import/capsule_files.hpp"
#include "content/file_text.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smolpub::import {
namespace {


} // namespace

int capsule_files::create(const std::string& relative)
{
    const std::filesystem::path file = root_ / relative;
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
        failed_.push_back(relative + ": " + ec.message());
        return -1;
    }
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            skipped_.push_back(relative);
        else
            failed_.push_back(relative + ": " + std::strerror(errno));
    }
    return fd;
}

bool capsule_files::write(const std::string& relative, std::string_view bytes)
{
    const content::unique_fd out{create(relative)};
    if (out.get() < 0)
        return false;
    if (!content::write_all(out.get(), bytes)) {
        failed_.push_back(relative + ": " + std::strerror(errno));
        return false;
    }
    ++written_;
    return true;
}

bool capsule_files::copy(const std::filesystem::path& source, const std::string& relative)
{
    const content::unique_fd in{::open(source.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.get() < 0) {
        failed_.push_back(relative + ": " + std::strerror(errno));
        return false;
    }
    const content::unique_fd out{create(relative)};
    if (out.get() < 0)
        return false;
    char buffer[64 * 1024];
    while (true) {
        const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            failed_.push_back(relative + ": " + std::strerror(errno));
            return false;
        }
        if (n == 0)
            break;
        if (!content::write_all(out.get(), std::string_view{buffer, static_cast<std::size_t>(n)})) {
            failed_.push_back(relative + ": " + std::strerror(errno));
            return false;
        }
    }
    ++written_;
    return true;
}

} // namespace smolpub::import
