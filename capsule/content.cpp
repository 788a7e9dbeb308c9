// load_content(): walks a capsule folder into the content model.
//
// Each folder is read once, its entries sorted by name so loads are reproducible, then
// handled in a fixed order: _category.toml / _index.md, Markdown, comment archives, static
// files, sub-folders. A broken file becomes a diagnostic and is skipped; only an unreadable
// root fails the load.
#include <algorithm>
#include <unordered_map>

#include "capsule/content.hpp"
#include "capsule/content_comments.hpp"
#include "capsule/content_dates.hpp"
#include "capsule/content_markdown.hpp"
#include "capsule/content_text.hpp"
#include "capsule/content_toml.hpp"
#include "capsule/mime.hpp"

namespace smolpub::capsule {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view comments_suffix = ".comments.toml";

bool ends_with(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_within(const fs::path& inner, const fs::path& outer)
{
    const auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    return o == outer.end();
}

/// One folder's entries, sorted by name and sorted into what we do with them.
struct folder_listing {
    std::optional<fs::path> category_file;  ///< _category.toml
    std::optional<fs::path> section_file;   ///< _index.md (Hugo and Zola section pages)
    std::vector<fs::path> markdown;
    std::vector<fs::path> comment_archives;
    std::vector<fs::path> static_files;
    std::vector<fs::path> folders;
};

/// Where each Markdown file of the folder being walked ended up, by file stem, so that
/// `<stem>.comments.toml` finds its article.
struct placed_document {
    enum class state { published, draft, broken } what = state::broken;
    article* (*locate)(content&, std::size_t) = nullptr;
    std::size_t index = 0;
};

article* locate_article(content& site, std::size_t i) { return &site.articles[i]; }
article* locate_page(content& site, std::size_t i) { return &site.pages[i]; }
article* locate_index(content& site, std::size_t) { return &*site.index; }

class content_loader {
public:
    content_loader(fs::path root, fs::path canonical_root)
        : root_(std::move(root)), canonical_root_(std::move(canonical_root))
    {
        out_.site.root = root_;
    }

    tl::expected<loaded_content, diagnostic> run()
    {
        auto listing = list_folder(root_);
        if (!listing)
            return tl::unexpected(listing.error());
        out_.site.categories.push_back(category{});
        walk(*listing, 0);
        finish();
        return std::move(out_);
    }

private:
    void problem(diagnostic d) { out_.problems.push_back(std::move(d)); }
    void problem(const fs::path& file, std::string message)
    {
        out_.problems.push_back(diagnostic{file, 0, 0, std::move(message)});
    }

    tl::expected<folder_listing, diagnostic> list_folder(const fs::path& dir)
    {
        std::error_code ec;
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            entries.push_back(*it);
        if (ec)
            return tl::unexpected(diagnostic{dir, 0, 0, "cannot read folder: " + ec.message()});
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path() < b.path(); });

        folder_listing listing;
        for (const fs::directory_entry& entry : entries)
            sort_entry(entry, listing);
        return listing;
    }

    void sort_entry(const fs::directory_entry& entry, folder_listing& listing)
    {
        const fs::path& path = entry.path();
        const std::string name = path.filename().string();
        if (name.empty() || name.front() == '.')
            return;  // dotfiles: .git, .DS_Store, editor swap files, .well-known drafts
        if (find_invalid_utf8(name)) {
            problem(path, "file name is not valid UTF-8; skipped");
            return;
        }

        std::error_code ec;
        if (entry.is_symlink(ec)) {
            // Symlinks may point anywhere; publishing must never reach outside the capsule.
            const fs::path target = fs::canonical(path, ec);
            if (ec) {
                problem(path, "broken symlink; skipped");
                return;
            }
            if (!is_within(target, canonical_root_)) {
                problem(path, "symlink leads outside the content directory; not followed");
                return;
            }
            if (fs::is_directory(target, ec)) {
                // Even inside the root, following it would publish the same files twice
                // (or loop forever on a link to an ancestor).
                problem(path, "symlinked folder not followed");
                return;
            }
            if (!fs::is_regular_file(target, ec)) {
                problem(path, "not a regular file; skipped");
                return;
            }
        } else if (entry.is_directory(ec)) {
            listing.folders.push_back(path);
            return;
        } else if (!entry.is_regular_file(ec)) {
            problem(path, "not a regular file; skipped");
            return;
        }

        if (name == "_category.toml")
            listing.category_file = path;
        else if (name == "_index.md")
            listing.section_file = path;
        else if (ends_with(name, comments_suffix))
            listing.comment_archives.push_back(path);
        else if (ends_with(name, ".md"))
            listing.markdown.push_back(path);
        else
            listing.static_files.push_back(path);
    }

    /// Loads one folder into category `cat`. True when the category is worth keeping: it has
    /// articles, sub-categories, or was described by a _category.toml / _index.md.
    bool walk(const folder_listing& listing, std::size_t cat)
    {
        const bool described = describe_category(listing, cat);
        std::unordered_map<std::string, placed_document> placed;
        for (const fs::path& file : listing.markdown)
            load_markdown(file, cat, placed);
        if (cat == 0 && !out_.site.index && listing.section_file)
            load_root_section(*listing.section_file);
        for (const fs::path& file : listing.comment_archives)
            attach_comments(file, placed);
        for (const fs::path& file : listing.static_files)
            add_static_file(file, cat);
        for (const fs::path& folder : listing.folders)
            load_subcategory(folder, cat);

        const category& loaded = out_.site.categories[cat];
        return described || !loaded.articles.empty() || !loaded.subcategories.empty();
    }

    void load_subcategory(const fs::path& folder, std::size_t parent)
    {
        auto listing = list_folder(folder);
        if (!listing) {
            problem(listing.error());
            return;
        }
        const std::string name = folder.filename().string();
        const std::string& parent_path = out_.site.categories[parent].path;
        category child;
        child.path = parent_path.empty() ? name : parent_path + "/" + name;
        child.title = name;
        const std::size_t index = out_.site.categories.size();
        out_.site.categories.push_back(std::move(child));
        if (walk(*listing, index)) {
            out_.site.categories[parent].subcategories.push_back(index);
        } else {
            // A folder of images only is not a category. Every category created inside it
            // was dropped the same way, so it is still the last one.
            out_.site.categories.pop_back();
        }
    }

    /// Title, description and order from _category.toml, else from _index.md front matter.
    bool describe_category(const folder_listing& listing, std::size_t cat)
    {
        if (listing.category_file && read_category_file(*listing.category_file, cat))
            return true;
        if (!listing.section_file || cat == 0)
            return false;
        const fs::path& file = *listing.section_file;
        auto text = read_whole_file(file);
        if (!text) {
            problem(text.error());
            return false;
        }
        auto section = parse_markdown(*text, file, {.needs_front_matter = false,
                                                    .needs_title = false});
        if (!section) {
            problem(section.error());
            return false;
        }
        category& described = out_.site.categories[cat];
        if (!section->meta.title.empty())
            described.title = section->meta.title;
        described.description = section->meta.description;
        return true;
    }

    bool read_category_file(const fs::path& file, std::size_t cat)
    {
        auto text = read_utf8_file(file);
        if (!text) {
            problem(text.error());
            return false;
        }
        const auto table = parse_toml(strip_bom(*text), file, 0);
        if (!table) {
            problem(table.error());
            return false;
        }
        field_reader fields(*table, file, 0);
        const std::string title = fields.text("title");
        const std::string description = fields.text("description");
        const auto order = fields.integer("order");
        if (order && (*order < -1'000'000 || *order > 1'000'000))
            fields.reject(*fields.node("order"), "'order' must be between -1000000 and 1000000");
        if (fields.problem()) {
            problem(*fields.problem());
            return false;
        }
        category& described = out_.site.categories[cat];
        if (!title.empty())
            described.title = title;
        described.description = description;
        described.order = static_cast<int>(order.value_or(0));
        return true;
    }

    void load_markdown(const fs::path& file, std::size_t cat,
                       std::unordered_map<std::string, placed_document>& placed)
    {
        const std::string stem = file.stem().string();
        placed_document& place = placed[stem];
        const bool is_index = cat == 0 && stem == "index";
        const bool is_page = cat == 0 && !is_index;

        auto text = read_whole_file(file);
        if (!text) {
            problem(text.error());
            return;
        }
        // Articles must carry front matter; pages and the home intro may be plain Markdown.
        const markdown_rules rules{.needs_front_matter = cat != 0, .needs_title = !is_index};
        auto parsed = parse_markdown(*text, file, rules);
        if (!parsed) {
            problem(parsed.error());
            return;
        }
        if (parsed->meta.draft) {
            place.what = placed_document::state::draft;
            return;
        }
        if (cat != 0 && !parsed->meta.date) {
            problem(diagnostic{file, 1, 1, "articles need a 'date' in their front matter"});
            return;
        }

        article doc;
        doc.source = file;
        doc.slug = parsed->meta.slug.empty() ? stem : parsed->meta.slug;
        doc.category = cat;
        doc.body_markdown = std::move(parsed->body);
        doc.body_line = parsed->body_line;
        doc.meta = std::move(parsed->meta);
        if (is_page && doc.meta.title.empty())
            doc.meta.title = stem;  // a plain Markdown page, no front matter
        resolve_relative_aliases(doc.meta.aliases, out_.site.categories[cat].path);

        if (is_index) {
            out_.site.index = std::move(doc);
            place = {placed_document::state::published, locate_index, 0};
            return;
        }
        if (!claim_slug(doc, cat))
            return;
        if (is_page) {
            out_.site.pages.push_back(std::move(doc));
            place = {placed_document::state::published, locate_page, out_.site.pages.size() - 1};
            return;
        }
        out_.site.articles.push_back(std::move(doc));
        const std::size_t index = out_.site.articles.size() - 1;
        out_.site.categories[cat].articles.push_back(index);
        place = {placed_document::state::published, locate_article, index};
    }

    /// Hugo writes aliases relative to the section; make them absolute under the category.
    static void resolve_relative_aliases(std::vector<std::string>& aliases,
                                         const std::string& category_path)
    {
        for (std::string& alias : aliases)
            if (alias.front() != '/')
                alias = (category_path.empty() ? "/" : "/" + category_path + "/") + alias;
    }

    /// Records `doc`'s slug in its category; false (with a diagnostic) when it is taken.
    bool claim_slug(const article& doc, std::size_t cat)
    {
        auto& taken = slugs_[cat];
        const auto [where, fresh] = taken.try_emplace(doc.slug, doc.source);
        if (fresh)
            return true;
        problem(doc.source, "duplicate slug '" + doc.slug + "': already used by " +
                                where->second.string() + "; this file was skipped");
        return false;
    }

    void load_root_section(const fs::path& file)
    {
        // Zola and Hugo keep the home page in content/_index.md: use it when there is no
        // index.md.
        auto text = read_whole_file(file);
        if (!text) {
            problem(text.error());
            return;
        }
        auto parsed = parse_markdown(*text, file, {.needs_front_matter = false,
                                                   .needs_title = false});
        if (!parsed) {
            problem(parsed.error());
            return;
        }
        article doc;
        doc.source = file;
        doc.slug = "index";
        doc.body_markdown = std::move(parsed->body);
        doc.body_line = parsed->body_line;
        doc.meta = std::move(parsed->meta);
        out_.site.index = std::move(doc);
    }

    void attach_comments(const fs::path& file,
                         std::unordered_map<std::string, placed_document>& placed)
    {
        const std::string name = file.filename().string();
        const std::string stem = name.substr(0, name.size() - comments_suffix.size());
        const auto found = placed.find(stem);
        if (found == placed.end()) {
            problem(file, "comments for missing article '" + stem + ".md'; not published");
            return;
        }
        if (found->second.what == placed_document::state::draft) {
            problem(file, "comments for draft article '" + stem + ".md'; not published");
            return;
        }
        if (found->second.what == placed_document::state::broken)
            return;  // the article's own diagnostic already explains why nothing shows

        auto text = read_whole_file(file);
        if (!text) {
            problem(text.error());
            return;
        }
        auto archive = read_comment_archive(*text, file);
        if (!archive) {
            problem(archive.error());
            return;
        }
        for (diagnostic& warning : archive->warnings)
            problem(std::move(warning));
        article* target = found->second.locate(out_.site, found->second.index);
        // "off" means the author withdrew them: keep them out of the model entirely.
        if (target->meta.comments == comment_policy::off)
            return;
        target->comments = std::move(archive->comments);
    }

    void add_static_file(const fs::path& file, std::size_t cat)
    {
        const std::string& folder = out_.site.categories[cat].path;
        static_file served;
        served.source = file;
        served.path = (folder.empty() ? "/" : "/" + folder + "/") + file.filename().string();
        served.mime = std::string(mime_for(file));
        out_.site.files.push_back(std::move(served));
    }

    void finish()
    {
        content& site = out_.site;
        for (category& cat : site.categories) {
            // Newest first; same instant: by title, then slug, so the order never depends
            // on the file system.
            std::sort(cat.articles.begin(), cat.articles.end(),
                      [&](std::size_t a, std::size_t b) {
                          const article& x = site.articles[a];
                          const article& y = site.articles[b];
                          const auto tx = seconds_since_epoch(*x.meta.date);
                          const auto ty = seconds_since_epoch(*y.meta.date);
                          if (tx != ty)
                              return tx > ty;
                          if (x.meta.title != y.meta.title)
                              return x.meta.title < y.meta.title;
                          return x.slug < y.slug;
                      });
            std::sort(cat.subcategories.begin(), cat.subcategories.end(),
                      [&](std::size_t a, std::size_t b) {
                          const category& x = site.categories[a];
                          const category& y = site.categories[b];
                          if (x.order != y.order)
                              return x.order < y.order;
                          if (x.title != y.title)
                              return x.title < y.title;
                          return x.path < y.path;
                      });
        }
        site.comment_count = 0;
        for (const article& a : site.articles)
            site.comment_count += a.comments.size();
        for (const article& p : site.pages)
            site.comment_count += p.comments.size();
        if (site.index)
            site.comment_count += site.index->comments.size();
    }

    fs::path root_;
    fs::path canonical_root_;
    loaded_content out_;
    std::unordered_map<std::size_t, std::unordered_map<std::string, fs::path>> slugs_;
};

} // namespace

tl::expected<loaded_content, diagnostic> load_content(const std::filesystem::path& root)
{
    std::error_code ec;
    fs::path canonical_root = fs::canonical(root, ec);
    if (ec)
        return tl::unexpected(
            diagnostic{root, 0, 0, "cannot read the content directory: " + ec.message()});
    if (!fs::is_directory(canonical_root, ec))
        return tl::unexpected(
            diagnostic{root, 0, 0, "the content directory is not a directory"});
    return content_loader(root, std::move(canonical_root)).run();
}

} // namespace smolpub::capsule
