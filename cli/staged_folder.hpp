// SPDX-License-Identifier: ISC
#pragma once
// `smolpub build`: the export is written into a fresh folder beside OUTDIR and swapped in
// only when complete, so a failed export (disk full, a write error) never leaves OUTDIR
// half old and half new.
#include <filesystem>
#include <string>

#include <tl/expected.hpp>

namespace smolpub::cli {

/// A temporary folder next to a target folder, on the same file system so the swap is a
/// rename. Removed on destruction unless committed.
class staged_folder {
public:
    /// Makes ".<name>.smolpub-XXXXXX" beside `target` (which may not exist yet), with the
    /// permissions `target` has, or 0777 less the umask.
    static tl::expected<staged_folder, std::string> create(const std::filesystem::path& target);

    staged_folder(staged_folder&& other) noexcept;
    staged_folder& operator=(staged_folder&&) = delete;
    ~staged_folder();

    const std::filesystem::path& path() const { return path_; }

    /// Puts the staged folder in place of the target: one atomic exchange where the file
    /// system supports it (else two renames), then removes the old tree. On failure the
    /// target is left as it was and the error says why.
    tl::expected<void, std::string> commit();

private:
    staged_folder(std::filesystem::path target, std::filesystem::path path);

    std::filesystem::path target_;
    std::filesystem::path path_;  ///< empty once committed or moved from
};

} // namespace smolpub::cli
