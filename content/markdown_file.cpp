// SPDX-License-Identifier: ISC
// Markdown files: the `+++` TOML front matter block and the body below it.
#include <algorithm>

#include "content/content.hpp"
#include "content/markdown_file.hpp"
#include "content/file_text.hpp"
#include "content/toml_reads.hpp"
#include "text/language_tag.hpp"

namespace smolpub::content {

namespace {

constexpr std::string_view toml_fence = "+++";
constexpr std::string_view yaml_fence = "---";

/// True when `line` (without its '\n') is the fence: trailing blanks and the '\r' of CRLF
/// files are tolerated, as editors add them invisibly.
bool is_fence(std::string_view line, std::string_view fence = toml_fence)
{
    if (line.substr(0, fence.size()) != fence)
        return false;
    line.remove_prefix(fence.size());
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

/// The body with CRLF turned into LF, so renderers and search see one line ending.
std::string normalise_newlines(std::string_view body)
{
    if (body.find('\r') == std::string_view::npos)
        return std::string(body);
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i)
        if (!(body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n'))
            out += body[i];
    return out;
}

struct split_file {
    std::string_view toml;  ///< between the fences; empty view when there is no front matter
    bool has_front_matter = false;
    std::string_view body;
    int body_line = 1;
};

/// Hugo also allows YAML between `---` lines. Without this check a YAML page would load
/// as plain Markdown and publish its front matter as text.
bool looks_like_yaml_front_matter(std::string_view text, std::size_t first_end)
{
    if (first_end == std::string_view::npos || !is_fence(text.substr(0, first_end), yaml_fence))
        return false;
    for (std::size_t start = first_end + 1; start < text.size();) {
        const std::size_t end = text.find('\n', start);
        if (is_fence(text.substr(start, end == std::string_view::npos ? end : end - start),
                     yaml_fence))
            return true;
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return false;
}

/// Finds the fences. The error is the unclosed-fence diagnostic.
tl::expected<split_file, diagnostic> split_front_matter(std::string_view text,
                                                        const std::filesystem::path& file)
{
    split_file out;
    const std::size_t first_end = text.find('\n');
    if (!is_fence(text.substr(0, first_end))) {
        if (looks_like_yaml_front_matter(text, first_end))
            return tl::unexpected(diagnostic{file, 1, 1,
                                             "YAML front matter (---) is not supported: "
                                             "write it as TOML between +++ lines"});
        out.body = text;
        return out;
    }
    if (first_end == std::string_view::npos)
        return tl::unexpected(
            diagnostic{file, 1, 1, "front matter opened by +++ is never closed"});

    std::size_t line_start = first_end + 1;
    int line = 2;
    while (line_start <= text.size()) {
        const std::size_t line_end = text.find('\n', line_start);
        const std::string_view current = text.substr(
            line_start, line_end == std::string_view::npos ? line_end : line_end - line_start);
        if (is_fence(current)) {
            out.has_front_matter = true;
            out.toml = text.substr(first_end + 1, line_start - (first_end + 1));
            out.body = line_end == std::string_view::npos ? std::string_view()
                                                          : text.substr(line_end + 1);
            out.body_line = line + 1;
            return out;
        }
        if (line_end == std::string_view::npos)
            break;
        line_start = line_end + 1;
        ++line;
    }
    return tl::unexpected(diagnostic{file, 1, 1, "front matter opened by +++ is never closed"});
}

/// Slugs become one URL path segment: nothing that could climb or split the path.
bool is_safe_slug(std::string_view slug)
{
    if (slug.empty() || slug.front() == '.')
        return false;
    return std::none_of(slug.begin(), slug.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return c == '/' || c == '\\' || c == '?' || c == '#' || c == '%' || u < 0x20 ||
               u == 0x7F;
    });
}

bool is_usable_alias(std::string_view alias)
{
    return !alias.empty() && std::none_of(alias.begin(), alias.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F || c == ' ';
    });
}

/// Reads the known keys. Unknown keys are left alone so Hugo and Zola files load as-is.
tl::expected<front_matter, diagnostic> read_front_matter(const toml::table& table,
                                                         const std::filesystem::path& file,
                                                         int line_offset)
{
    field_reader fields(table, file, line_offset);
    front_matter meta;
    meta.title = fields.text("title");
    meta.date = fields.date("date");
    meta.updated = fields.date("updated");
    meta.author = fields.text_or_list("author");
    meta.description = fields.text("description");
    meta.tags = fields.text_list("tags");
    // Zola keeps tags under [taxonomies]; merged after plain `tags`, without repeats.
    if (const toml::table* taxonomies = fields.table("taxonomies")) {
        field_reader zola(*taxonomies, file, line_offset);
        for (std::string& tag : zola.text_list("tags"))
            if (std::find(meta.tags.begin(), meta.tags.end(), tag) == meta.tags.end())
                meta.tags.push_back(std::move(tag));
        if (zola.problem())
            return tl::unexpected(*zola.problem());
    }
    meta.draft = fields.flag("draft", false);

    meta.slug = fields.text("slug");
    if (const toml::node* slug = fields.node("slug"); slug && slug->is_string() &&
                                                       !is_safe_slug(meta.slug))
        fields.reject(*slug, "'slug' must be one path segment: not empty, no leading '.', "
                             "and no '/', '\\', '?', '#', '%' or control characters");

    meta.aliases = fields.text_list("aliases");
    if (const toml::node* aliases = fields.node("aliases"); aliases && aliases->is_array())
        for (const toml::node& alias : *aliases->as_array())
            if (alias.is_string() && !is_usable_alias(alias.as_string()->get()))
                fields.reject(alias, "'aliases' entries must be non-empty paths without "
                                     "spaces or control characters");

    meta.lang = fields.text("lang");
    // The tag goes into the Gemini response header (`lang=`): only a BCP 47 shape may.
    if (const toml::node* lang = fields.node("lang"); lang && lang->is_string() &&
                                                      !text::is_language_tag(meta.lang)) {
        fields.reject(*lang, "'lang' must be a BCP 47 language tag such as \"en\" or \"de-CH\" "
                             "(letters, digits and '-' only)");
        meta.lang.clear();
    }

    // "closed" shows archived comments and says so; "none" shows them without the notice;
    // "off" hides them. Hugo themes write a boolean.
    if (const toml::node* policy = fields.node("comments")) {
        if (const auto* b = policy->as_boolean()) {
            meta.comments = b->get() ? comment_policy::closed : comment_policy::off;
        } else if (const auto* s = policy->as_string(); s && s->get() == "closed") {
            meta.comments = comment_policy::closed;
        } else if (s && s->get() == "off") {
            meta.comments = comment_policy::off;
        } else if (s && s->get() == "none") {
            meta.comments = comment_policy::none;
        } else {
            fields.reject(*policy, "'comments' must be \"closed\", \"none\" or \"off\"");
        }
    }

    if (const auto id = fields.integer_in("wordpress_id", 1, std::int64_t{1} << 53))
        meta.wordpress_id = static_cast<std::uint64_t>(*id);

    if (fields.problem())
        return tl::unexpected(*fields.problem());
    return meta;
}

} // namespace

tl::expected<parsed_markdown, diagnostic> parse_markdown(std::string_view text,
                                                         const std::filesystem::path& file,
                                                         markdown_rules rules)
{
    if (auto bad = invalid_utf8_in(text, file))
        return tl::unexpected(std::move(*bad));

    const auto split = split_front_matter(strip_bom(text), file);
    if (!split)
        return tl::unexpected(split.error());

    parsed_markdown out;
    out.body = normalise_newlines(split->body);
    out.body_line = split->body_line;
    if (!split->has_front_matter) {
        if (rules.needs_front_matter)
            return tl::unexpected(diagnostic{file, 1, 1, "missing +++ front matter"});
        return out;
    }

    // The TOML starts on the file's second line, below the opening fence.
    constexpr int line_offset = 1;
    const auto table = parse_toml(split->toml, file, line_offset);
    if (!table)
        return tl::unexpected(table.error());
    auto meta = read_front_matter(*table, file, line_offset);
    if (!meta)
        return tl::unexpected(meta.error());
    if (rules.needs_title && meta->title.empty())
        return tl::unexpected(diagnostic{file, 1, 1, "front matter needs a 'title'"});
    out.meta = std::move(*meta);
    return out;
}

tl::expected<parsed_markdown, diagnostic> parse_markdown_file(std::string_view text,
                                                              const std::filesystem::path& file)
{
    return parse_markdown(text, file, markdown_rules{});
}

} // namespace smolpub::content
