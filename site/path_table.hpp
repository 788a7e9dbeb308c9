// SPDX-License-Identifier: ISC
#pragma once
// A compact table keyed by strings, for the tens of thousands of paths a snapshot serves.
// A node-based std::unordered_map<std::string, V> costs about 140 bytes an entry (a node,
// a key string of its own, a bucket); here the keys lie end to end in 64 KB blocks of a
// text_store, which several tables may share (one path kept once serves the Gemini,
// Gopher and directory tables alike); an entry is a 4-byte reference to its key and its
// value, and the index an open-addressing array of 4-byte slots (entry number and 8 bits
// of the key's hash).
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace smolpub::site {

/// A text kept in a text_store, valid as long as the store is.
struct kept_text {
    std::uint32_t at = 0;
    friend bool operator==(kept_text, kept_text) = default;
};

/// Strings end to end in blocks of 64 KB, never moved: growing adds a block, so views
/// into the store stay valid for its lifetime. Append-only.
class text_store {
public:
    /// Copies `text` into the store. Throws std::length_error past 4 GB of text.
    kept_text keep(std::string_view text);
    /// The text kept as `t`.
    std::string_view view(kept_text t) const noexcept;
    /// Bytes allocated for text.
    std::size_t capacity() const noexcept { return blocks_.size() * block_size; }

    static constexpr std::size_t block_size = std::size_t{1} << 16;

private:
    /// One pointer per 64 KB of reference space: a text longer than a block gets a run
    /// of blocks of its own, each of them with its entry here.
    std::vector<std::unique_ptr<char[]>> owned_;
    std::vector<char*> blocks_;
    std::uint64_t next_ = 0;  ///< reference of the next free byte
    std::uint64_t end_ = 0;   ///< end of the last block, in references
};

/// The untyped part of path_table: keys and the index; entry numbers in insertion order,
/// at most 16 million of them (std::length_error past that).
class path_index {
public:
    explicit path_index(std::shared_ptr<text_store> store);
    static constexpr std::uint32_t none = UINT32_MAX;

    /// The entry number of `key`, or `none`.
    std::uint32_t find(std::string_view key) const noexcept;
    /// The entry of `key`, added at the end when absent (second: whether it was added).
    /// The key is kept in the store only when it is added.
    std::pair<std::uint32_t, bool> insert(std::string_view key);
    /// The same for a key already kept in this index's store: it is not copied.
    std::pair<std::uint32_t, bool> insert(kept_text key);
    void reserve(std::size_t count);
    std::size_t size() const noexcept { return keys_.size(); }
    std::string_view key(std::uint32_t entry) const noexcept { return store_->view(keys_[entry]); }
    text_store& store() const noexcept { return *store_; }
    const std::shared_ptr<text_store>& shared_store() const noexcept { return store_; }

private:
    std::uint32_t slot_of(std::string_view key, std::size_t hash) const noexcept;
    void place(std::uint32_t entry, std::size_t hash) noexcept;
    void grow(std::size_t slots);
    static bool full(std::size_t entries, std::size_t slots) noexcept;
    /// insert() of `key`, which is `*kept` when that is not null.
    std::pair<std::uint32_t, bool> add(std::string_view key, const kept_text* kept);

    std::shared_ptr<text_store> store_;
    std::vector<kept_text> keys_;      ///< per entry
    std::vector<std::uint32_t> slots_; ///< 8 bits of hash, entry + 1 (0: free); at most 3/4 taken
};

/// String keys to values of type V (small, copyable), in insertion order. Lookups by
/// string_view never build a string. Not thread-safe for writes; reads of a table that
/// is no longer written are.
template <class V>
class path_table {
public:
    /// A table with a store of its own ...
    path_table() : index_(std::make_shared<text_store>()) {}
    /// ... or sharing `store` with other tables (keys kept once serve them all).
    explicit path_table(std::shared_ptr<text_store> store) : index_(std::move(store)) {}

    /// The value at `key`, or nullptr.
    const V* find(std::string_view key) const noexcept
    {
        const auto e = index_.find(key);
        return e == path_index::none ? nullptr : &values_[e];
    }
    bool contains(std::string_view key) const noexcept { return index_.find(key) != path_index::none; }
    /// Adds `key` -> `value` unless `key` is present (then nothing changes); true if added.
    template <class Key>
    bool emplace(Key key, V value)
    {
        const auto [e, added] = index_.insert(key);
        if (added)
            values_.push_back(std::move(value));
        return added;
    }
    /// Adds `key` -> `value`, or replaces the value of a present `key` (it keeps its place).
    template <class Key>
    void insert_or_assign(Key key, V value)
    {
        const auto [e, added] = index_.insert(key);
        if (added)
            values_.push_back(std::move(value));
        else
            values_[e] = std::move(value);
    }
    void reserve(std::size_t count)
    {
        index_.reserve(count);
        values_.reserve(count);
    }
    std::size_t size() const noexcept { return index_.size(); }
    bool empty() const noexcept { return size() == 0; }

    /// Copies `text` into the table's store, e.g. a value that is a string.
    kept_text keep(std::string_view text) { return index_.store().keep(text); }
    std::string_view text(kept_text t) const noexcept { return index_.store().view(t); }
    const std::shared_ptr<text_store>& store() const noexcept { return index_.shared_store(); }

    /// Entry `n` in insertion order (n < size()).
    std::string_view key_at(std::size_t n) const noexcept { return index_.key(static_cast<std::uint32_t>(n)); }
    const V& value_at(std::size_t n) const noexcept { return values_[n]; }

    /// (key, value) in insertion order. An iterator is a position: entries added while
    /// iterating are not visited by a loop whose end was taken before.
    class iterator {
    public:
        using value_type = std::pair<std::string_view, const V&>;
        using difference_type = std::ptrdiff_t;
        iterator(const path_table* table, std::size_t n) : table_(table), n_(n) {}
        value_type operator*() const { return {table_->key_at(n_), table_->value_at(n_)}; }
        iterator& operator++() { ++n_; return *this; }
        bool operator==(const iterator& other) const noexcept { return n_ == other.n_; }

    private:
        const path_table* table_;
        std::size_t n_;
    };
    iterator begin() const noexcept { return {this, 0}; }
    iterator end() const noexcept { return {this, size()}; }

private:
    path_index index_;
    std::vector<V> values_;
};

} // namespace smolpub::site
