// SPDX-License-Identifier: ISC
#include "site/fingerprint.hpp"
#include "text/hash.hpp"

#include <functional>

namespace smolpub::site {
using content::article;
using content::category;
using content::tree;
using content::packed_text;
using content::site_settings;
using content::static_file;
using content::timestamp;

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v)
{
    // splitmix64's finaliser over the running value: cheap, and every input bit reaches
    // every output bit.
    return text::mix64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

void add_time(fingerprint_hasher& h, const std::optional<timestamp>& t)
{
    if (!t) {
        h.add(std::uint64_t{0});
        return;
    }
    h.add(std::uint64_t{1}).add(t->rfc3339()).add(static_cast<std::uint64_t>(t->has_time));
}

/// A packed text by its length and hash, computed when it was packed: the text itself
/// is not unpacked (an absent text counts as the empty one).
fingerprint_hasher& add_text(fingerprint_hasher& h, const std::shared_ptr<const packed_text>& text)
{
    if (!text)
        return h.add(std::uint64_t{0}).add(std::uint64_t{std::hash<std::string_view>{}({})});
    return h.add(text->size()).add(text->hash());
}

void add_meta(fingerprint_hasher& h, const article& a)
{
    h.add(std::filesystem::path{a.source}.generic_string()).add(a.slug).add(a.meta.title).add(a.meta.author).add(a.meta.description);
    h.add(a.meta.lang).add(static_cast<std::uint64_t>(a.meta.comments)).add(static_cast<std::uint64_t>(a.meta.draft));
    add_time(h, a.meta.date);
    add_time(h, a.meta.updated);
    h.add(a.meta.tags.size());
    for (const auto& t : a.meta.tags)
        h.add(t);
    h.add(a.meta.aliases.size());
    for (const auto& alias : a.meta.aliases)
        h.add(alias);
    h.add(a.category).add(a.comment_count);
}

} // namespace

fingerprint_hasher& fingerprint_hasher::add(std::string_view bytes)
{
    h_ = mix(h_, bytes.size());
    h_ = mix(h_, std::hash<std::string_view>{}(bytes));
    return *this;
}

fingerprint_hasher& fingerprint_hasher::add(std::uint64_t n)
{
    h_ = mix(h_, n);
    return *this;
}

site_fingerprints fingerprint_site(const catalog& cat)
{
    const tree& src = *cat.src;
    const site_settings& s = *cat.settings;
    fingerprint_hasher h;
    h.add(s.title).add(s.author).add(s.lang).add(s.gemini_port).add(s.recent).add(s.feed_entries);
    h.add(s.hostnames.size());
    for (const auto& name : s.hostnames)
        h.add(name);
    h.add(static_cast<std::uint64_t>(s.gemtext.links)).add(static_cast<std::uint64_t>(s.gemtext.labels));
    h.add(static_cast<std::uint64_t>(s.gemtext.emphasis)).add(s.gemtext.thematic_break);
    h.add(static_cast<std::uint64_t>(s.gopher_enabled)).add(s.gopher_host).add(s.gopher_port).add(s.gopher_width);
    h.add(static_cast<std::uint64_t>(s.strict_rfc1436)).add(static_cast<std::uint64_t>(s.comments)).add(s.web_base_url);

    h.add(src.root.generic_string()).add(src.categories.size());
    for (std::size_t c = 0; c < src.categories.size(); ++c) {
        const category& k = src.categories[c];
        h.add(k.path).add(k.title).add(k.description).add(static_cast<std::uint64_t>(k.order));
        h.add(c < cat.category_urls.size() ? cat.category_urls[c] : std::string_view{});
    }
    h.add(src.articles.size());
    for (std::size_t i = 0; i < src.articles.size(); ++i) {
        add_meta(h, src.articles[i]);
        h.add(static_cast<std::uint64_t>(cat.published[i])).add(cat.article_urls[i]);
    }
    h.add(src.pages.size());
    for (std::size_t p = 0; p < src.pages.size(); ++p) {
        add_meta(h, src.pages[p]);
        h.add(cat.page_urls[p]);
    }
    h.add(src.files.size());
    for (const static_file& f : src.files)
        h.add(f.source.generic_string()).add(f.path).add(f.mime);
    h.add(static_cast<std::uint64_t>(src.index.has_value()));

    site_fingerprints out;
    out.site = h.value();
    out.articles.reserve(src.articles.size());
    for (const article& a : src.articles) {
        fingerprint_hasher one{out.site};
        add_text(one, a.body_text);
        one.add(static_cast<std::uint64_t>(a.body_line));
        add_text(one, a.comments_text);  // every field of every comment, in order
        out.articles.push_back(one.value());
    }
    out.pages.reserve(src.pages.size());
    for (const article& p : src.pages) {
        fingerprint_hasher one{out.site};
        add_text(one, p.body_text);
        out.pages.push_back(add_text(one, p.comments_text).value());  // a page's thread, as an article's
    }
    fingerprint_hasher home{out.site};
    out.home = add_text(home, src.index ? src.index->body_text : nullptr).value();
    return out;
}

} // namespace smolpub::site
