// SPDX-License-Identifier: ISC
#pragma once
// The only place the importer writes: every file is created with O_EXCL, so an existing
// file is never overwritten, not even one that appeared while the import ran.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::import {

class capsule_files {
public:
    explicit capsule_files(std::filesystem::path root) : root_(std::move(root)) {}

    /// Creates `relative` (and its folders) holding `bytes`; an existing file is left alone
    /// and listed in skipped(). Returns true when written.
    bool write(const std::string& relative, std::string_view bytes);

    /// Copies `source` to `relative`, the same way.
    bool copy(const std::filesystem::path& source, const std::string& relative);

    const std::vector<std::string>& skipped() const { return skipped_; }
    const std::vector<std::string>& failed() const { return failed_; }  ///< "path: reason"
    std::size_t written() const { return written_; }

private:
    std::filesystem::path root_;
    std::vector<std::string> skipped_;
    std::vector<std::string> failed_;
    std::size_t written_ = 0;

    int create(const std::string& relative);
};

} // namespace smolpub::import
