// SPDX-License-Identifier: ISC
#include "content/scan.hpp"

#include <algorithm>
#include <string>

#include "content/file_text.hpp"
#include "content/editor_files.hpp"

namespace smolpub::content {

namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_within(const fs::path& inner, const fs::path& outer)
{
    const auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    return o == outer.end();
}

class scanner {
public:
    scanner(const fs::path& canonical_root, std::vector<diagnostic>& problems)
        : canonical_root_(canonical_root), problems_(problems)
    {
    }

    /// Lists `dir` into a new folder, then its sub-folders. The error is only for `dir`.
    tl::expected<std::size_t, diagnostic> scan(const fs::path& dir)
    {
        std::error_code ec;
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            entries.push_back(*it);
        if (ec)
            return tl::unexpected(diagnostic{dir, 0, 0, "cannot read folder: " + ec.message()});
        // Sorted by name, so loads (and duplicate-slug "first wins") never depend on the
        // order the file system happens to return.
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path() < b.path(); });

        const std::size_t index = folders_.size();
        folders_.emplace_back().dir = dir;
        std::vector<fs::path> subfolders;
        for (const fs::directory_entry& entry : entries)
            sort_entry(entry, folders_[index], subfolders);

        for (const fs::path& sub : subfolders) {
            const auto child = scan(sub);
            if (child) {
                folders_[index].children.push_back(*child);
                continue;
            }
            const std::size_t lost = folders_.size();
            scanned_folder& entry = folders_.emplace_back();
            entry.dir = sub;
            entry.unreadable = child.error();
            folders_[index].children.push_back(lost);
        }
        return index;
    }

    std::vector<scanned_folder> take() { return std::move(folders_); }

private:
    void report(const fs::path& path, std::string message)
    {
        problems_.push_back(diagnostic{path, 0, 0, std::move(message)});
    }

    void sort_entry(const fs::directory_entry& entry, scanned_folder& folder,
                    std::vector<fs::path>& subfolders)
    {
        const fs::path& path = entry.path();
        const std::string name = path.filename().string();
        // RFC 8615: the capsule's top-level .well-known/ (security.txt...) is published;
        // every other dotfile (.git, .DS_Store), editor swap and backup file is not.
        const bool well_known = name == ".well-known" && folders_.size() > 0 &&
                                &folder == &folders_.front();
        if (!well_known && is_editor_scratch(name))
            return;
        if (find_invalid_utf8(name)) {
            report(path, "file name is not valid UTF-8; skipped");
            return;
        }

        std::error_code ec;
        if (entry.is_symlink(ec)) {
            // Symlinks may point anywhere; publishing must never reach outside the capsule.
            const fs::path target = fs::canonical(path, ec);
            if (ec) {
                report(path, "broken symlink; skipped");
                return;
            }
            if (!is_within(target, canonical_root_)) {
                report(path, "symlink leads outside the content directory; not followed");
                return;
            }
            if (fs::is_directory(target, ec)) {
                // Even inside the root, following it would publish the same files twice
                // (or loop forever on a link to an ancestor).
                report(path, "symlinked folder not followed");
                return;
            }
            if (!fs::is_regular_file(target, ec)) {
                report(path, "not a regular file; skipped");
                return;
            }
        } else if (entry.is_directory(ec)) {
            subfolders.push_back(path);
            return;
        } else if (!entry.is_regular_file(ec)) {
            report(path, "not a regular file; skipped");
            return;
        }

        if (name == "_category.toml")
            folder.category_file = path;
        else if (name == "_index.md")
            folder.section_file = scanned_file{path.string()};
        else if (ends_with(name, comments_suffix))
            folder.comment_archives.push_back(scanned_file{path.string()});
        else if (ends_with(name, ".md"))
            folder.markdown.push_back(scanned_file{path.string()});
        else
            folder.static_files.push_back(path);
    }

    const fs::path& canonical_root_;
    std::vector<diagnostic>& problems_;
    std::vector<scanned_folder> folders_;
};

} // namespace

tl::expected<std::vector<scanned_folder>, diagnostic>
scan_capsule(const std::filesystem::path& root, const std::filesystem::path& canonical_root,
             std::vector<diagnostic>& problems)
{
    scanner walk(canonical_root, problems);
    const auto top = walk.scan(root);
    if (!top)
        return tl::unexpected(top.error());
    return walk.take();
}

} // namespace smolpub::content
