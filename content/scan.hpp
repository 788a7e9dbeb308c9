// SPDX-License-Identifier: ISC
#pragma once
// First step of load_content(): list the capsule's folders and sort their files by role.
// Only directory listings here; no file is opened.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/file_identity.hpp"

namespace smolpub::content {

/// A file to parse, with the index of its parse job (set by the loader, not the scan).
struct scanned_file {
    /// A string: a scan of a large capsule holds tens of thousands of these at once, and a
    /// std::filesystem::path keeps its split components too (a few hundred bytes each).
    std::string path;
    std::size_t job = 0;
    std::optional<file_identity> identity{};  ///< stat'ed by the loader just before its job
};

/// One folder's publishable entries, each list sorted by file name.
struct scanned_folder {
    std::filesystem::path dir;
    std::optional<std::filesystem::path> category_file;  ///< _category.toml
    std::optional<scanned_file> section_file;            ///< _index.md (Hugo, Zola)
    std::vector<scanned_file> markdown;                  ///< *.md
    std::vector<scanned_file> comment_archives;          ///< *.comments.toml
    std::vector<std::filesystem::path> static_files;     ///< everything else
    std::vector<std::size_t> children;                   ///< sub-folders, by name
    /// Why the folder could not be listed; then every list above is empty, and a reload
    /// keeps what the previous load served from it (it is broken, not deleted).
    std::optional<diagnostic> unreadable;
};

/// Every folder under `root`, depth first in name order; [0] is the root itself.
/// Dotfiles are left out. Symlinks leaving `canonical_root`, symlinked folders and broken
/// links are left out and reported in `problems`; an unreadable sub-folder is an empty
/// entry whose `unreadable` says why (the loader reports it).
/// Fails only when `root` cannot be listed.
tl::expected<std::vector<scanned_folder>, diagnostic>
scan_capsule(const std::filesystem::path& root, const std::filesystem::path& canonical_root,
             std::vector<diagnostic>& problems);

/// The suffix of comment archives: "<article file stem>.comments.toml".
inline constexpr std::string_view comments_suffix = ".comments.toml";

} // namespace smolpub::content
