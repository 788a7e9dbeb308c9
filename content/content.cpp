// SPDX-License-Identifier: ISC
// load_content(): a capsule folder into the content model, in three steps.
//
//  1. scan     list every folder, sort entries by name and by role     (content_scan)
//  2. parse    read and parse all Markdown and comment files, threaded  (content_parse)
//  3. assemble walk the folders again, in scan order, building categories, articles,
//              pages and files from the parse results                   (this file)
//
// Step 3 is sequential and follows the sorted scan, so the model and the order of its
// diagnostics do not depend on thread timing. A broken file becomes a diagnostic and is
// skipped; only an unreadable root fails the load.
#include <algorithm>
#include <unordered_map>

#include "content/content.hpp"
#include "content/dates.hpp"
#include "content/parse_files.hpp"
#include "content/reuse.hpp"
#include "content/scan.hpp"
#include "content/file_text.hpp"
#include "content/toml_reads.hpp"
#include "content/mime.hpp"

namespace smolpub::content {

namespace {

namespace fs = std::filesystem;

using markdown_result = tl::expected<parsed_markdown, diagnostic>;
using comments_result = tl::expected<comment_archive, diagnostic>;

/// Section files (_index.md) may be plain Markdown and need no title.
constexpr markdown_rules section_rules{.needs_front_matter = false, .needs_title = false};

/// What a Markdown file of the top folder must contain. Pages and the home intro may be
/// plain Markdown; articles (in category folders) need front matter with a title.
markdown_rules rules_for(const fs::path& file, bool top_folder)
{
    if (!top_folder)
        return {};
    const bool is_index = file.stem() == "index";
    return {.needs_front_matter = false, .needs_title = !is_index};
}

/// Gives every file to parse a job, in scan order, and records the job index and the
/// file's identity in the scan. A file unchanged since the previous load gets its
/// previous record instead of a read.
std::vector<parse_job> plan_jobs(std::vector<scanned_folder>& folders, const previous_content& prior)
{
    std::vector<parse_job> jobs;
    std::size_t files = 0;
    for (const scanned_folder& folder : folders)
        files += (folder.section_file ? 1 : 0) + folder.markdown.size() + folder.comment_archives.size();
    jobs.reserve(files);
    const auto add_markdown = [&](scanned_file& md, markdown_rules rules) {
        md.job = jobs.size();
        md.identity = identify(md.path);
        jobs.push_back({&md.path, parse_job::kind::markdown, rules, prior.unchanged_document(md.path, md.identity)});
    };
    for (std::size_t f = 0; f < folders.size(); ++f) {
        scanned_folder& folder = folders[f];
        const bool top = f == 0;
        if (folder.section_file)
            add_markdown(*folder.section_file, section_rules);
        for (scanned_file& md : folder.markdown)
            add_markdown(md, rules_for(md.path, top));
        for (scanned_file& archive : folder.comment_archives) {
            archive.job = jobs.size();
            archive.identity = identify(archive.path);
            jobs.push_back({&archive.path, parse_job::kind::comments, {},
                            prior.unchanged_comments(archive.path, archive.identity)});
        }
    }
    return jobs;
}

/// Where each Markdown file of the folder being assembled ended up, by file stem, so
/// `<stem>.comments.toml` finds its article.
struct placed_document {
    enum class state { published, draft, broken } what = state::broken;
    enum class list { articles, pages, index } in = list::articles;
    std::size_t index = 0;
};

class content_assembler {
public:
    content_assembler(std::vector<scanned_folder> folders, std::vector<parse_job> jobs,
                      std::vector<std::unique_ptr<parsed_file>> parsed, const previous_content& prior,
                      loaded_content& out)
        : folders_(std::move(folders)), jobs_(std::move(jobs)), parsed_(std::move(parsed)), prior_(prior), out_(out)
    {
    }

    void run()
    {
        out_.site.categories.push_back(category{});
        // Sized once: grown by doubling, the vector of 10,000 articles kept about 40 % of
        // spare capacity for the life of the snapshot (7 MB on bench/archive_gen.py's archive).
        std::size_t documents = 0;
        for (const scanned_folder& folder : folders_)
            documents += folder.markdown.size();
        out_.site.articles.reserve(documents);
        out_.site.categories.reserve(folders_.size() + 1);
        assemble(0, 0);
        // Pages and drafts were counted too: give back a spare tail worth the copy.
        if (out_.site.articles.capacity() - out_.site.articles.size() > out_.site.articles.size() / 8)
            out_.site.articles.shrink_to_fit();
        finish();
    }

private:
    void problem(diagnostic d)
    {
        std::vector<diagnostic> also = std::move(d.also);
        d.also.clear();
        out_.problems.push_back(std::move(d));
        for (diagnostic& more : also)
            out_.problems.push_back(std::move(more));
    }
    /// A broken file whose last good version stays in the site.
    void kept(diagnostic d)
    {
        out_.site.kept_last_good.push_back(d.file);
        problem(still_served(std::move(d)));
    }
    /// After a Markdown file failed to parse: its last good version becomes `parsed` and the
    /// problem is reported as kept, or, without one, as a skip (`parsed` stays an error).
    /// Returns the last good record used, or nullptr.
    const article* fall_back(markdown_result& parsed, const fs::path& file)
    {
        if (parsed)
            return nullptr;
        const article* last_good = prior_.document(file.string());
        if (!last_good) {
            problem(std::move(parsed.error()));
            return nullptr;
        }
        kept(std::move(parsed.error()));
        parsed = as_parsed(*last_good);
        return last_good;
    }

    void problem(const fs::path& file, std::string message)
    {
        out_.problems.push_back(diagnostic{file, 0, 0, std::move(message)});
    }

    /// The parse result of `file`; an unchanged file's is made from its previous record
    /// only now, one at a time (done_with drops it again).
    parsed_file& result_of(const scanned_file& file)
    {
        auto& slot = parsed_[file.job];
        if (!slot)
            slot = std::make_unique<parsed_file>(reused(jobs_[file.job]));
        return *slot;
    }
    markdown_result& markdown_of(const scanned_file& file) { return std::get<markdown_result>(result_of(file)); }
    comments_result& comments_of(const scanned_file& file) { return std::get<comments_result>(result_of(file)); }
    void done_with(const scanned_file& file) { parsed_[file.job].reset(); }

    /// Builds category `cat` from folder `f`. True when the category is worth keeping: it
    /// has articles, sub-categories, or a _category.toml / _index.md describing it.
    bool assemble(std::size_t f, std::size_t cat)
    {
        const scanned_folder& folder = folders_[f];
        if (folder.unreadable)
            return keep_unreadable(folder, cat);
        const bool described = describe_category(folder, cat);
        std::unordered_map<std::string, placed_document> placed;
        for (const scanned_file& md : folder.markdown) {
            place_markdown(md, cat, placed[fs::path{md.path}.stem().string()]);
            done_with(md);
        }
        if (cat == 0 && !out_.site.index && folder.section_file)
            use_section_as_index(*folder.section_file);
        for (const scanned_file& archive : folder.comment_archives) {
            attach_comments(archive, placed);
            done_with(archive);
        }
        for (const fs::path& file : folder.static_files)
            add_static_file(file, cat);
        for (std::size_t child : folder.children)
            assemble_subcategory(child, cat);

        const category& built = out_.site.categories[cat];
        return described || !built.articles.empty() || !built.subcategories.empty();
    }

    /// A folder that cannot be listed is broken, not deleted: on a reload its category
    /// description and the articles directly in it stay at their last good versions.
    /// (What sat in folders below it is not known any more, and drops out.)
    bool keep_unreadable(const scanned_folder& folder, std::size_t cat)
    {
        const category* before = prior_.described(out_.site.categories[cat].path);
        const std::vector<const article*> docs = prior_.documents_in(folder.dir);
        if (!before && docs.empty()) {
            problem(*folder.unreadable);
            return false;
        }
        problem(still_served(*folder.unreadable));
        if (before)
            describe_as(cat, *before);
        for (const article* doc : docs) {
            if (!claim_slug(*doc, cat))
                continue;
            article copy = *doc;
            copy.category = cat;
            copy.kept_last_good = true;
            out_.site.kept_last_good.push_back(copy.source);
            out_.site.articles.push_back(std::move(copy));
            out_.site.categories[cat].articles.push_back(out_.site.articles.size() - 1);
        }
        return true;
    }

    void assemble_subcategory(std::size_t f, std::size_t parent)
    {
        const std::string name = folders_[f].dir.filename().string();
        const std::string& parent_path = out_.site.categories[parent].path;
        category child;
        child.path = parent_path.empty() ? name : parent_path + "/" + name;
        child.title = name;
        const std::size_t index = out_.site.categories.size();
        out_.site.categories.push_back(std::move(child));
        if (assemble(f, index)) {
            out_.site.categories[parent].subcategories.push_back(index);
        } else {
            // A folder of images only is not a category. Every category created inside it
            // was dropped the same way, so this one is still the last.
            out_.site.categories.pop_back();
        }
    }

    /// Title, description and order from _category.toml, else from _index.md front matter.
    bool describe_category(const scanned_folder& folder, std::size_t cat)
    {
        if (folder.category_file && read_category_file(*folder.category_file, cat))
            return true;
        if (!folder.section_file || cat == 0)
            return false;
        const markdown_result& section = markdown_of(*folder.section_file);
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

    /// Reads _category.toml; on a reload, an unchanged one is not read again and a broken
    /// one keeps its last good description.
    bool read_category_file(const fs::path& file, std::size_t cat)
    {
        const category* before = prior_.described(out_.site.categories[cat].path);
        const auto now = identify(file);
        if (before && same_version(before->identity, now))
            return describe_as(cat, *before);
        const auto broken = [&](diagnostic why) {
            if (!before) {
                problem(std::move(why));
                return false;
            }
            kept(std::move(why));
            return describe_as(cat, *before);
        };
        const auto text = read_utf8_file(file);
        if (!text)
            return broken(text.error());
        const auto table = parse_toml(strip_bom(*text), file, 0);
        if (!table)
            return broken(table.error());
        field_reader fields(*table, file, 0);
        const std::string title = fields.text("title");
        const std::string description = fields.text("description");
        const auto order = fields.integer("order");
        if (order && (*order < -1'000'000 || *order > 1'000'000))
            fields.reject(*fields.node("order"), "'order' must be between -1000000 and 1000000");
        if (fields.problem())
            return broken(*fields.problem());
        category& described = out_.site.categories[cat];
        if (!title.empty())
            described.title = title;
        described.description = description;
        described.order = static_cast<int>(order.value_or(0));
        described.identity = now;
        return true;
    }

    bool describe_as(std::size_t cat, const category& before)
    {
        category& described = out_.site.categories[cat];
        described.title = before.title;
        described.description = before.description;
        described.order = before.order;
        described.identity = before.identity;
        return true;
    }

    void place_markdown(const scanned_file& md, std::size_t cat, placed_document& place)
    {
        const fs::path file{md.path};
        const std::string stem = file.stem().string();
        const bool is_index = cat == 0 && stem == "index";
        const bool is_page = cat == 0 && !is_index;

        markdown_result& parsed = markdown_of(md);
        if (parsed && !parsed->meta.draft && cat != 0 && !parsed->meta.date)
            parsed = tl::unexpected(diagnostic{file, 1, 1, "articles need a 'date' in their front matter"});
        const article* last_good = fall_back(parsed, file);
        if (!parsed)
            return;
        if (parsed->meta.draft) {
            place.what = placed_document::state::draft;
            out_.site.drafts.push_back(file);
            return;
        }

        article doc;
        doc.source = file.string();
        doc.identity = last_good ? last_good->identity : md.identity;
        doc.kept_last_good = last_good != nullptr;
        doc.slug = parsed->meta.slug.empty() ? stem : parsed->meta.slug;
        doc.category = cat;
        doc.body_text = body_of(*parsed);
        doc.body_line = parsed->body_line;
        doc.meta = std::move(parsed->meta);
        if (is_page && doc.meta.title.empty())
            doc.meta.title = stem;  // a plain Markdown page, no front matter
        resolve_relative_aliases(doc.meta.aliases, out_.site.categories[cat].path);

        if (is_index) {
            out_.site.index = std::move(doc);
            place = {placed_document::state::published, placed_document::list::index, 0};
            return;
        }
        if (!claim_slug(doc, cat))
            return;
        if (is_page) {
            out_.site.pages.push_back(std::move(doc));
            place = {placed_document::state::published, placed_document::list::pages,
                     out_.site.pages.size() - 1};
            return;
        }
        out_.site.articles.push_back(std::move(doc));
        const std::size_t index = out_.site.articles.size() - 1;
        out_.site.categories[cat].articles.push_back(index);
        place = {placed_document::state::published, placed_document::list::articles, index};
    }

    /// The body as the model holds it: packed (by the parse step, or here).
    std::shared_ptr<const packed_text> body_of(parsed_markdown& parsed) const
    {
        return parsed.packed ? std::move(parsed.packed) : packed_text::pack(parsed.body, out_.site.samples.markdown);
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
        // Keyed by category index: a dropped (empty) category never claimed a slug, so
        // reusing its index for the next folder is harmless.
        auto& taken = slugs_[cat];
        const auto [where, fresh] = taken.try_emplace(doc.slug, doc.source);
        if (fresh)
            return true;
        problem(doc.source, "duplicate slug '" + doc.slug + "': already used by " +
                                where->second.string() + "; this file was skipped");
        return false;
    }

    /// Zola and Hugo keep the home page in content/_index.md: the intro when there is no
    /// index.md.
    void use_section_as_index(const scanned_file& section)
    {
        markdown_result& parsed = markdown_of(section);
        const article* last_good = fall_back(parsed, fs::path{section.path});
        if (!parsed)
            return;
        article doc;
        doc.source = section.path;
        doc.identity = last_good ? last_good->identity : section.identity;
        doc.kept_last_good = last_good != nullptr;
        doc.slug = "index";
        doc.body_text = body_of(*parsed);
        doc.body_line = parsed->body_line;
        doc.meta = std::move(parsed->meta);
        out_.site.index = std::move(doc);
    }

    article& placed_article(const placed_document& place)
    {
        switch (place.in) {
        case placed_document::list::pages: return out_.site.pages[place.index];
        case placed_document::list::index: return *out_.site.index;
        case placed_document::list::articles: break;
        }
        return out_.site.articles[place.index];
    }

    void attach_comments(const scanned_file& archive,
                         const std::unordered_map<std::string, placed_document>& placed)
    {
        const fs::path file{archive.path};
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

        comments_result& parsed = comments_of(archive);
        const article* last_good = parsed ? nullptr : prior_.commented(archive.path);
        if (!parsed && !last_good) {
            problem(std::move(parsed.error()));
            return;
        }
        article& target = placed_article(found->second);
        if (last_good) {
            kept(std::move(parsed.error()));
            parsed = as_archive(*last_good);
            target.kept_last_good = true;
        }
        for (const diagnostic& warning : parsed->warnings)
            problem(warning);
        // "off" means the author withdrew them: keep them out of the model entirely.
        if (target.meta.comments == comment_policy::off)
            return;
        if (parsed->packed) {
            target.comments_text = std::move(parsed->packed);
            target.comment_count = parsed->count;
        } else {
            target.set_comments(parsed->comments);
        }
        target.comment_warnings = std::move(parsed->warnings);
        target.comments_identity = last_good ? last_good->comments_identity : archive.identity;
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
        tree& site = out_.site;
        // Sort by instant, computed once per article rather than once per comparison.
        std::vector<std::int64_t> instants(site.articles.size());
        for (std::size_t i = 0; i < site.articles.size(); ++i)
            instants[i] = seconds_since_epoch(*site.articles[i].meta.date);
        for (category& cat : site.categories) {
            // Newest first; same instant: by title, then slug, so the order never depends
            // on the file system.
            std::sort(cat.articles.begin(), cat.articles.end(), [&](std::size_t a, std::size_t b) {
                if (instants[a] != instants[b])
                    return instants[a] > instants[b];
                const article& x = site.articles[a];
                const article& y = site.articles[b];
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
            site.comment_count += a.comment_count;
        for (const article& p : site.pages)
            site.comment_count += p.comment_count;
        if (site.index)
            site.comment_count += site.index->comment_count;
    }

    std::vector<scanned_folder> folders_;
    std::vector<parse_job> jobs_;
    std::vector<std::unique_ptr<parsed_file>> parsed_;
    const previous_content& prior_;
    loaded_content& out_;
    std::unordered_map<std::size_t, std::unordered_map<std::string, fs::path>> slugs_;
};

} // namespace

tl::expected<loaded_content, diagnostic> load_content(const std::filesystem::path& root,
                                                      const tree* previous)
{
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec)
        return tl::unexpected(
            diagnostic{root, 0, 0, "cannot read the content directory: " + ec.message()});
    if (!fs::is_directory(canonical_root, ec))
        return tl::unexpected(diagnostic{root, 0, 0, "the content directory is not a directory"});

    loaded_content out;
    out.site.root = root;
    auto folders = scan_capsule(root, canonical_root, out.problems);
    if (!folders)
        return tl::unexpected(folders.error());
    const previous_content prior(previous);
    std::vector<parse_job> jobs = plan_jobs(*folders, prior);
    out.site.samples = previous && previous->samples.markdown ? previous->samples : sample_files(jobs);
    std::vector<std::unique_ptr<parsed_file>> parsed = parse_files(jobs, out.site.samples);
    content_assembler(std::move(*folders), std::move(jobs), std::move(parsed), prior, out).run();
    return out;
}

} // namespace smolpub::content
