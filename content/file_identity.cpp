// SPDX-License-Identifier: ISC
#include "content/file_identity.hpp"

#include <ctime>

#include <sys/stat.h>

namespace smolpub::content {

namespace {

/// Kernel file times come from a coarse clock (one tick, 1 to 10 ms), and some file
/// systems keep seconds only; two seconds covers both with room for a slow read.
constexpr std::int64_t racy_window_ns = 2'000'000'000;

std::int64_t now_ns()
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

} // namespace

std::optional<file_identity> identify(const std::filesystem::path& file)
{
    // The clock is read before stat: a write landing after it has an mtime at or past
    // `looked_at`, so it is always inside the window.
    const std::int64_t looked_at = now_ns();
    struct stat st{};
    if (::stat(file.c_str(), &st) != 0)
        return std::nullopt;
    file_identity id;
    id.device = static_cast<std::uint64_t>(st.st_dev);
    id.inode = static_cast<std::uint64_t>(st.st_ino);
    id.size = static_cast<std::uint64_t>(st.st_size);
    id.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    id.racy = id.mtime_ns > looked_at - racy_window_ns;
    return id;
}

bool same_version(const std::optional<file_identity>& before, const std::optional<file_identity>& now)
{
    if (!before || !now || before->racy || now->racy)
        return false;
    return before->device == now->device && before->inode == now->inode && before->size == now->size &&
           before->mtime_ns == now->mtime_ns;
}

} // namespace smolpub::content
