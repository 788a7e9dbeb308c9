// SPDX-License-Identifier: ISC
#include "content/reuse.hpp"

#include "content/scan.hpp"

namespace smolpub::content {

namespace fs = std::filesystem;

namespace {

/// `record`, when it may stand in for the file it was read from (`read_from`, one of its
/// identities) as that file is `now`. A kept record is the last good version of a file that
/// is broken on disk: the file must be read again, whatever its identity says.
const article* if_unchanged(const article* record, std::optional<file_identity> article::*read_from,
                            const std::optional<file_identity>& now)
{
    if (!record || record->kept_last_good || !same_version(record->*read_from, now))
        return nullptr;
    return record;
}

} // namespace

previous_content::previous_content(const tree* before) : before_(before)
{
    if (!before)
        return;
    const auto add = [&](const article& doc) { documents_.emplace(doc.source, &doc); };
    if (before->index)
        add(*before->index);
    for (const article& doc : before->pages)
        add(doc);
    for (const article& doc : before->articles)
        add(doc);
    for (const category& cat : before->categories)
        if (cat.identity)
            categories_.emplace(cat.path, &cat);
}

const article* previous_content::document(const std::string& file) const
{
    const auto found = documents_.find(file);
    return found == documents_.end() ? nullptr : found->second;
}

const article* previous_content::unchanged_document(const std::string& file,
                                                    const std::optional<file_identity>& now) const
{
    return if_unchanged(document(file), &article::identity, now);
}

const article* previous_content::commented(const std::string& archive) const
{
    const article* record = document(commented_file(archive));
    // "comments = off" drops the comments from the model, so such a record cannot stand
    // in for the archive; neither can one whose comments came from no archive at all.
    if (!record || !record->comments_identity || record->meta.comments == comment_policy::off)
        return nullptr;
    return record;
}

const article* previous_content::unchanged_comments(const std::string& archive,
                                                    const std::optional<file_identity>& now) const
{
    return if_unchanged(commented(archive), &article::comments_identity, now);
}

const category* previous_content::described(std::string_view path) const
{
    const auto found = categories_.find(std::string{path});
    return found == categories_.end() ? nullptr : found->second;
}

std::vector<const article*> previous_content::documents_in(const fs::path& dir) const
{
    std::vector<const article*> found;
    if (!before_)
        return found;
    for (const article& doc : before_->articles)
        if (fs::path{doc.source}.parent_path() == dir)
            found.push_back(&doc);
    return found;
}

std::string commented_file(std::string_view archive)
{
    // Only the end of the name changes: "<dir>/<stem>.comments.toml" -> "<dir>/<stem>.md".
    std::string file{archive};
    if (file.ends_with(comments_suffix))
        file.resize(file.size() - comments_suffix.size());
    return file + ".md";
}

parsed_markdown as_parsed(const article& record)
{
    return parsed_markdown{record.meta, {}, record.body_line, record.body_text};
}

comment_archive as_archive(const article& record)
{
    return comment_archive{{}, record.comment_warnings, record.comments_text, record.comment_count};
}

diagnostic still_served(diagnostic problem)
{
    problem.message += "; the previous version is still served";
    return problem;
}

} // namespace smolpub::content
