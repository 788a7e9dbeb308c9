// SPDX-License-Identifier: ISC
#pragma once
// The in-memory full-text index behind /search: built once at load, read-only after.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "content/lasting_memory.hpp"
#include "site/search_vocabulary.hpp"
#include "site/document.hpp"

namespace smolpub::site {

/// Lowercases ASCII, Latin-1, Greek and Cyrillic capitals without changing the byte
/// length of anything, so an offset found in the folded text is valid in the original.
std::string fold_case(std::string_view utf8);

/// The words of a gemtext document on one line: markers, URLs and fences dropped,
/// link labels kept, whitespace collapsed.
std::string plain_text(std::string_view gemtext);

/// Up to about `width` bytes of `text` around [pos, pos+len), cut at spaces where
/// possible and never inside a UTF-8 sequence; "…" marks a cut.
std::string excerpt_around(std::string_view text, std::size_t pos, std::size_t len, std::size_t width = 160);

/// What the index holds of one article or page. Immutable, so that a reload can share the
/// entries of unchanged articles with the snapshot before it instead of rendering them again;
/// so kept, with its strings, in the lasting pool (content/lasting_memory.hpp).
struct search_entry {
    content::lasting_string path, title, date;
    std::int64_t key = 0;
    content::lasting_string folded_title;
    /// The distinct words of the folded text, by their numbers in the index's vocabulary
    /// (search_vocabulary.hpp): ascending, each stored as the difference to the one before
    /// in 7-bit groups (LEB128), one or two bytes for most words. A query word holds no
    /// space, so it is in the text exactly when it is part of one of these words; where it
    /// first is, is found again in the text for the hits shown only.
    content::lasting_string word_ids;
    content::lasting_string text;  ///< the text before folding; empty when dropped (see make_entry)
};

/// The text of an entry whose `text` was dropped, made again (for an excerpt): it must be
/// the very text that was folded, since positions in one are used in the other.
using search_text_source = std::function<std::string(const search_entry&)>;

class search_index {
public:
    /// An index numbering words in `vocabulary`: a new one, or for a reload the snapshot
    /// before's, so that its entries can be added as they are.
    explicit search_index(std::shared_ptr<search_vocabulary> vocabulary = make_vocabulary());

    /// The entry of an article or page; `gemtext` is its rendered body. Without
    /// `keep_text` only the numbers of its distinct folded words are kept, and find()
    /// needs a search_text_source to show excerpts of it. Safe to call from several threads.
    std::shared_ptr<const search_entry> make_entry(std::string_view path, std::string_view title, std::string_view date,
                                                   std::int64_t sort_key, std::string_view gemtext,
                                                   bool keep_text = true) const;
    /// Adds an article or page; `gemtext` is its rendered body.
    void add(std::string path, std::string title, std::string date, std::int64_t sort_key,
             std::string_view gemtext);
    void add(std::shared_ptr<const search_entry> e) { entries_.push_back(std::move(e)); }
    /// Entries holding every word of `query` in their title or body: those with more
    /// words in the title first, then newest first. At most `limit`.
    std::vector<search_hit> find(std::string_view query, std::size_t limit,
                                 const search_text_source& source = {}) const;
    std::size_t size() const { return entries_.size(); }
    /// The distinct words of `e`, space-separated, in the order they were numbered.
    std::string entry_words(const search_entry& e) const;
    const std::shared_ptr<search_vocabulary>& vocabulary() const { return vocabulary_; }

private:
    std::shared_ptr<search_vocabulary> vocabulary_;
    std::vector<std::shared_ptr<const search_entry>> entries_;
};

} // namespace smolpub::site
