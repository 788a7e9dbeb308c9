// SPDX-License-Identifier: ISC
#include "site/path_table.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>

namespace smolpub::site {

namespace {

/// A kept text is its length (7 bits a byte, low bits first) then its bytes: paths are
/// short, so the length costs one byte where a view would cost sixteen.
std::size_t length_size(std::size_t n) noexcept
{
    std::size_t bytes = 1;
    while (n >= 0x80) {
        n >>= 7;
        ++bytes;
    }
    return bytes;
}

constexpr unsigned block_bits = 16;
static_assert(text_store::block_size == std::size_t{1} << block_bits);
constexpr std::size_t max_blocks = std::size_t{1} << (32 - block_bits);

// A slot holds its entry's number + 1 in the low 24 bits (0: free) and the top 8 bits of
// its key's hash above them. A probe that meets another key almost always tells it by
// those 8 bits, without reading the key from the store: a miss walks a run of slots
// rather than a run of keys.
constexpr std::uint32_t entry_bits = 24;
constexpr std::uint32_t entry_mask = (std::uint32_t{1} << entry_bits) - 1;
constexpr std::size_t max_entries = entry_mask - 1;

std::uint32_t tag_of(std::size_t hash) noexcept
{
    return static_cast<std::uint32_t>(hash >> (8 * sizeof(std::size_t) - 8)) << entry_bits;
}

std::size_t hash_of(std::string_view key) noexcept
{
    return std::hash<std::string_view>{}(key);
}

} // namespace

kept_text text_store::keep(std::string_view text)
{
    const std::size_t need = length_size(text.size()) + text.size();
    if (next_ + need > end_) {
        // A text never straddles two blocks; one longer than a block gets a run of them.
        const std::size_t count = need <= block_size ? 1 : (need + block_size - 1) / block_size;
        if (blocks_.size() + count > max_blocks)
            throw std::length_error("text_store: more than 4 GB of paths");
        owned_.push_back(std::make_unique_for_overwrite<char[]>(count * block_size));
        char* base = owned_.back().get();
        next_ = std::uint64_t{blocks_.size()} << block_bits;
        for (std::size_t k = 0; k < count; ++k)
            blocks_.push_back(base + k * block_size);
        end_ = std::uint64_t{blocks_.size()} << block_bits;
    }
    const kept_text kept{static_cast<std::uint32_t>(next_)};
    char* out = blocks_[next_ >> block_bits] + (next_ & (block_size - 1));
    for (std::size_t n = text.size(); ; n >>= 7) {
        *out++ = static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
        if (n < 0x80)
            break;
    }
    if (!text.empty())
        std::memcpy(out, text.data(), text.size());
    next_ += need;
    return kept;
}

std::string_view text_store::view(kept_text t) const noexcept
{
    const char* p = blocks_[t.at >> block_bits] + (t.at & (block_size - 1));
    std::size_t n = 0;
    for (unsigned shift = 0; ; shift += 7) {
        const auto byte = static_cast<unsigned char>(*p++);
        n |= std::size_t{byte & 0x7fu} << shift;
        if (byte < 0x80)
            break;
    }
    return {p, n};
}

path_index::path_index(std::shared_ptr<text_store> store) : store_(std::move(store)) {}

// Slots are taken modulo their count, which need not be a power of two: a table reserved
// for 30,000 entries gets 40,000 slots rather than 65,536.
std::uint32_t path_index::slot_of(std::string_view key, std::size_t hash) const noexcept
{
    const std::size_t count = slots_.size();
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t s = hash % count; ; s = s + 1 == count ? 0 : s + 1) {
        const std::uint32_t held = slots_[s];
        if (held == 0 || ((held & ~entry_mask) == tag && store_->view(keys_[(held & entry_mask) - 1]) == key))
            return static_cast<std::uint32_t>(s);
    }
}

std::uint32_t path_index::find(std::string_view key) const noexcept
{
    if (slots_.empty())
        return none;
    const std::uint32_t held = slots_[slot_of(key, hash_of(key))];
    return held == 0 ? none : (held & entry_mask) - 1;
}

void path_index::place(std::uint32_t entry, std::size_t hash) noexcept
{
    const std::size_t count = slots_.size();
    std::size_t s = hash % count;
    while (slots_[s] != 0)
        s = s + 1 == count ? 0 : s + 1;
    slots_[s] = tag_of(hash) | (entry + 1);
}

void path_index::grow(std::size_t slots)
{
    slots_.assign(slots, 0);
    for (std::uint32_t e = 0; e < keys_.size(); ++e)
        place(e, hash_of(store_->view(keys_[e])));
}

bool path_index::full(std::size_t entries, std::size_t slots) noexcept
{
    // Linear probing stays short while at most three slots in four are taken.
    return entries >= slots / 4 * 3;
}

void path_index::reserve(std::size_t count)
{
    keys_.reserve(count);
    const std::size_t slots = std::max<std::size_t>(16, count / 3 * 4 + 8);
    if (slots > slots_.size() && full(count, slots_.size()))
        grow(slots);
}

std::pair<std::uint32_t, bool> path_index::insert(std::string_view key)
{
    return add(key, nullptr);
}

std::pair<std::uint32_t, bool> path_index::insert(kept_text key)
{
    return add(store_->view(key), &key);
}

std::pair<std::uint32_t, bool> path_index::add(std::string_view key, const kept_text* kept)
{
    if (full(keys_.size() + 1, slots_.size()))
        grow(slots_.empty() ? 16 : slots_.size() * 2);
    const std::size_t hash = hash_of(key);
    const std::uint32_t s = slot_of(key, hash);
    if (slots_[s] != 0)
        return {(slots_[s] & entry_mask) - 1, false};
    if (keys_.size() >= max_entries)
        throw std::length_error("path_index: more than 16 million entries");
    const auto entry = static_cast<std::uint32_t>(keys_.size());
    keys_.push_back(kept ? *kept : store_->keep(key));
    slots_[s] = tag_of(hash) | (entry + 1);
    return {entry, true};
}

} // namespace smolpub::site
