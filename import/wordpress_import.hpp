// SPDX-License-Identifier: ISC
#pragma once
// `smolpub import wordpress`: a WordPress export (WXR) -> a complete capsule in DIR
// (smolpub.toml + content/). Two streaming passes over the export: the first learns every
// post's new path (so links between posts can be rewritten), the second writes the files.
#include <filesystem>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "import/import_report.hpp"

namespace smolpub::import {

struct import_options {
    std::filesystem::path export_file;
    /// The other files of an export WordPress.com split in several (A.xml B.xml ...): read
    /// after `export_file`, in order, as one; an item in more than one file counts once.
    std::vector<std::filesystem::path> more_exports;
    std::filesystem::path dir;
    std::filesystem::path uploads;  ///< a copy of wp-content/uploads; empty: keep the old URLs
    std::string hostname = "localhost";
    bool force = false;           ///< write into a non-empty DIR (still never overwriting)
    bool keep_pingbacks = false;  ///< import pingbacks and trackbacks as comments
    /// Publish password-protected posts for everyone (off: they become drafts, as private ones do).
    bool publish_protected = false;
};

/// Runs the import. Fails (with a message naming file:line:col where it can) when nothing
/// could be imported: unreadable or malformed export, non-empty DIR without `force`.
tl::expected<import_report, std::string> import_wordpress(const import_options& options);

} // namespace smolpub::import
