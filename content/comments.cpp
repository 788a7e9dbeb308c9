// SPDX-License-Identifier: ISC
// Archived reader comments: `<article>.comments.toml`, one [[comment]] table each.
#include <unordered_set>

#include "content/content.hpp"
#include "content/comments.hpp"
#include "content/file_text.hpp"
#include "content/toml_reads.hpp"

namespace smolpub::content {

namespace {

/// A mention's URL: absolute, on the web or Gemini, one line without spaces.
bool is_mention_url(std::string_view url)
{
    if (!(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("gemini://")))
        return false;
    for (const char ch : url)
        if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7F)
            return false;
    return url.find("://") + 3 < url.size();
}

} // namespace

tl::expected<comment_archive, diagnostic> read_comment_archive(std::string_view text,
                                                               const std::filesystem::path& file)
{
    if (auto bad = invalid_utf8_in(text, file))
        return tl::unexpected(std::move(*bad));
    const auto root = parse_toml(strip_bom(text), file, 0);
    if (!root)
        return tl::unexpected(root.error());

    comment_archive out;
    const toml::node* list = root->get("comment");
    if (!list)
        return out;  // an empty archive is a valid archive
    const toml::array* entries = list->as_array();
    field_reader top(*root, file, 0);
    if (!entries)
        return tl::unexpected(top.at(*list, "'comment' must be an array of tables ([[comment]])"));

    out.comments.reserve(entries->size());
    // Ids seen so far: a reply must name an EARLIER comment. That keeps threads acyclic, so
    // page builders can walk them without guarding against loops.
    std::unordered_set<std::string> seen;
    std::size_t position = 0;
    for (const toml::node& entry : *entries) {
        ++position;
        const toml::table* table = entry.as_table();
        if (!table)
            return tl::unexpected(top.at(entry, "each 'comment' must be a table ([[comment]])"));

        // Only these keys are read. Whatever else an export carries (email, ip, user agent)
        // is never copied into the model, so no page can leak it.
        field_reader fields(*table, file, 0);
        comment c;
        c.id = fields.identifier("id");
        c.reply_to = fields.identifier("reply_to");
        c.author = fields.text("author");
        c.date = fields.date("date");
        c.body_markdown = fields.text("body");
        c.mention = fields.text("mention");
        if (fields.problem())
            return tl::unexpected(*fields.problem());
        // A mention (a pingback) is a link, which needs no body; a comment needs one.
        if (!fields.node("body") && !fields.node("mention"))
            return tl::unexpected(fields.at(entry, "comment has no 'body'"));
        if (const toml::node* m = fields.node("mention"); m && !is_mention_url(c.mention)) {
            out.warnings.push_back(fields.at(*m, "mention must be one http://, https:// or gemini:// URL "
                                                 "(the page that links here); this comment was skipped"));
            continue;
        }

        // Archives without ids number their comments by position, so reply_to = 2 works.
        if (c.id.empty())
            c.id = std::to_string(position);
        if (seen.contains(c.id)) {
            out.warnings.push_back(fields.at(
                entry, "duplicate comment id '" + c.id + "'; this comment was skipped"));
            continue;
        }
        if (!c.reply_to.empty() && !seen.contains(c.reply_to)) {
            const toml::node* reply = fields.node("reply_to");
            out.warnings.push_back(fields.at(*reply, "reply_to '" + c.reply_to +
                                                         "' names no earlier comment; shown "
                                                         "as a top-level comment"));
            c.reply_to.clear();
        }
        seen.insert(c.id);
        out.comments.push_back(std::move(c));
    }
    return out;
}

tl::expected<std::vector<comment>, diagnostic> parse_comments(std::string_view text,
                                                             const std::filesystem::path& file)
{
    auto archive = read_comment_archive(text, file);
    if (!archive)
        return tl::unexpected(archive.error());
    return std::move(archive->comments);
}

} // namespace smolpub::content
