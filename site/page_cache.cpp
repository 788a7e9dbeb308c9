// SPDX-License-Identifier: ISC
#include "site/page_cache.hpp"

namespace smolpub::site {

page_cache::page_cache(std::size_t limit_bytes) : limit_(limit_bytes) {}

std::string page_cache::key(char view, std::uint64_t fingerprint, std::string_view path)
{
    std::string k;
    k.reserve(1 + 16 + path.size());
    k += view;
    for (int shift = 60; shift >= 0; shift -= 4)
        k += "0123456789abcdef"[(fingerprint >> shift) & 0xf];
    k += path;
    return k;
}

std::size_t page_cache::cost_of(const std::string& key, const document& doc)
{
    // The strings' bytes plus what the list node, the index slot and the shared document
    // cost beside them (measured with glibc malloc: about 200 bytes).
    constexpr std::size_t overhead = 200;
    return key.size() + doc.mime.size() + doc.body.size() + overhead;
}

std::shared_ptr<const document> page_cache::find(const std::string& key)
{
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end())
        return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->doc;
}

std::shared_ptr<const document> page_cache::insert(const std::string& key, document doc)
{
    const std::size_t cost = cost_of(key, doc);
    auto shared = std::make_shared<const document>(std::move(doc));
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) {
        const auto node = it->second;
        bytes_ -= node->cost;
        index_.erase(it);
        lru_.erase(node);
    }
    if (cost > limit_)
        return shared;
    lru_.push_front({key, shared, cost});
    index_.emplace(lru_.front().key, lru_.begin());
    bytes_ += cost;
    evict_locked();
    return shared;
}

void page_cache::retain(const std::function<bool(std::string_view)>& keep)
{
    const std::lock_guard lock(mutex_);
    for (auto it = lru_.begin(); it != lru_.end();) {
        if (keep(it->key)) {
            ++it;
            continue;
        }
        bytes_ -= it->cost;
        index_.erase(it->key);
        it = lru_.erase(it);
    }
}

void page_cache::set_limit(std::size_t limit_bytes)
{
    const std::lock_guard lock(mutex_);
    limit_ = limit_bytes;
    evict_locked();
}

void page_cache::evict_locked()
{
    while (bytes_ > limit_ && !lru_.empty()) {
        bytes_ -= lru_.back().cost;
        index_.erase(lru_.back().key);
        lru_.pop_back();
    }
}

std::size_t page_cache::bytes() const
{
    const std::lock_guard lock(mutex_);
    return bytes_;
}

std::size_t page_cache::count() const
{
    const std::lock_guard lock(mutex_);
    return lru_.size();
}

std::size_t page_cache::limit() const
{
    const std::lock_guard lock(mutex_);
    return limit_;
}

} // namespace smolpub::site
