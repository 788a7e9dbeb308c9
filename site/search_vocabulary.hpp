// SPDX-License-Identifier: ISC
#pragma once
// The words the search index knows, each held once and numbered: an article's entry keeps
// the numbers of its words (search.hpp), not the words. One vocabulary is shared by the
// snapshots of a site, so a reload keeps the entries of unchanged articles as they are.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/lasting_memory.hpp"

namespace smolpub::site {

class search_vocabulary {
public:
    /// The number of each word of `words` (space-separated, folded), numbering the new
    /// ones after every word known so far. A number never changes or goes away (the words
    /// of deleted text stay until the process ends). Safe to call from several threads.
    std::vector<std::uint32_t> intern(std::string_view words);
    /// For each of `parts` (folded, without spaces): a bit per word number, set when that
    /// word contains the part. Safe to call while another thread interns.
    std::vector<std::vector<bool>> containing(const std::vector<std::string>& parts) const;
    /// The word numbered `id` (for tests and excerpts); empty when there is none.
    std::string word(std::uint32_t id) const;
    std::size_t size() const;

private:
    // Words live as long as the vocabulary, which outlives the snapshots: in the lasting
    // pool, so that they do not hold the pages of the snapshot that first met them.
    template <class T>
    using lasting = content::lasting_allocator<T>;
    mutable std::mutex lock_;
    /// By number; a deque, so the map's views stay valid.
    std::deque<content::lasting_string, lasting<content::lasting_string>> words_;
    std::unordered_map<std::string_view, std::uint32_t, std::hash<std::string_view>, std::equal_to<>,
                       lasting<std::pair<const std::string_view, std::uint32_t>>>
        ids_;
};

/// A new, empty vocabulary, in the lasting pool.
std::shared_ptr<search_vocabulary> make_vocabulary();

} // namespace smolpub::site
