// SPDX-License-Identifier: ISC
#pragma once
// Which version of a file a record was made from: enough to tell, without reading it,
// that a file is unchanged since the last load.
#include <cstdint>
#include <filesystem>
#include <optional>

namespace smolpub::content {

/// A file's device, inode, size and modification time (ns), as stat(2) saw them.
struct file_identity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    /// Modified so shortly before it was looked at that a second write within the file
    /// system's timestamp granularity could leave all four fields unchanged (git's "racy"
    /// case): such an identity never vouches for the file's content.
    bool racy = true;
    /// The same version of the same file: `racy` is how it was looked at, not what it is.
    bool operator==(const file_identity& o) const
    {
        return device == o.device && inode == o.inode && size == o.size && mtime_ns == o.mtime_ns;
    }
};

/// stat(2) of `file` (following a symlink); nullopt when it cannot be stat'ed.
std::optional<file_identity> identify(const std::filesystem::path& file);

/// True when both identities are known, neither is racy, and they name the same version:
/// the file may be taken as unchanged without reading it.
bool same_version(const std::optional<file_identity>& before, const std::optional<file_identity>& now);

} // namespace smolpub::content
