// SPDX-License-Identifier: ISC
#pragma once
// A small capsule built by hand (no disk loader), and helpers that read the pages
// back: link lines, route outcomes, Gopher menu lines.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"
#include "content/settings.hpp"
#include "site/page_cache.hpp"
#include "site/site.hpp"

namespace smolpub::site::testing {

/// A page cache of its own for a site under test, as large as limits.cache's default (32 MB).
inline std::shared_ptr<page_cache> test_cache() { return std::make_shared<page_cache>(std::size_t{32} << 20); }

inline content::timestamp day(int y, int m, int d)
{
    content::timestamp t;
    t.year = y;
    t.month = m;
    t.day = d;
    return t;
}

inline content::comment make_comment(std::string id, std::string reply_to, std::string author, content::timestamp when,
                            std::string body)
{
    content::comment c;
    c.id = std::move(id);
    c.reply_to = std::move(reply_to);
    c.author = std::move(author);
    c.date = when;
    c.body_markdown = std::move(body);
    return c;
}

/// Categories: 0 root, 1 notes, 2 notes/rust, 3 recipes, 4 "my stuff".
/// Articles (index: url, date):
///   0 /notes/hello.gmi        2026-01-10  tags Intro, meta; 3 comments (closed)
///   1 /notes/second.gmi       2026-02-01  comments off (archive present)
///   2 /notes/rust/ownership.gmi 2025-12-01 alias /old/ownership.html
///   3 /recipes/bread.gmi      2025-06-15  tag intro
///   4 /notes/draft.gmi        2026-03-01  draft
///   5 /my stuff/a thing.gmi   2024-05-05
///   6 /notes/first.gmi        2025-11-20
inline content::tree sample_content()
{
    content::tree c;
    c.root = "/capsule";
    const auto add_category = [&](std::string path, std::string title, std::size_t parent) {
        content::category cat;
        cat.path = std::move(path);
        cat.title = std::move(title);
        c.categories.push_back(std::move(cat));
        const std::size_t index = c.categories.size() - 1;
        if (index != 0)
            c.categories[parent].subcategories.push_back(index);
        return index;
    };
    add_category("", "", 0);
    add_category("notes", "Notes", 0);
    add_category("notes/rust", "Rust", 1);
    add_category("recipes", "Recipes", 0);
    add_category("my stuff", "My stuff", 0);
    c.categories[1].description = "Things I noted down.";

    const auto add_article = [&](std::size_t category, std::string folder, std::string slug, std::string title,
                                 content::timestamp date, std::string body) -> content::article& {
        content::article a;
        a.source = "/capsule/" + (folder.empty() ? "" : folder + "/") + slug + ".md";
        a.slug = std::move(slug);
        a.meta.title = std::move(title);
        a.meta.date = date;
        a.category = category;
        a.set_body(std::move(body));
        c.articles.push_back(std::move(a));
        c.categories[category].articles.push_back(c.articles.size() - 1);
        return c.articles.back();
    };
    {
        content::article& a = add_article(1, "notes", "hello", "Hello world", day(2026, 1, 10),
                                 "Welcome! See [my bread](../recipes/bread.md) and [ownership](rust/ownership.md).\n\n"
                                 "Also [nowhere](missing.md) and [a picture](../images/cat.png).\n");
        a.meta.tags = {"Intro", "meta"};
        a.meta.author = "Alice";
        a.set_comments({make_comment("c1", "", "Bob", day(2026, 1, 11), "First top-level comment."),
                        make_comment("c2", "c1", "Carol", day(2026, 1, 12), "# Shouting heading\n\nA reply to Bob."),
                        make_comment("c3", "", "Dave", day(2026, 1, 10), "The oldest comment.")});
    }
    {
        content::article& a = add_article(1, "notes", "second", "Second post", day(2026, 2, 1), "More words here.\n");
        a.meta.comments = content::comment_policy::off;
        a.set_comments({make_comment("x", "", "Eve", day(2026, 2, 2), "Hidden comment.")});
    }
    add_article(2, "notes/rust", "ownership", "Ownership", day(2025, 12, 1),
                "Borrowing rules explained.\n\nBack to [hello](../hello.md).\n")
        .meta.aliases = {"/old/ownership.html"};
    add_article(3, "recipes", "bread", "Bread", day(2025, 6, 15),
                "A simple sourdough loaf. Knead the dough well.\n")
        .meta.tags = {"intro"};
    add_article(1, "notes", "draft", "Secret draft", day(2026, 3, 1), "Not ready.\n").meta.draft = true;
    add_article(4, "my stuff", "a thing", "A thing with spaces", day(2024, 5, 5), "Spaces in paths.\n");
    add_article(1, "notes", "first", "First steps", day(2025, 11, 20), "Bread is mentioned here too.\n");

    content::article about;
    about.source = "/capsule/about.md";
    about.slug = "about";
    about.meta.title = "About me";
    about.set_body("I bake bread and write code.\n");
    c.pages.push_back(std::move(about));

    content::article index;
    index.source = "/capsule/index.md";
    index.slug = "index";
    index.set_body("An intro to the capsule.\n");
    c.index = std::move(index);
    for (const auto& a : c.articles)
        c.comment_count += a.comment_count;
    return c;
}

inline content::site_settings sample_settings()
{
    content::site_settings s;
    s.title = "Test capsule";
    s.author = "Site Author";
    s.lang = "en";
    s.hostnames = {"example.org", "www.example.org"};
    s.recent = 3;
    s.feed_entries = 4;
    s.gopher_host = "gopher.example.org";
    s.gopher_port = 7070;
    return s;
}

inline std::shared_ptr<const site> sample_site(content::site_settings settings = sample_settings())
{
    return build_site(settings, sample_content(), {}, test_cache());
}

inline std::vector<std::string> lines_of(std::string_view text, std::string_view eol = "\n")
{
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find(eol, pos);
        if (end == std::string_view::npos)
            end = text.size();
        lines.emplace_back(text.substr(pos, end - pos));
        pos = end + eol.size();
    }
    return lines;
}

struct gemtext_link {
    std::string url;
    std::string label;
};

/// The `=>` lines of a gemtext page, outside preformatted blocks.
inline std::vector<gemtext_link> links_of(std::string_view gemtext)
{
    std::vector<gemtext_link> links;
    bool pre = false;
    for (const auto& line : lines_of(gemtext)) {
        if (line.starts_with("```")) {
            pre = !pre;
            continue;
        }
        if (pre || !line.starts_with("=>"))
            continue;
        std::string_view rest = std::string_view{line}.substr(2);
        rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
        const auto gap = rest.find_first_of(" \t");
        gemtext_link l;
        l.url = std::string{rest.substr(0, gap)};
        if (gap != std::string_view::npos)
            l.label = std::string{rest.substr(rest.find_first_not_of(" \t", gap))};
        links.push_back(std::move(l));
    }
    return links;
}

/// The bytes a client is sent for a document: its body, or a static file's content.
inline std::string served_bytes(const document& doc)
{
    if (!doc.file)
        return doc.body;
    auto bytes = content::read_whole(*doc.file);
    REQUIRE_MESSAGE(bytes, bytes.error());
    return *bytes;
}

/// The body of a page that must exist.
inline std::string page(const site& s, std::string_view path)
{
    const route_result r = s.route(path);
    REQUIRE_MESSAGE(r.what == route_result::outcome::found, "no page at " << path);
    return served_bytes(*r.doc);
}

/// Percent-decodes once, as the server does before calling route().
inline std::string decoded(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string{s.substr(i + 1, 2)}, nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

inline std::size_t index_of(std::string_view text, std::string_view needle)
{
    const auto at = text.find(needle);
    REQUIRE_MESSAGE(at != std::string_view::npos, "missing: " << needle << "\nin:\n" << text);
    return at;
}

} // namespace smolpub::site::testing
