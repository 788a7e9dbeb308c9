// SPDX-License-Identifier: ISC
// Rendering on demand: a built site's pages are made from the content model when first
// asked for, into the page cache (site/page_cache.hpp), keyed by a fingerprint of their
// inputs (print_of). Only the gemtext is cached: a page's Gopher menu or text is cut from
// it per request (gopher_from_gemtext); the web's HTML is made from the Markdown.
#include "site/built_site.hpp"

#include <initializer_list>

#include "site/comments.hpp"
#include "site/conventions.hpp"
#include "site/feeds.hpp"
#include "site/links.hpp"
#include "site/paths.hpp"
#include "render/gemtext.hpp"
#include "render/gopher.hpp"
#include "text/utf8.hpp"

namespace smolpub::site {
using content::article;
using content::comment;
using content::file_identity;
using content::file_stream;

std::uint64_t built_site::print_of(const page_ref& ref) const
{
    switch (ref.kind) {
    case page_kind::home:
        return prints_.home;
    case page_kind::article:
    case page_kind::article_text:
    case page_kind::comments:
    case page_kind::comments_text:
        return prints_.articles[ref.index];
    case page_kind::page:
    case page_kind::page_comments:
    case page_kind::page_comments_text:
        return prints_.pages[ref.index];
    case page_kind::gemtext_file:
    case page_kind::file: {
        const file_identity& identity = files_[ref.index].file->identity;
        return fingerprint_hasher{prints_.site}
            .add(identity.device).add(identity.inode).add(identity.size)
            .add(static_cast<std::uint64_t>(identity.mtime_ns)).value();
    }
    case page_kind::feed:
        return ref.index < feed_prints_.size() ? feed_prints_[ref.index] : prints_.site;
    case page_kind::category:
    case page_kind::tags:
    case page_kind::tag:
    case page_kind::archive:
    case page_kind::search:
        break;
    }
    return prints_.site;
}

std::string built_site::lang_mime(std::string_view lang) const
{
    std::string mime = "text/gemini; charset=utf-8";
    if (!lang.empty())
        mime += "; lang=" + std::string{lang};
    return mime;
}

std::vector<search_hit> built_site::search(std::string_view query, std::size_t limit) const
{
    return index_.find(query, limit, search_text());
}

document built_site::search_page_gemini(std::string_view query) const
{
    return {gemini_mime_, search_gemtext(query)};
}

document built_site::search_page_gopher(std::string_view query) const
{
    return {std::string{gopher_menu_mime}, render::gemtext_to_menu(search_gemtext(query), directory_.options())};
}

document built_site::search_page_web(std::string_view query) const
{
    const std::string q = paths::one_line(query);
    return {std::string{html_mime},
            web_search_page(web_, q, q.empty() ? std::vector<search_hit>{} : index_.find(q, search_page_limit, search_text()))};
}

std::string built_site::web_redirect_page(std::string_view target) const
{
    return ::smolpub::site::web_redirect_page(web_, paths::decode(target));
}

search_text_source built_site::search_text() const
{
    return [this](const search_entry& e) {
        const page_ref* ref = gemini_.find(e.path);
        if (!ref || ref->kind != page_kind::article)
            return std::string{};
        return plain_text(article_body(ref->index));
    };
}

std::string built_site::search_gemtext(std::string_view query) const
{
    const std::string q = paths::one_line(query);
    std::string out = paths::link_line("/", "Home");
    out += '\n';
    if (q.empty()) {
        out += "# Search\n\nSend a word or two to search titles and articles.\n";
        return out;
    }
    out += "# Search: " + q + "\n\n";
    const auto hits = index_.find(q, search_page_limit, search_text());
    if (hits.empty())
        out += "No results.\n";
    for (const auto& hit : hits) {
        out += paths::link_line(hit.path, hit.date.empty() ? hit.title : hit.date + " - " + hit.title);
        // A quote line can hold any text without it turning into gemtext markup.
        if (!hit.excerpt.empty())
            out += "> " + hit.excerpt + '\n';
    }
    return out;
}

std::shared_ptr<const document> built_site::render_gemini(std::string_view path, const page_ref& ref) const
{
    if (ref.kind == page_kind::file || ref.kind == page_kind::gemtext_file)
        return std::make_shared<const document>(files_[ref.index]);
    const std::string key = page_cache::key(gemini_view, print_of(ref), path);
    if (auto hit = cache_->find(key))
        return hit;
    return cache_->insert(key, gemini_page(ref));
}

std::shared_ptr<const document> built_site::render_gopher(std::string_view selector, const page_ref& ref) const
{
    switch (ref.kind) {
    case page_kind::file:
        return std::make_shared<const document>(files_[ref.index + 1]);
    case page_kind::feed:  // the same bytes on both protocols: cached once
        return render_gemini(selector, ref);
    case page_kind::gemtext_file: {
        // Gemini streams a hand-written .gmi from the disk, so no gemtext of it is
        // cached: its menu is the one copy.
        const std::string key = page_cache::key(gopher_view, print_of(ref), selector);
        if (auto hit = cache_->find(key))
            return hit;
        return cache_->insert(key, gemtext_file_menu(ref.index));
    }
    default:
        break;
    }
    // Every other Gopher view is made per request from its page's gemtext, which the
    // cache holds once for both protocols: turning gemtext into a menu costs a few
    // microseconds, rendering the Markdown again many times that (bench/results).
    const std::size_t i = ref.index;
    page_ref twin = ref;
    std::string_view path = selector;
    std::string comments_path;
    if (ref.kind == page_kind::article || ref.kind == page_kind::article_text) {
        twin.kind = page_kind::article;
        path = cat_.article_urls[i];
    } else if (ref.kind == page_kind::comments || ref.kind == page_kind::comments_text) {
        twin.kind = page_kind::comments;
        comments_path = paths::comments_url(cat_.article_urls[i]);
        path = comments_path;
    } else if (ref.kind == page_kind::page_comments || ref.kind == page_kind::page_comments_text) {
        twin.kind = page_kind::page_comments;
        comments_path = paths::comments_url(cat_.page_urls[i]);
        path = comments_path;
    }
    const auto gemtext = render_gemini(path, twin);
    if (auto view = gopher_from_gemtext(selector, ref, gemtext->body))
        return std::make_shared<const document>(std::move(*view));
    // The gemtext is made by this file's own page builders, so it always has the layout
    // gopher_from_gemtext cuts: getting here is a bug. The reader gets a miss, not a
    // crash and not a view made some other way that could differ from the Gemini page.
    return nullptr;
}

std::string built_site::article_body(std::size_t i) const
{
    const article& a = loaded_.articles[i];
    const std::string& folder = cat_.category_urls[a.category < loaded_.categories.size() ? a.category : 0];
    return absolute_links(render::markdown_to_gemtext(a.body_markdown(), options_for(cat_, folder)), folder);
}

article_page built_site::article_pieces(std::size_t i) const
{
    return make_article_page(cat_, i, article_body(i));
}

article_page built_site::comments_pieces(std::size_t i) const
{
    const article& a = loaded_.articles[i];
    const std::string& folder = cat_.category_urls[a.category < loaded_.categories.size() ? a.category : 0];
    const render::gemtext_options options = options_for(cat_, folder);
    const std::vector<comment> comments = a.comments();
    std::vector<std::string> bodies;
    bodies.reserve(comments.size());
    for (const comment& c : comments)
        bodies.push_back(absolute_links(render::markdown_to_gemtext(c.body_markdown, options), folder));
    return make_comments_page(cat_, i, comments, bodies);
}

article_page built_site::page_comments_pieces(std::size_t p) const
{
    const render::gemtext_options options = options_for(cat_, "/");
    const std::vector<comment> comments = loaded_.pages[p].comments();
    std::vector<std::string> bodies;
    bodies.reserve(comments.size());
    for (const comment& c : comments)
        bodies.push_back(absolute_links(render::markdown_to_gemtext(c.body_markdown, options), "/"));
    return make_page_comments_page(cat_, p, comments, bodies);
}

std::string built_site::home_gemtext() const
{
    std::string intro;
    if (loaded_.index)
        intro = absolute_links(render::markdown_to_gemtext(loaded_.index->body_markdown(), options_for(cat_, "/")), "/");
    return home_page(cat_, intro);
}

std::string built_site::page_gemtext(std::size_t p) const
{
    const std::string body =
        absolute_links(render::markdown_to_gemtext(loaded_.pages[p].body_markdown(), options_for(cat_, "/")), "/");
    return plain_page(cat_, p, body);
}

std::string built_site::atom_for(std::size_t c) const
{
    // The whole article as gemtext, links absolute gemini:// (issue 28).
    feed_style style{cat_.gemini_origin(), nullptr, [this](std::size_t i) { return article_body(i); }, nullptr};
    if (c == 0)
        return atom_feed_for(cat_, "/", settings_.title, cat_.newest_first, style);
    return atom_feed_for(cat_, cat_.category_urls[c], loaded_.categories[c].title, cat_.articles_in[c], style);
}

std::string built_site::web_atom_for(std::size_t c) const
{
    const std::string origin = web_.origin();
    feed_style style{origin, [](std::string_view path) { return paths::web_url(path); },
                     [this](std::size_t i) { return article_body(i); },
                     [this, &origin](std::size_t i) {
                         const article& a = loaded_.articles[i];
                         const std::size_t k = a.category < loaded_.categories.size() ? a.category : 0;
                         return render::markdown_to_html(a.body_markdown(),
                                                         web_html_options(cat_, cat_.category_urls[k], origin, false));
                     }};
    if (c == 0)
        return atom_feed_for(cat_, "/", settings_.title, cat_.newest_first, style);
    return atom_feed_for(cat_, cat_.category_urls[c], loaded_.categories[c].title, cat_.articles_in[c], style);
}

std::vector<web_comment> built_site::web_thread(const std::vector<comment>& comments, std::size_t c) const
{
    std::vector<web_comment> thread;
    thread.reserve(comments.size());
    for (const comment& one : comments)
        thread.push_back({&one, render::markdown_to_html(one.body_markdown,
                                                          web_html_options(cat_, cat_.category_urls[c], {}, false, 4))});
    return thread;
}

std::string built_site::web_body(const std::string& markdown, std::size_t c) const
{
    const std::size_t k = c < loaded_.categories.size() ? c : 0;
    return render::markdown_to_html(markdown, web_html_options(cat_, cat_.category_urls[k], {}, false));
}

std::shared_ptr<const document> built_site::render_web(std::string_view gemini_path, const page_ref& ref) const
{
    const std::string key = page_cache::key(web_view, print_of(ref), gemini_path);
    if (auto hit = cache_->find(key))
        return hit;
    return cache_->insert(key, web_page(ref));
}

document built_site::web_page(const page_ref& ref) const
{
    const std::size_t i = ref.index;
    const std::string mime{html_mime};
    switch (ref.kind) {
    case page_kind::home:
        return {mime, web_home_page(web_, loaded_.index ? web_body(loaded_.index->body_markdown(), 0) : std::string{})};
    case page_kind::category:
        return {mime, web_category_page(web_, i)};
    case page_kind::feed:
        return {std::string{atom_mime}, web_atom_for(i)};
    case page_kind::article:
    case page_kind::comments: {
        const article& a = loaded_.articles[i];
        const std::vector<comment> comments = shows_comments(a) ? a.comments() : std::vector<comment>{};
        const std::size_t c = a.category < loaded_.categories.size() ? a.category : 0;
        return {mime, web_article_page(web_, i, web_body(a.body_markdown(), c), web_thread(comments, c))};
    }
    case page_kind::page:
    case page_kind::page_comments: {
        const article& p = loaded_.pages[i];
        const std::vector<comment> comments = shows_comments(p) ? p.comments() : std::vector<comment>{};
        return {mime, web_plain_page(web_, i, web_body(p.body_markdown(), 0), web_thread(comments, 0))};
    }
    case page_kind::tags:
        return {mime, web_tags_page(web_)};
    case page_kind::tag:
        return {mime, web_tag_page(web_, *tag_list_[i])};
    case page_kind::archive:
        return {mime, web_archive_page(web_)};
    case page_kind::search:
        return search_page_web({});
    case page_kind::article_text:
    case page_kind::comments_text:
    case page_kind::page_comments_text:
    case page_kind::gemtext_file:
    case page_kind::file:
        break;
    }
    return files_.at(i);
}

document built_site::gemini_page(const page_ref& ref) const
{
    const std::size_t i = ref.index;
    switch (ref.kind) {
    case page_kind::home:
        return {gemini_mime_, home_gemtext()};
    case page_kind::category:
        return {gemini_mime_, make_category_page(cat_, i).gemini()};
    case page_kind::feed:
        return {std::string{atom_mime}, atom_for(i)};
    case page_kind::article:
        return {lang_mime(cat_.lang_of(loaded_.articles[i])), article_pieces(i).gemini()};
    case page_kind::comments:
        return {lang_mime(cat_.lang_of(loaded_.articles[i])), comments_pieces(i).gemini()};
    case page_kind::page:
        return {lang_mime(cat_.lang_of(loaded_.pages[i])), page_gemtext(i)};
    case page_kind::page_comments:
        return {lang_mime(cat_.lang_of(loaded_.pages[i])), page_comments_pieces(i).gemini()};
    case page_kind::tags:
        return {gemini_mime_, tags_page(cat_)};
    case page_kind::tag:
        return {gemini_mime_, tag_page(cat_, *tag_list_[i])};
    case page_kind::archive:
        return {gemini_mime_, archive_page(cat_)};
    case page_kind::search:
        return {gemini_mime_, search_gemtext({})};
    case page_kind::article_text:
    case page_kind::comments_text:
    case page_kind::page_comments_text:
    case page_kind::gemtext_file:
    case page_kind::file:
        break;
    }
    return files_.at(i);
}

std::string built_site::category_top(std::size_t c) const
{
    const auto parent = cat_.parent[c].value_or(0);
    std::string top = paths::link_line("/", "Home");
    top += paths::link_line(cat_.category_urls[parent],
                            "Up: " + (parent == 0 ? settings_.title : loaded_.categories[parent].title));
    return top;
}

document built_site::gopher_menu(std::string_view gemtext, const std::string& extra) const
{
    return {std::string{gopher_menu_mime}, render::gemtext_to_menu(gemtext, directory_.options()) + extra};
}

document built_site::gopher_text(std::string_view gemtext) const
{
    return {std::string{gopher_text_mime}, render::gemtext_to_text(gemtext, directory_.options())};
}

namespace {

/// `text` less `prefix` and `suffix`, when it starts and ends with them.
std::optional<std::string_view> between(std::string_view text, std::string_view prefix, std::string_view suffix)
{
    if (text.size() < prefix.size() + suffix.size() || !text.starts_with(prefix) || !text.ends_with(suffix))
        return std::nullopt;
    return text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
}

std::string joined(std::initializer_list<std::string_view> parts)
{
    std::size_t size = 0;
    for (const auto part : parts)
        size += part.size();
    std::string out;
    out.reserve(size);
    for (const auto part : parts)
        out += part;
    return out;
}

} // namespace

/// The Gopher view of a generated page, cut from that page's Gemini text: the menu and
/// text views differ from it only in the lines around the body, and those come from the
/// catalog, not from the Markdown. nullopt if the gemtext is not laid out as expected.
std::optional<document> built_site::gopher_from_gemtext(std::string_view selector, const page_ref& ref,
                                                        std::string_view gemtext) const
{
    const std::size_t i = ref.index;
    switch (ref.kind) {
    case page_kind::home:
        return gopher_menu(gemtext,
                           render::menu_line({'h', "This capsule on Gemini", "URL:" + cat_.gemini_origin() + "/",
                                              settings_.gopher_host, settings_.gopher_port}));
    case page_kind::category: {
        std::string crumbs;
        for (const auto& [url, title] : cat_.crumbs_above(i))
            crumbs += paths::link_line(url, title);
        const auto rest = between(gemtext, crumbs, {});
        if (!rest)
            return std::nullopt;
        return gopher_menu(joined({category_top(i), *rest}));
    }
    case page_kind::article: {
        const std::string up = article_up_links(cat_, i);
        const auto main = between(gemtext, {}, up);
        if (!main)
            return std::nullopt;
        return gopher_menu(
            joined({*main, paths::link_line(paths::with_extension(selector, ".txt"), "Plain text version"), up}));
    }
    case page_kind::article_text: {
        const article_page chrome = make_article_page(cat_, i, {});
        const auto body = between(gemtext, joined({chrome.crumbs, chrome.head}), joined({chrome.footer, chrome.up}));
        if (!body)
            return std::nullopt;
        return gopher_text(joined({chrome.trail, chrome.head, *body}));
    }
    case page_kind::comments:
    case page_kind::comments_text:
    case page_kind::page_comments:
    case page_kind::page_comments_text: {
        // Only the chrome is wanted (the thread comes from the cached gemtext): no comments.
        const bool of_article = ref.kind == page_kind::comments || ref.kind == page_kind::comments_text;
        const article_page chrome =
            of_article ? make_comments_page(cat_, i, {}, {}) : make_page_comments_page(cat_, i, {}, {});
        const auto thread = between(gemtext, chrome.crumbs, chrome.up);
        if (!thread)
            return std::nullopt;
        return gopher_text(joined({chrome.trail, *thread}));
    }
    case page_kind::page:
    case page_kind::tags:
    case page_kind::tag:
    case page_kind::archive:
    case page_kind::search:
        return gopher_menu(gemtext);
    case page_kind::feed:
    case page_kind::gemtext_file:
    case page_kind::file:
        break;
    }
    return std::nullopt;
}

/// A hand-written gemtext page gets the same Gopher menu a generated one would, made
/// from the file as it is now.
document built_site::gemtext_file_menu(std::size_t file) const
{
    // The menu is made from the whole file per cache miss: a huge one is refused, not read.
    // The size checked is the file's as opened, not as built: one that grew since is refused too.
    constexpr std::uint64_t max_bytes = 1024 * 1024;
    auto stream = file_stream::open(*files_[file].file);
    if (stream && stream->size() > max_bytes)
        return gopher_menu("This page is too large for a Gopher menu (" + std::to_string(stream->size()) +
                           " bytes; the limit is 1 MiB). Read it over Gemini.\n");
    std::string gemtext, buffer;
    while (stream) {
        const auto chunk = stream->next(buffer);
        if (!chunk || chunk->empty()) {
            if (chunk && text::is_valid_utf8(gemtext))
                return gopher_menu(gemtext);
            break;
        }
        gemtext += *chunk;
    }
    return gopher_menu("The file could not be read.\n");
}

} // namespace smolpub::site
