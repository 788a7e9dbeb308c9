// SPDX-License-Identifier: ISC
#pragma once
// Links from a post to the blog's own posts and pages, in any of WordPress's forms
// (permalink, `?p=ID`, `?page_id=ID`), pointed at their new capsule files.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smolpub::import {

/// `http://www.example.org/blog/x/` -> `example.org/blog/x/`: scheme, `www.` and a
/// trailing slash do not make two URLs different here; percent-escapes are decoded.
std::string url_key(std::string_view url);

/// The path (with query) of an absolute URL: `/2009/03/10/my-post/`; empty if none.
std::string url_path(std::string_view url);

class link_rewriter {
public:
    /// `bases`: wp:base_site_url and wp:base_blog_url.
    explicit link_rewriter(std::vector<std::string> bases);

    /// Maps the post or page with `id` and old permalink `link` to `target` ("/notes/x.md").
    void add(const std::string& id, std::string_view link, const std::string& target);

    /// The new target of `url` when it names one of ours; nullopt for other sites and for
    /// own URLs we do not know (they stay as written).
    std::optional<std::string> rewrite(std::string_view url) const;

    /// The part of `url` under `wp-content/uploads/` of this blog ("2009/03/x.jpg"), or the
    /// path of a `*.files.wordpress.com` URL (WordPress.com's uploads), decoded.
    std::optional<std::string> upload_path(std::string_view url) const;

private:
    std::vector<std::string> bases_;  ///< url_key of each base, no trailing slash
    std::unordered_map<std::string, std::string> by_key_;
    std::unordered_map<std::string, std::string> by_id_;

    std::optional<std::string_view> under_base(std::string_view key) const;
};

} // namespace smolpub::import
