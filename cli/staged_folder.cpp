// SPDX-License-Identifier: ISC
#include "cli/staged_folder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>

namespace smolpub::cli {

namespace fs = std::filesystem;

namespace {

std::string errno_text(const fs::path& path, std::string_view what)
{
    return path.string() + ": " + std::string{what} + ": " + std::strerror(errno);
}

/// `target` as an absolute path without a trailing slash, so it has a file name.
fs::path normal_target(const fs::path& target)
{
    fs::path absolute = fs::absolute(target).lexically_normal();
    if (!absolute.has_filename() && absolute.has_parent_path())
        absolute = absolute.parent_path();
    return absolute;
}

} // namespace

staged_folder::staged_folder(fs::path target, fs::path path) : target_(std::move(target)), path_(std::move(path)) {}

staged_folder::staged_folder(staged_folder&& other) noexcept
    : target_(std::move(other.target_)), path_(std::exchange(other.path_, {}))
{
}

staged_folder::~staged_folder()
{
    if (path_.empty())
        return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

tl::expected<staged_folder, std::string> staged_folder::create(const fs::path& target)
{
    const fs::path absolute = normal_target(target);
    std::string pattern = (absolute.parent_path() / ("." + absolute.filename().string() + ".smolpub-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
        return tl::unexpected(errno_text(absolute.parent_path(), "cannot make a folder beside the export"));
    staged_folder staged{absolute, pattern};

    // mkdtemp makes a private (0700) folder; the export should look like any folder made
    // by the user, or keep what the old export had.
    mode_t mode = 0;
    struct stat st{};
    if (::stat(absolute.c_str(), &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0777 & ~mask;
    }
    if (::chmod(staged.path_.c_str(), mode) != 0)
        return tl::unexpected(errno_text(staged.path_, "cannot set permissions"));
    return staged;
}

tl::expected<void, std::string> staged_folder::commit()
{
    struct stat st{};
    if (::lstat(target_.c_str(), &st) != 0) {
        if (errno != ENOENT)
            return tl::unexpected(errno_text(target_, "cannot look at the export folder"));
        if (::rename(path_.c_str(), target_.c_str()) != 0)
            return tl::unexpected(errno_text(target_, "cannot move the new export in place"));
        path_.clear();
        return {};
    }
    if (!S_ISDIR(st.st_mode))
        return tl::unexpected(target_.string() + ": exists and is not a folder");

    // Readers of OUTDIR see the old tree or the new one, never a mix.
    if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != EINVAL && errno != ENOSYS)
            return tl::unexpected(errno_text(target_, "cannot swap the new export in"));
        // A file system without RENAME_EXCHANGE: move the old tree aside first.
        std::string aside = path_.string() + "-old";
        if (::rename(target_.c_str(), aside.c_str()) != 0)
            return tl::unexpected(errno_text(target_, "cannot move the old export aside"));
        if (::rename(path_.c_str(), target_.c_str()) != 0) {
            const std::string why = errno_text(target_, "cannot move the new export in place");
            ::rename(aside.c_str(), target_.c_str());
            return tl::unexpected(why);
        }
        path_ = aside;
    }
    // path_ now holds the old export.
    std::error_code ec;
    fs::remove_all(path_, ec);
    path_.clear();
    return {};
}

} // namespace smolpub::cli
