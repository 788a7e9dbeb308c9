// SPDX-License-Identifier: ISC
// The builder: a built site's tables of paths (Gemini paths, Gopher selectors, redirects,
// the Gopher directory) and its search index, made once from the content model. After
// build() returns nothing here is written again.
#include "site/built_site.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "content/parallel.hpp"
#include "site/build.hpp"
#include "site/links.hpp"
#include "site/paths.hpp"
#include "render/gemtext.hpp"
#include "text/utf8.hpp"

namespace smolpub::site {
using content::article;
using content::tree;
using content::diagnostic;
using content::file_identity;
using content::file_source;
using content::file_stream;
using content::parallel_for;
using content::read_whole;
using content::site_settings;
using content::static_file;

built_site::built_site(const site_settings& settings, tree loaded, std::vector<diagnostic> problems,
                       std::shared_ptr<page_cache> cache)
    : settings_(settings), loaded_(std::move(loaded)), problems_(std::move(problems)),
      directory_(settings_, redirects_), cache_(std::move(cache))
{
    // The model promises categories[0] is the root; a hand-made model may lack it.
    if (loaded_.categories.empty()) {
        loaded_.categories.emplace_back();
        for (auto& a : loaded_.articles)
            a.category = 0;
    }
    if (!cache_)
        throw std::invalid_argument("build_site: no page cache");
}

std::shared_ptr<const search_entry> built_site::reusable_entry(std::string_view url, std::uint64_t fingerprint) const
{
    const page_ref* ref = gemini_.find(url);
    if (!ref || ref->kind != page_kind::article || print_of(*ref) != fingerprint)
        return nullptr;
    return article_entries_[ref->index];
}

void built_site::add_gemini(kept_text path, page_ref ref)
{
    if (taken(text_of(path))) {
        problems_.push_back({{}, 0, 0, "skipped a second page for " + std::string{text_of(path)}});
        return;
    }
    gemini_.emplace(path, ref);
}

void built_site::add_static_files()
{
    for (std::size_t k = 0; k < loaded_.files.size(); ++k) {
        const static_file& f = loaded_.files[k];
        std::string path = f.path.starts_with("/") ? f.path : "/" + f.path;
        if (taken(path)) {
            problems_.push_back({f.source, 0, 0, "not served: " + path + " is a generated page"});
            continue;
        }
        // Only the identity is kept: the bytes are read per request, in chunks (file_stream),
        // so a folder of photos costs no memory however large it is. Opened once now all
        // the same, so that a file the server cannot read is reported at load rather than
        // found missing by a reader.
        const auto opened = file_stream::open({f.source, {}, false});
        if (!opened) {
            problems_.push_back({f.source, 0, 0, "could not be read"});
            continue;
        }
        const file_identity identity = opened->identity();
        const char type = item_type_for_file(path, f.mime);
        const auto index = static_cast<std::uint32_t>(files_.size());
        files_.push_back({f.mime, {}, file_source{f.source, identity, false}});
        // Text files are type 0, which strict RFC 1436 terminates with a lone ".".
        files_.push_back({f.mime, {}, file_source{f.source, identity, settings_.strict_rfc1436 && type == '0'}});
        bool gemtext = false;
        if (f.mime.starts_with("text/gemini")) {
            // Read once now, only to know that the Gopher menu can be made from it.
            const auto text = read_whole(files_[index].file.value());
            gemtext = text && text::is_valid_utf8(*text);
        }
        const kept_text kept = keep(path);
        if (gemtext) {
            directory_.add(kept, '1', kept);
            add_gopher(kept, {page_kind::gemtext_file, index});
            gemini_.emplace(kept, page_ref{page_kind::gemtext_file, index});
        } else {
            directory_.add(kept, type, kept);
            gopher_.emplace(kept, page_ref{page_kind::file, index});
            gemini_.emplace(kept, page_ref{page_kind::file, index});
        }
    }
}

void built_site::add_aliases()
{
    // An alias redirects to the page it names, unless it is a page itself.
    const auto add = [this](const article& a, const std::string& url) {
        for (const auto& alias : a.meta.aliases) {
            std::string path = paths::decode(alias);
            if (!path.starts_with("/"))
                path.insert(0, "/");
            if (taken(path)) {
                problems_.push_back({a.source, 0, 0, "alias " + path + " is already a page"});
                continue;
            }
            redirects_.emplace(std::string_view{path}, keep(paths::encode(url)));
        }
    };
    for (std::size_t i : cat_.newest_first)
        add(loaded_.articles[i], cat_.article_urls[i]);
    // Pages keep their old addresses too (an imported blog's /about/ -> /about.gmi).
    for (std::size_t i = 0; i < loaded_.pages.size(); ++i)
        if (!cat_.page_urls[i].empty())
            add(loaded_.pages[i], cat_.page_urls[i]);
}

void built_site::add_missing_folders()
{
    // Every folder above a served path must answer, so "go to parent" never meets a 51.
    // A folder with no page of its own sends the reader to its nearest ancestor that has one.
    // Which ancestor that is depends on the folder alone, not on the path it was found
    // above, so the order paths are visited in does not matter. The paths are read where
    // they are kept (views into the store stay valid as it grows), not copied first.
    const auto add_folders_above = [this](std::string_view path) {
        std::string_view nearest = "/";
        for (auto slash = path.find('/', 1); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
            const std::string_view folder = path.substr(0, slash + 1);
            if (gemini_.contains(folder)) {
                nearest = folder;
                continue;
            }
            if (redirects_.contains(folder))
                continue;  // a redirect of its own, or a folder added above another path
            redirects_.emplace(folder, keep(paths::encode(nearest)));
        }
    };
    // Only the redirects there were before: the folders added here have their
    // ancestors seen already.
    const std::size_t redirects = redirects_.size();
    for (std::size_t n = 0; n < gemini_.size(); ++n)
        add_folders_above(gemini_.key_at(n));
    for (std::size_t n = 0; n < redirects; ++n)
        add_folders_above(redirects_.key_at(n));
}

void built_site::index_articles(const built_site* previous)
{
    // The search index needs every article's rendered text once. Articles a reload did not
    // change share their entry with the snapshot before; the rest are rendered here, in
    // parallel, and the text is not kept beyond the index.
    const std::size_t count = cat_.newest_first.size();
    // The entries taken over number their words in the snapshot before's vocabulary.
    if (previous)
        index_ = search_index(previous->index_.vocabulary());
    article_entries_.resize(loaded_.articles.size());
    std::vector<std::size_t> fresh;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = cat_.newest_first[k];
        if (previous)
            article_entries_[i] = previous->reusable_entry(cat_.article_urls[i], prints_.articles[i]);
        if (!article_entries_[i])
            fresh.push_back(i);
    }
    parallel_for(fresh.size(), [&](std::size_t k) {
        const std::size_t i = fresh[k];
        const article& a = loaded_.articles[i];
        const std::string body = article_body(i);
        article_entries_[i] = index_.make_entry(cat_.article_urls[i], title_of(a),
                                                       a.meta.date ? a.meta.date->ymd() : std::string{},
                                                       paths::sort_key(a.meta.date), body, false);
    });
    for (std::size_t k = 0; k < count; ++k)
        index_.add(article_entries_[cat_.newest_first[k]]);
}

/// Categories, each with its own feed.
void built_site::add_categories()
{
    for (std::size_t c = 1; c < loaded_.categories.size(); ++c) {
        const kept_text url = keep(cat_.category_urls[c]);
        const auto index = static_cast<std::uint32_t>(c);
        add_gopher(url, {page_kind::category, index});
        directory_.add(url, '1', url);
        add_gemini(url, {page_kind::category, index});
        const kept_text feed = keep(cat_.category_urls[c] + "atom.xml");
        gemini_.emplace(feed, page_ref{page_kind::feed, index});
        gopher_.emplace(feed, page_ref{page_kind::feed, index});
        directory_.add(feed, '9', feed);
    }
    const kept_text feed = keep("/atom.xml");
    gemini_.emplace(feed, page_ref{page_kind::feed, 0});
    gopher_.emplace(feed, page_ref{page_kind::feed, 0});
    directory_.add(feed, '9', feed);
}

/// Articles and their comments. Each path is kept once for every table that holds it.
void built_site::add_articles()
{
    for (const std::size_t i : cat_.newest_first) {
        const article& a = loaded_.articles[i];
        const std::string& url = cat_.article_urls[i];
        const auto index = static_cast<std::uint32_t>(i);
        const kept_text page = keep(url);
        const kept_text text = keep(paths::with_extension(url, ".txt"));
        add_gopher(page, {page_kind::article, index});
        add_gopher(text, {page_kind::article_text, index});
        directory_.add(page, '1', page);
        directory_.add(text, '0', text);
        add_gemini(page, {page_kind::article, index});
        // The usual URL needs no percent-encoding: the target is then the page's own path.
        const std::string encoded = paths::encode(url);
        redirects_.emplace(std::string_view{paths::article_dir_url(url)}, encoded == url ? page : keep(encoded));

        if (shows_comments(a))
            add_comment_thread(a, url, {page_kind::comments, index}, page_kind::comments_text);
    }
}

/// The comment thread of an article or page: its .gmi (`gemini`) and .txt (`text`) beside it.
void built_site::add_comment_thread(const article& a, std::string_view url, page_ref gemini, page_kind text)
{
    summary_.comments += a.comment_count;
    const std::string comments_url = paths::comments_url(url);
    const kept_text comments = keep(comments_url);
    const kept_text comments_text = keep(paths::with_extension(comments_url, ".txt"));
    add_gopher(comments_text, {text, gemini.index});
    directory_.add(comments, '0', comments_text);
    directory_.add(comments_text, '0', comments_text);
    add_gemini(comments, gemini);
}

/// Top-level pages.
void built_site::add_pages()
{
    for (std::size_t p = 0; p < loaded_.pages.size(); ++p) {
        if (cat_.page_urls[p].empty())
            continue;
        const kept_text url = keep(cat_.page_urls[p]);
        const auto index = static_cast<std::uint32_t>(p);
        add_gopher(url, {page_kind::page, index});
        directory_.add(url, '1', url);
        add_gemini(url, {page_kind::page, index});
        ++summary_.pages;

        // A page's comments are served as an article's: /about/comments.gmi and .txt.
        const article& a = loaded_.pages[p];
        if (shows_comments(a))
            add_comment_thread(a, cat_.page_urls[p], {page_kind::page_comments, index}, page_kind::page_comments_text);
    }
    // The home page shows no thread: comments of index.md would be loaded and never served.
    if (loaded_.index && loaded_.index->comment_count != 0 && loaded_.index->meta.comments != content::comment_policy::off)
        problems_.push_back({std::filesystem::path{loaded_.index->source}.replace_extension(".comments.toml"), 0, 0,
                             "comments for the home page (index.md), which shows none; not published"});
}

/// Tags and the archive.
void built_site::add_tags_and_archive()
{
    const kept_text tags = keep("/tags/");
    add_gopher(tags, {page_kind::tags, 0});
    directory_.add(tags, '1', tags);
    add_gemini(tags, {page_kind::tags, 0});
    for (const auto& [key, tag] : cat_.tags) {
        const auto index = static_cast<std::uint32_t>(tag_list_.size());
        tag_list_.push_back(&tag);
        const kept_text url = keep(tag.url);
        add_gopher(url, {page_kind::tag, index});
        directory_.add(url, '1', url);
        add_gemini(url, {page_kind::tag, index});
    }
    const kept_text archive = keep("/archive/");
    add_gopher(archive, {page_kind::archive, 0});
    directory_.add(archive, '1', archive);
    add_gemini(archive, {page_kind::archive, 0});
}

/// Pages (top-level Markdown) are few: always rendered for the search index.
void built_site::index_pages()
{
    for (std::size_t p = 0; p < loaded_.pages.size(); ++p) {
        if (cat_.page_urls[p].empty())
            continue;
        const article& a = loaded_.pages[p];
        const std::string body =
            absolute_links(render::markdown_to_gemtext(a.body_markdown(), options_for(cat_, "/")), "/");
        index_.add(cat_.page_urls[p], title_of(a), {}, paths::sort_key(a.meta.date), body);
    }
}

/// The cache may still hold this site's pages from the snapshot before: keep those
/// this one serves with the same fingerprint, drop the rest now rather than when they
/// age out. Only once this snapshot is published: until then the one before is served.
void built_site::drop_replaced_pages(const built_site& previous) const
{
    const auto& old_gemini = previous.gemini_;
    const auto& old_gopher = previous.gopher_;
    cache_->retain([&](std::string_view key) {
        if (key.size() < 17)
            return true;
        const char view = key[0];
        const std::string_view path = key.substr(17);
        // Gemini and web pages are keyed by their Gemini path.
        const auto& now = view == gopher_view ? gopher_ : gemini_;
        if (const page_ref* ref = now.find(path))
            return key == page_cache::key(view, print_of(*ref), path);
        // Another site's page (sites share one cache) is none of ours to drop.
        return !(view == gopher_view ? old_gopher : old_gemini).contains(path);
    });
}

void built_site::build(const built_site* previous, std::chrono::steady_clock::time_point started)
{
    cat_ = make_catalog(settings_, loaded_, problems_);
    prints_ = fingerprint_site(cat_);
    web_ = make_web_context(cat_);
    // A feed shows its entries' bodies: its print covers them.
    feed_prints_.resize(loaded_.categories.size());
    for (std::size_t c = 0; c < loaded_.categories.size(); ++c) {
        fingerprint_hasher h{prints_.site};
        const auto& list = feed_articles(c);
        for (std::size_t k = 0; k < std::min(settings_.feed_entries, list.size()); ++k)
            h.add(prints_.articles[list[k]]);
        feed_prints_[c] = h.value();
    }
    for (const std::size_t i : cat_.newest_first)
        if (loaded_.articles[i].meta.wordpress_id != 0)
            wordpress_.emplace(loaded_.articles[i].meta.wordpress_id, std::pair{true, i});
    for (std::size_t p = 0; p < loaded_.pages.size(); ++p)
        if (loaded_.pages[p].meta.wordpress_id != 0 && !cat_.page_urls[p].empty())
            wordpress_.emplace(loaded_.pages[p].meta.wordpress_id, std::pair{false, p});
    gemini_mime_ = cat_.gemini_mime(settings_.lang);
    // Sized once, the tables are not regrown as they fill, nor left with up to half their
    // room unused: a reload serves about as many paths as the snapshot before, a first
    // load about as many as its articles make (2 Gemini paths, 3 Gopher selectors, 4
    // directory items and a redirect each, with comments) and a few per everything else.
    if (previous) {
        gemini_.reserve(previous->gemini_.size());
        gopher_.reserve(previous->gopher_.size());
        redirects_.reserve(previous->redirects_.size());
        directory_.reserve(previous->directory_.size());
    } else {
        const std::size_t articles = cat_.newest_first.size();
        const std::size_t others = 2 * loaded_.categories.size() + loaded_.pages.size() + cat_.tags.size() +
                                   loaded_.files.size() + 8;
        gemini_.reserve(2 * articles + others);
        gopher_.reserve(3 * articles + others);
        redirects_.reserve(articles + others);
        directory_.reserve(4 * articles + others);
    }

    // Home.
    const kept_text home = keep("/");
    add_gopher(home, {page_kind::home, 0});
    add_gemini(home, {page_kind::home, 0});
    directory_.add(home, '1', home);

    add_categories();
    add_articles();
    add_pages();
    add_tags_and_archive();
    // The server answers "/search?terms" itself; the bare path explains what to do.
    const kept_text search = keep("/search");
    add_gemini(search, {page_kind::search, 0});
    directory_.add(search, '7', search);
    add_gopher(search, {page_kind::search, 0});

    add_static_files();
    add_aliases();
    add_missing_folders();

    index_articles(previous);
    index_pages();

    summary_.articles = cat_.newest_first.size();
    summary_.categories = loaded_.categories.empty() ? 0 : loaded_.categories.size() - 1;
    summary_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}
std::string load_summary::text() const
{
    const auto count = [](std::size_t n, std::string_view one, std::string_view many) {
        return std::to_string(n) + " " + std::string{n == 1 ? one : many};
    };
    return "loaded " + count(articles, "article", "articles") + ", " + count(comments, "comment", "comments") + ", " +
           count(categories, "category", "categories") + " in " + std::to_string(elapsed.count()) + " ms";
}

std::shared_ptr<const site> build_site_since(const site_settings& settings, tree loaded,
                                             std::vector<diagnostic> problems,
                                             std::chrono::steady_clock::time_point started,
                                             std::shared_ptr<page_cache> cache,
                                             const std::shared_ptr<const site>& previous)
{
    // Built in place: the catalog and the Gopher directory refer to members of the object.
    auto built = std::make_shared<built_site>(settings, std::move(loaded), std::move(problems), std::move(cache));
    const auto* before = dynamic_cast<const built_site*>(previous.get());
    // Only a snapshot sharing the cache can lend its renders and search entries.
    if (before && before->cache() != built->cache())
        before = nullptr;
    built->build(before, started);
    return built;
}

std::shared_ptr<const site> build_site(const site_settings& settings, const tree& loaded,
                                       std::vector<diagnostic> problems, std::shared_ptr<page_cache> cache,
                                       const std::shared_ptr<const site>& previous)
{
    return build_site_since(settings, loaded, std::move(problems), std::chrono::steady_clock::now(),
                            std::move(cache), previous);
}

void release_replaced_pages(const site& current, const site& replaced)
{
    const auto* now = dynamic_cast<const built_site*>(&current);
    const auto* before = dynamic_cast<const built_site*>(&replaced);
    if (now && before && now != before && now->cache() == before->cache())
        now->drop_replaced_pages(*before);
}

} // namespace smolpub::site
