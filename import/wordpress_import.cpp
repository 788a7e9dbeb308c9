// SPDX-License-Identifier: ISC
#include "import/wordpress_import.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "import/capsule_files.hpp"
#include "import/entities.hpp"
#include "import/html_markdown.hpp"
#include "import/json_values.hpp"
#include "import/link_rewriter.hpp"
#include "import/post_mapping.hpp"
#include "import/shortcodes.hpp"
#include "import/slugs.hpp"
#include "content/toml_text.hpp"
#include "import/uploads.hpp"
#include "import/wpautop.hpp"
#include "import/wxr_reader.hpp"

namespace smolpub::import {
namespace {

namespace fs = std::filesystem;
using content::toml_string;
using content::toml_string_array;

// Post types that are not content of their own: media, menus, revisions, theme and editor
// data. They are counted, never imported.
constexpr std::array<std::string_view, 14> non_content_types{
    "attachment",  "nav_menu_item",    "revision",      "custom_css",       "customize_changeset",
    "oembed_cache", "user_request",    "wp_block",      "wp_navigation",    "wp_template",
    "wp_template_part", "wp_global_styles", "wp_font_family", "wp_font_face"};

/// What the first pass keeps of an item: enough to place it and to link to it.
struct item_summary {
    std::string id;
    std::string type;
    std::string status;
    std::string post_date;  ///< wp:post_date, the blog's local time (a scheduled post's day)
    bool protected_by_password = false;
    std::string title;  ///< plain text: tags dropped, entities decoded
    std::string title_html;  ///< the export's title, when it held HTML (for the report)
    std::string post_name;
    std::string link;
    std::string parent;
    std::string category;       ///< nicename of the first category, if any
    std::string category_name;  ///< its name as the item gives it
    std::string creator;
    std::string attachment_url;
    std::string caption;  ///< an attachment's (its excerpt), plain text
    // Filled in by planning:
    std::string file;  ///< relative to DIR: "content/notes/my-post.md"
    std::string folder;
    bool imported = false;
    bool draft = false;
    bool duplicate = false;  ///< an id already seen (in an earlier file of a split export)
    std::size_t original = 0;     ///< a duplicate's first copy, in items_
    std::size_t copies_left = 0;  ///< the first copy's: later copies not yet read in pass 2
};

/// Where the comments of drafts go, beside content/ and never served.
constexpr std::string_view draft_comments_folder = "draft-comments";
/// The upload URLs that --uploads could not answer, in DIR (not served either).
constexpr std::string_view missing_uploads_file = "uploads-missing.txt";

/// `text` for a double-quoted HTML attribute.
std::string escape_attribute(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        default: out += c;
        }
    }
    return out;
}

/// `text` on one line, for the report.
std::string one_line(std::string_view text)
{
    std::string out{text};
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    return out;
}

bool is_post_or_page(const item_summary& s) { return s.type == "post" || s.type == "page"; }

std::string label_of(const item_summary& s)
{
    return (s.type == "page" ? "page " : "post ") + (s.id.empty() ? std::string{"?"} : s.id) + " (" +
           (s.title.empty() ? std::string{"untitled"} : s.title) + ")";
}

class importer {
public:
    explicit importer(const import_options& options)
        : options_(options), files_(options.dir), copier_(options.uploads, files_), rewriter_({})
    {
    }

    tl::expected<import_report, std::string> run()
    {
        std::vector<fs::path> exports{options_.export_file};
        exports.insert(exports.end(), options_.more_exports.begin(), options_.more_exports.end());
        for (std::size_t f = 0; f < exports.size(); ++f) {
            auto channel = read_wxr(exports[f], [this](const wxr_channel&, wxr_item&& item) { summarise(item); }, false);
            if (!channel)
                return tl::unexpected(channel.error());
            merge_channel(std::move(*channel), f == 0);
        }
        report_.wxr_version = channel_.wxr_version.empty() ? "1.0" : channel_.wxr_version;
        rewriter_ = link_rewriter(base_urls_);
        for (const auto& a : channel_.authors)
            display_names_[a.login] = decode_entities(a.display_name);
        for (const auto& c : channel_.categories)
            categories_.emplace(c.nicename, c);
        plan();

        std::size_t index = 0;
        for (const auto& file : exports) {
            auto second = read_wxr(file, [this, &index](const wxr_channel&, wxr_item&& item) {
                if (index < items_.size())
                    write_item(index, item);
                ++index;
            });
            if (!second)
                return tl::unexpected(second.error());
        }
        // A copy that pass 2 did not meet again (a file changed between the passes): what was gathered.
        for (auto& [first, comments] : pending_comments_)
            write_comments(items_[first], comments);
        pending_comments_.clear();
        if (report_.duplicates > 0)
            report_.warnings.push_back(std::to_string(report_.duplicates) +
                                       (report_.duplicates == 1 ? " item is" : " items are") +
                                       " in more than one export file: the first copy was imported");
        warn_about_the_whole();
        write_missing_uploads();
        write_categories();
        write_config();
        report_.uploads = copier_.copied();
        report_.existing = files_.skipped();
        for (const auto& f : files_.failed())
            report_.problems.push_back("cannot write " + f);
        return std::move(report_);
    }

private:
    const import_options& options_;
    capsule_files files_;
    upload_copier copier_;
    link_rewriter rewriter_;
    wxr_channel channel_;
    import_report report_;
    std::vector<item_summary> items_;
    std::size_t undated_posts_ = 0;
    std::vector<std::string> base_urls_;  ///< every file's wp:base_site_url and wp:base_blog_url

    /// A split export's channels as one: the first file's title and language, every file's
    /// authors, categories and base URLs (each once).
    void merge_channel(wxr_channel&& next, bool first)
    {
        for (const auto& base : {next.base_site_url, next.base_blog_url})
            if (!base.empty() && std::find(base_urls_.begin(), base_urls_.end(), base) == base_urls_.end())
                base_urls_.push_back(base);
        if (first) {
            channel_ = std::move(next);
            return;
        }
        for (auto& a : next.authors)
            if (std::none_of(channel_.authors.begin(), channel_.authors.end(), [&](const wxr_author& o) { return o.login == a.login; }))
                channel_.authors.push_back(std::move(a));
        for (auto& c : next.categories)
            if (std::none_of(channel_.categories.begin(), channel_.categories.end(),
                             [&](const wxr_category& o) { return o.nicename == c.nicename; }))
                channel_.categories.push_back(std::move(c));
    }
    std::vector<std::string> missing_uploads_;  ///< URLs no file of --uploads answers, first seen first
    std::unordered_set<std::string> missing_seen_;

    /// uploads-missing.txt: one URL a line, for `wget -i` (the importer downloads nothing).
    void write_missing_uploads()
    {
        if (missing_uploads_.empty())
            return;
        std::string list;
        for (const auto& url : missing_uploads_) {
            if (url.find_first_of("\r\n") != std::string::npos)
                continue;
            list += url;
            list += '\n';
        }
        if (files_.write(std::string{missing_uploads_file}, list))
            report_.warnings.push_back(
                std::to_string(missing_uploads_.size()) +
                (missing_uploads_.size() == 1 ? " linked upload is not in the uploads folder: its URL is in "
                                              : " linked uploads are not in the uploads folder: their URLs are in ") +
                std::string{missing_uploads_file} +
                " (fetch into the uploads folder, wget -i reads the list, and import again)");
    }

    /// What looks like a misread export rather than a blog: said once, at the top of the warnings.
    void warn_about_the_whole()
    {
        std::vector<std::string> whole;
        if (report_.drafts > 0 && report_.posts == 0 && report_.pages == 0)
            whole.push_back("every post and page became a draft: nothing will be published (is this the right export?)");
        std::size_t posts = 0;
        for (const auto& s : items_)
            posts += s.imported && s.type == "post";
        if (posts > 0 && undated_posts_ == posts)
            whole.push_back("none of the " + std::to_string(posts) + " posts has a date in the export");
        report_.warnings.insert(report_.warnings.begin(), whole.begin(), whole.end());
    }
    std::unordered_map<std::string, std::size_t> by_id_;
    std::unordered_map<std::string, std::string> display_names_;
    std::unordered_map<std::string, wxr_category> categories_;
    std::map<std::string, std::string> folder_titles_;  ///< folder -> title, for _category.toml
    std::unordered_map<std::string, std::vector<std::size_t>> attachments_of_;
    std::string main_author_;

    // ---- pass 1 -----------------------------------------------------------------------

    void summarise(const wxr_item& item)
    {
        item_summary s;
        s.id = item.id;
        s.type = item.post_type.empty() ? "post" : item.post_type;
        s.status = item.status;
        s.post_date = one_line(item.post_date);
        s.protected_by_password = !item.password.empty();
        bool tags_dropped = false;
        s.title = plain_title(item.title, &tags_dropped);
        if (tags_dropped)
            s.title_html = one_line(item.title);
        s.post_name = item.post_name;
        s.link = item.link;
        s.parent = item.parent;
        s.creator = item.creator;
        s.attachment_url = item.attachment_url;
        if (s.type == "attachment")
            s.caption = plain_title(item.excerpt);
        for (const auto& term : item.terms) {
            if (term.domain == "category") {
                s.category = term.nicename.empty() ? slug_from_title(decode_entities(term.name)) : term.nicename;
                s.category_name = decode_entities(term.name);
                break;
            }
        }
        // The files of a split export may repeat an item (its pages, say): the first counts.
        if (const auto [first, added] = s.id.empty() ? std::pair{by_id_.end(), true} : by_id_.emplace(s.id, items_.size());
            !added) {
            s.duplicate = true;
            s.original = first->second;
            ++items_[first->second].copies_left;
            ++report_.duplicates;
            items_.push_back(std::move(s));
            return;
        }
        if (s.type == "attachment" && !s.parent.empty() && s.parent != "0")
            attachments_of_[s.parent].push_back(items_.size());
        items_.push_back(std::move(s));
    }

    /// The folder of category `nicename`: its ancestors' folders, then its own.
    std::string category_folder(const std::string& nicename, const std::string& fallback_name)
    {
        std::vector<std::string> chain;
        std::vector<std::string> titles;
        std::string current = nicename;
        std::unordered_set<std::string> seen;
        while (!current.empty() && chain.size() < 16 && seen.insert(current).second) {
            const auto it = categories_.find(current);
            std::string segment = safe_segment(current);
            std::string title = it != categories_.end() ? decode_entities(it->second.name)
                                                         : (current == nicename ? fallback_name : current);
            if (segment.empty())
                segment = slug_from_title(title);
            if (segment.empty())
                segment = "category";
            chain.push_back(segment);
            titles.push_back(title.empty() ? segment : title);
            current = it != categories_.end() ? it->second.parent : std::string{};
        }
        std::string folder;
        for (std::size_t i = chain.size(); i-- > 0;) {
            folder += (folder.empty() ? "" : "/") + chain[i];
            folder_titles_.emplace(folder, titles[i]);
        }
        return folder;
    }

    std::string slug_of(const item_summary& s) const
    {
        std::string slug = safe_segment(s.post_name);
        if (slug.empty())
            slug = slug_from_title(s.title);
        if (slug.empty())
            slug = (s.type == "page" ? "page-" : "post-") + (s.id.empty() ? std::string{"untitled"} : s.id);
        return slug;
    }

    /// A nested page's file name: its ancestors' slugs and its own, joined by `-`.
    std::string page_name(const item_summary& s) const
    {
        std::string name = slug_of(s);
        std::string parent = s.parent;
        for (int hops = 0; !parent.empty() && parent != "0" && hops < 16; ++hops) {
            const auto it = by_id_.find(parent);
            if (it == by_id_.end() || items_[it->second].type != "page")
                break;
            name = slug_of(items_[it->second]) + "-" + name;
            parent = items_[it->second].parent;
        }
        return name == "index" ? "index-page" : name;
    }

    void plan()
    {
        std::unordered_set<std::string> taken;
        std::map<std::string, std::size_t> authors;
        for (auto& s : items_) {
            if (s.duplicate)
                continue;
            if (!is_post_or_page(s)) {
                const bool known = std::find(non_content_types.begin(), non_content_types.end(), s.type) !=
                                   non_content_types.end();
                ++(known ? report_.ignored : report_.unknown)[s.type];
                if (!known)
                    report_.warnings.push_back("item " + (s.id.empty() ? std::string{"?"} : s.id) + " (" +
                                               (s.title.empty() ? std::string{"untitled"} : s.title) +
                                               "): unknown post type '" + one_line(s.type) + "', not imported");
                continue;
            }
            if (s.status == "trash") {
                ++report_.trashed_posts;
                continue;
            }
            // In WordPress a password-protected or private post is for those it was shared
            // with: it stays a draft (never served) unless the operator says otherwise.
            const bool withheld = s.status == "private" || (s.protected_by_password && !options_.publish_protected);
            s.draft = s.status != "publish" || withheld;
            if (withheld && (s.type == "post" || s.type == "page"))
                report_.withheld.push_back(s.type + " " + s.id + " (" + s.title + "): " +
                                           (s.status == "private" ? "private" : "password-protected") +
                                           ", kept as a draft");
            else if (s.status == "future")  // scheduled: it was not out yet when the blog was exported
                report_.withheld.push_back(s.type + " " + s.id + " (" + s.title + "): scheduled" +
                                           (s.post_date.empty() ? std::string{} : " for " + s.post_date) +
                                           ", kept as a draft");
            std::string base;
            if (s.type == "post") {
                s.folder = s.category.empty() ? std::string{"uncategorized"} : category_folder(s.category, s.category_name);
                if (s.category.empty())
                    folder_titles_.emplace("uncategorized", "Uncategorized");
                base = s.folder + "/" + slug_of(s);
                ++authors[s.creator];
            } else {
                base = page_name(s);
            }
            std::string candidate = base;
            for (int n = 2; !taken.insert(candidate).second; ++n)
                candidate = base + "-" + std::to_string(n);
            s.file = "content/" + candidate + ".md";
            s.imported = true;
            if (!s.title_html.empty())
                report_.retitled.push_back(s.type + " " + (s.id.empty() ? std::string{"?"} : s.id) + ": \"" +
                                           s.title_html + "\" became \"" + s.title + "\"");
            if (!s.draft)
                rewriter_.add(s.id, s.link, "/" + candidate + ".md");
        }
        // The main author: the one who wrote the most posts.
        std::size_t most = 0;
        for (const auto& [login, n] : authors) {
            if (n > most) {
                most = n;
                main_author_ = display_name(login);
            }
        }
    }

    std::string display_name(const std::string& login) const
    {
        const auto it = display_names_.find(login);
        return it != display_names_.end() && !it->second.empty() ? it->second : decode_entities(login);
    }

    // ---- pass 2 -----------------------------------------------------------------------

    /// A post's or page's body (`post`: with shortcodes, the summary and page breaks) or a
    /// comment's as Markdown. `summary`, if given, gets the text before `<!--more-->`.
    std::string convert(const item_summary& s, const std::string& html, bool post, std::string* summary = nullptr,
                        std::string_view part = {}, const wxr_item* item = nullptr)
    {
        std::string text = html;
        if (post) {
            // <!--nextpage--> splits a post into pages that WordPress shows one at a time:
            // here they are one page again, with a rule where the pages met.
            constexpr std::string_view nextpage = "<!--nextpage-->";
            for (auto at = text.find(nextpage); at != std::string::npos; at = text.find(nextpage, at))
                text.replace(at, nextpage.size(), "\n\n<hr />\n\n");
        }
        if (post) {
            auto expanded = expand_shortcodes(text, [this, &s](const std::vector<std::string>& ids) {
                std::vector<gallery_image> images;
                std::vector<std::size_t> picked;
                if (ids.empty()) {
                    if (auto it = attachments_of_.find(s.id); it != attachments_of_.end())
                        picked = it->second;
                } else {
                    for (const auto& id : ids)
                        if (auto it = by_id_.find(id); it != by_id_.end())
                            picked.push_back(it->second);
                }
                for (std::size_t i : picked)
                    if (!items_[i].attachment_url.empty())
                        images.push_back({items_[i].attachment_url, items_[i].title, items_[i].caption});
                return images;
            });
            for (const auto& name : expanded.removed)
                report_.warnings.push_back(label_of(s) + ": unknown shortcode [" + name + "] removed");
            text = std::move(expanded.html);
            // <!--more--> (or <!--more Read on-->) ends the teaser that WordPress lists.
            if (const auto more = text.find("<!--more"); summary && more != std::string::npos)
                *summary = plain_title(text.substr(0, more));
        }
        if (!is_block_editor_content(text))
            text = wpautop(text);
        markdown_options md;
        md.heading_shift = post ? 1 : 0;
        if (item) {
            for (auto& note : json_array_of_objects(item->footnotes))
                md.footnotes.push_back({json_field(note, "id").value_or(""), json_field(note, "content").value_or("")});
            if (item->footnotes.find('{') != std::string::npos && md.footnotes.empty())
                report_.warnings.push_back(label_of(s) + ": its footnotes (wp:postmeta footnotes) are not the JSON "
                                                         "WordPress writes: the markers stay, the texts are lost");
            md.post_title = s.title;
            md.post_date = toml_date(item->post_date_gmt, item->post_date).substr(0, 10);
            md.post_author = display_name(item->creator);
            md.site_title = decode_entities(channel_.title);
        }
        std::vector<std::string> notes;
        md.notes = &notes;
        md.rewrite_url = [this, &s](std::string_view url, url_use) -> std::string {
            if (auto upload = rewriter_.upload_path(url)) {
                if (options_.uploads.empty())
                    return std::string{url};
                if (auto local = copier_.link(*upload))
                    return *local;
                // Absolute, for wget: a scheme-relative `//host/...` gets https.
                std::string absolute = url.starts_with("//") ? "https:" + std::string{url} : std::string{url};
                if (missing_seen_.insert(absolute).second)
                    missing_uploads_.push_back(std::move(absolute));
                const std::string problem = label_of(s) + ": upload " + *upload + " not found in the uploads folder";
                if (std::find(report_.problems.begin(), report_.problems.end(), problem) == report_.problems.end())
                    report_.problems.push_back(problem);
                return std::string{url};
            }
            if (auto target = rewriter_.rewrite(url))
                return *target;
            return std::string{url};
        };
        std::string markdown = html_to_markdown(text, md);
        for (const auto& note : notes)
            report_.warnings.push_back(label_of(s) + (part.empty() ? "" : ", " + std::string{part}) + ": " + note);
        return markdown;
    }

    std::vector<std::string> aliases_of(const item_summary& s) const
    {
        std::string path = url_path(s.link);
        if (path.empty() || path == "/" || path.find_first_of("?# \t") != std::string::npos)
            return {};
        for (char c : path)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                return {};
        std::string folder = percent_decode(path.substr(1));
        while (folder.ends_with('/'))
            folder.pop_back();
        // An old permalink that is now a category folder, one of smolpub's own pages, or
        // the post's own new folder (/%category%/%postname%/ permalinks: smolpub already
        // redirects it) must not become an alias: smolpub would report it as taken.
        if (folder_titles_.contains(folder) || folder == "tags" || folder.starts_with("tags/") || folder == "archive" ||
            folder == "search" || folder == "uploads" || folder.starts_with("uploads/"))
            return {};
        if (s.type == "post" && "content/" + folder + ".md" == s.file)
            return {};
        return {path};
    }

    /// The comments of an item that a split export holds more than once, gathered from every
    /// copy (each comment once) and written when the last copy has been read.
    std::map<std::size_t, std::vector<wxr_comment>> pending_comments_;

    void write_item(std::size_t index, wxr_item& item)
    {
        item_summary& s = items_[index];
        if (s.duplicate) {
            item_summary& first = items_[s.original];
            const auto pending = pending_comments_.find(s.original);
            if (first.copies_left > 0)
                --first.copies_left;
            if (pending == pending_comments_.end())
                return;  // the first copy was not imported, or not written
            std::unordered_set<std::string> known;
            for (const auto& c : pending->second)
                known.insert(c.id);
            for (auto& c : item.comments)
                if (c.id.empty() || known.insert(c.id).second)
                    pending->second.push_back(std::move(c));
            if (first.copies_left == 0) {
                write_comments(first, pending->second);
                pending_comments_.erase(pending);
            }
            return;
        }
        if (!s.imported)
            return;
        article_fields f;
        f.title = s.title.empty() ? slug_of(s) : s.title;
        f.date = toml_date(item.post_date_gmt, item.post_date);
        if (f.date.empty() && s.type == "post") {
            f.date = "1970-01-01T00:00:00Z";
            report_.warnings.push_back(label_of(s) + ": no date in the export; 1970-01-01 used");
            ++undated_posts_;
        }
        f.author = display_name(item.creator);
        std::set<std::string> seen_tags;
        for (const auto& term : item.terms) {
            if (term.domain != "post_tag" && term.domain != "tag")
                continue;
            std::string tag = decode_entities(term.name);
            if (!tag.empty() && seen_tags.insert(tag).second)
                f.tags.push_back(std::move(tag));
        }
        f.aliases = aliases_of(s);
        f.wordpress_id = s.id;
        f.draft = s.draft;
        // The featured image, which the theme showed above the post, is its first image here.
        std::string html = item.content;
        if (const auto it = by_id_.find(item.thumbnail_id); !item.thumbnail_id.empty() && it != by_id_.end() &&
                                                             !items_[it->second].attachment_url.empty()) {
            const item_summary& image = items_[it->second];
            html = "<p><img src=\"" + escape_attribute(image.attachment_url) + "\" alt=\"" +
                   escape_attribute(image.title) + "\" /></p>\n\n" + html;
        }
        const std::string body = convert(s, html, true, &f.description, {}, &item);
        // The excerpt the author wrote is the summary WordPress's feeds use: it wins over the
        // text before <!--more-->.
        if (std::string excerpt = plain_title(item.excerpt); !excerpt.empty())
            f.description = std::move(excerpt);
        const std::size_t failures = files_.failed().size();
        if (files_.write(s.file, article_file(f, body)))
            ++(s.draft ? report_.drafts : s.type == "page" ? report_.pages : report_.posts);
        else if (files_.failed().size() != failures)
            return;  // not written at all; its comments would have no article
        // An article kept from an earlier import (--force) still gets its missing comments.
        // One that a later export file holds again waits for that copy's comments.
        if (s.copies_left > 0)
            pending_comments_[index] = std::move(item.comments);
        else
            write_comments(s, item.comments);
    }

    void write_comments(const item_summary& s, const std::vector<wxr_comment>& comments)
    {
        std::vector<comment_fields> kept;
        std::vector<comment_fields> mentions;
        std::vector<std::pair<std::string, std::string>> parents;
        std::unordered_set<std::string> ids;
        for (const auto& c : comments) {
            parents.emplace_back(c.id, c.parent == "0" ? std::string{} : c.parent);
            switch (judge_comment(c, options_.keep_pingbacks)) {
            case comment_verdict::spam: ++report_.spam; continue;
            case comment_verdict::unapproved: ++report_.unapproved; continue;
            case comment_verdict::trashed: ++report_.trashed_comments; continue;
            case comment_verdict::pingback:
                // Shown as WordPress shows it under the post: the linking page, by its title.
                // Its excerpt of that page is not copied, nor anything else of the sender.
                if (auto m = mention_of(c, kept.size() + mentions.size()); m && ids.insert(m->id).second)
                    mentions.push_back(std::move(*m));
                else
                    ++report_.pingbacks;
                continue;
            case comment_verdict::keep: break;
            }
            comment_fields f;
            f.id = c.id.empty() ? "wp-" + std::to_string(kept.size() + 1) : c.id;
            if (!ids.insert(f.id).second) {
                report_.warnings.push_back(label_of(s) + ": comment " + f.id + " appears twice; the second dropped");
                continue;
            }
            f.reply_to = c.parent == "0" ? std::string{} : c.parent;
            f.author = decode_entities(c.author);
            f.date = toml_date(c.date_gmt, c.date);
            std::string html = c.content;
            // A kept pingback says where it came from: the linking page is its point.
            if ((c.type == "pingback" || c.type == "trackback") && !c.author_url.empty())
                html = "<p><a href=\"" + c.author_url + "\">" + c.author_url + "</a></p>\n\n" + html;
            f.body = convert(s, html, false, nullptr, "comment " + f.id);
            while (f.body.ends_with('\n'))
                f.body.pop_back();
            kept.push_back(std::move(f));
        }
        if (kept.empty() && mentions.empty())
            return;
        // A reply to a comment the export does not hold (cut out by hand, or lost by a plugin):
        // said, and shown at the top level. (A reply to a dropped one, spam say, is not news.)
        std::unordered_set<std::string> in_export;
        for (const auto& [id, parent] : parents)
            in_export.insert(id);
        for (const auto& f : kept)
            if (!f.reply_to.empty() && !in_export.contains(f.reply_to))
                report_.warnings.push_back(label_of(s) + ": comment " + f.id + " answers comment " + one_line(f.reply_to) +
                                           ", which is not in the export; shown at the top level");
        order_thread(kept, parents);
        const std::size_t comment_count = kept.size();
        for (auto& m : mentions)
            kept.push_back(std::move(m));
        const std::string archive = s.file.substr(0, s.file.size() - 3) + ".comments.toml";
        if (s.draft) {
            // Not beside the draft (smolpub reports comments of a draft as a problem), and not
            // under content/ (nothing there may show them): kept aside, for the day the post
            // is published.
            const std::string aside = std::string{draft_comments_folder} + archive.substr(std::string_view{"content"}.size());
            if (files_.write(aside, comments_file(kept))) {
                report_.draft_comments += kept.size();
                report_.warnings.push_back(label_of(s) + ": a draft; its " + std::to_string(kept.size()) +
                                           " approved comments are in " + aside + " (move it to " + archive +
                                           " when the post is published)");
            }
            return;
        }
        if (files_.write(archive, comments_file(kept))) {
            report_.comments += comment_count;
            report_.mentions += kept.size() - comment_count;
        }
    }

    /// An approved pingback or trackback as a mention: the page that linked here (an http or
    /// https URL of one line) and its title. None without such a URL.
    std::optional<comment_fields> mention_of(const wxr_comment& c, std::size_t position) const
    {
        std::string url = c.author_url;
        while (!url.empty() && (url.back() == ' ' || url.back() == '\n' || url.back() == '\r' || url.back() == '\t'))
            url.pop_back();
        url.erase(0, std::min(url.size(), url.find_first_not_of(" \t\r\n")));
        if (!(url.starts_with("http://") || url.starts_with("https://")) || url.size() < 9)
            return std::nullopt;
        for (const char ch : url)
            if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7F)
                return std::nullopt;
        comment_fields m;
        m.id = c.id.empty() ? "wp-" + std::to_string(position + 1) : c.id;
        m.author = plain_title(c.author);
        m.date = toml_date(c.date_gmt, c.date);
        m.mention = url;
        return m;
    }

    void write_categories()
    {
        for (const auto& [folder, title] : folder_titles_)
            files_.write("content/" + folder + "/_category.toml", "title = " + toml_string(title) + "\n");
    }

    void write_config()
    {
        std::string config = "# Written by `smolpub import wordpress` from " +
                             toml_string(options_.export_file.filename().string()) +
                             (options_.more_exports.empty()
                                  ? std::string{}
                                  : " and " + std::to_string(options_.more_exports.size()) + " more") +
                             ".\n[site]\n";
        const std::string title = decode_entities(channel_.title);
        if (!title.empty())
            config += "title = " + toml_string(title) + "\n";
        if (!main_author_.empty())
            config += "author = " + toml_string(main_author_) + "\n";
        if (!channel_.language.empty())
            config += "lang = " + toml_string(channel_.language) + "\n";
        config += "content = \"content\"\n";
        config += "hostnames = " + toml_string_array({options_.hostname}) + "\n";
        files_.write("smolpub.toml", config);
    }
};

bool is_empty_dir(const fs::path& dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return true;
    return fs::is_directory(dir, ec) && fs::directory_iterator(dir, ec) == fs::directory_iterator{};
}

} // namespace

tl::expected<import_report, std::string> import_wordpress(const import_options& options)
{
    std::error_code ec;
    if (!fs::is_regular_file(options.export_file, ec))
        return tl::unexpected(options.export_file.string() + ": no such export file");
    for (const auto& more : options.more_exports)
        if (!fs::is_regular_file(more, ec))
            return tl::unexpected(more.string() + ": no such export file");
    if (!options.uploads.empty() && !fs::is_directory(options.uploads, ec))
        return tl::unexpected(options.uploads.string() + ": not a folder (--uploads wants a copy of wp-content/uploads)");
    if (fs::exists(options.dir, ec) && !fs::is_directory(options.dir, ec))
        return tl::unexpected(options.dir.string() + ": not a folder");
    if (!options.force && !is_empty_dir(options.dir))
        return tl::unexpected(options.dir.string() +
                              ": not empty; nothing written (--force adds the missing files, never overwriting)");
    importer run{options};
    return run.run();
}

} // namespace smolpub::import
