// SPDX-License-Identifier: ISC
#pragma once
// Reloads: what the previous load of the same capsule can lend the next one.
//
// Every record in the content model remembers the identity (device, inode, size, mtime)
// of the file it was made from. The next load looks each file up here by its path:
//  - unchanged (same identity): the previous record is taken as is, the file is not read;
//  - changed and parses: the new version replaces the record;
//  - changed and broken (bad TOML, invalid UTF-8, unreadable): the previous record stays,
//    marked kept_last_good, and the problem says the previous version is still served;
//  - gone from the folder: nothing looks it up, so it drops out (aliases with it).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/comments.hpp"
#include "content/markdown_file.hpp"
#include "content/diagnostic.hpp"
#include "content/file_identity.hpp"
#include "content/model.hpp"

namespace smolpub::content {

/// The previous load's model, indexed by source path. Empty on a first load.
/// Holds pointers into `before`, which must outlive it.
class previous_content {
public:
    explicit previous_content(const tree* before);

    /// The published record (article, page or home intro) made from `file`, or nullptr.
    const article* document(const std::string& file) const;
    /// The same, only when `now` shows the file unchanged since that record was made.
    const article* unchanged_document(const std::string& file, const std::optional<file_identity>& now) const;

    /// The record whose comments came from `archive` ("<stem>.comments.toml" belongs to
    /// "<stem>.md"), when it holds that archive's comments; else nullptr.
    const article* commented(const std::string& archive) const;
    /// The same, only when `now` shows the archive unchanged.
    const article* unchanged_comments(const std::string& archive, const std::optional<file_identity>& now) const;

    /// The category at `path` ("" root, "notes") when a _category.toml described it.
    const category* described(std::string_view path) const;

    /// The published records whose source sits directly in `dir`, in the previous
    /// load's order (for a folder that cannot be listed any more).
    std::vector<const article*> documents_in(const std::filesystem::path& dir) const;

private:
    const tree* before_;
    std::unordered_map<std::string, const article*> documents_;
    std::unordered_map<std::string, const category*> categories_;
};

/// The Markdown file a comments archive belongs to ("a.comments.toml" -> "a.md").
std::string commented_file(std::string_view archive);

/// A record as if its file had just been parsed again (in the packed form the loader
/// uses: the texts are shared, not copied).
parsed_markdown as_parsed(const article& record);
comment_archive as_archive(const article& record);

/// `problem`, saying that the file's previous version is still served.
diagnostic still_served(diagnostic problem);

} // namespace smolpub::content
