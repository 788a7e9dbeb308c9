// SPDX-License-Identifier: ISC
#pragma once
// Fingerprints of what each page's text depends on, computed from the content model
// without rendering anything. A page's rendered text is a pure function of its inputs, so
// two snapshots that give a page the same fingerprint give it the same bytes: that is what
// lets a reload keep the cached renders of everything it did not change.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "site/catalog.hpp"

namespace smolpub::site {

/// A 64-bit running hash of a sequence of fields (each length-prefixed, so ("ab","c")
/// and ("a","bc") differ).
class fingerprint_hasher {
public:
    explicit fingerprint_hasher(std::uint64_t seed = 0) : h_(seed ^ 0x9e3779b97f4a7c15ULL) {}
    fingerprint_hasher& add(std::string_view bytes);
    fingerprint_hasher& add(std::uint64_t n);
    std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_;
};

struct site_fingerprints {
    /// Everything every page may show of the site: the settings, and for every category,
    /// article, page and static file its URL, title, dates, tags, authors and counts (the
    /// listings, breadcrumbs, previous/next links, Gopher item types and .md link targets).
    /// Not the bodies: editing an article's text leaves it alone.
    std::uint64_t site = 0;
    std::vector<std::uint64_t> articles;  ///< per article: site + its Markdown and comments
    std::vector<std::uint64_t> pages;     ///< per page: site + its Markdown
    std::uint64_t home = 0;               ///< site + index.md
};

site_fingerprints fingerprint_site(const catalog& cat);

} // namespace smolpub::site
