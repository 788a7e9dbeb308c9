// SPDX-License-Identifier: ISC
#pragma once
// The bounded cache of rendered pages (limits.cache): pages are rendered on demand from the
// content model, kept here while there is room, and the least recently used go first.
// One cache serves every snapshot of every site: a page's key holds a fingerprint of
// everything its text depends on, so a reload that leaves a page's inputs alone finds its
// render again, and a changed page can never be answered from an older render.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "site/document.hpp"

namespace smolpub::site {

class page_cache {
public:
    /// A cache holding at most `limit_bytes` of pages (bodies, MIME types and keys).
    explicit page_cache(std::size_t limit_bytes);
    page_cache(const page_cache&) = delete;
    page_cache& operator=(const page_cache&) = delete;

    /// The key of one rendered page: which view ('g' gemtext; 'm' the Gopher menu of a
    /// hand-written .gmi file, which has no cached gemtext), its fingerprint, its path.
    static std::string key(char view, std::uint64_t fingerprint, std::string_view path);

    /// The page under `key`, now the most recently used; nullptr when absent.
    std::shared_ptr<const document> find(const std::string& key);
    /// Caches `doc` under `key` (replacing an entry of the same key), evicting the least
    /// recently used pages past the limit; returns it. A page larger than the whole limit
    /// is returned without being kept. Documents handed out stay valid after eviction.
    std::shared_ptr<const document> insert(const std::string& key, document doc);
    /// Drops every entry for which `keep(key)` is false (pages of a site's last snapshot).
    void retain(const std::function<bool(std::string_view)>& keep);
    /// Changes the limit, evicting at once what no longer fits.
    void set_limit(std::size_t limit_bytes);

    std::size_t bytes() const;
    std::size_t count() const;
    std::size_t limit() const;

private:
    struct entry {
        std::string key;
        std::shared_ptr<const document> doc;
        std::size_t cost = 0;
    };
    static std::size_t cost_of(const std::string& key, const document& doc);
    void evict_locked();

    mutable std::mutex mutex_;
    std::list<entry> lru_;  ///< most recently used first
    std::unordered_map<std::string_view, std::list<entry>::iterator> index_;  ///< views into lru_ keys
    std::size_t bytes_ = 0;
    std::size_t limit_ = 0;
};

} // namespace smolpub::site
