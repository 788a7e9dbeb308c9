// SPDX-License-Identifier: ISC
#include "site/search_vocabulary.hpp"

namespace smolpub::site {

std::vector<std::uint32_t> search_vocabulary::intern(std::string_view words)
{
    std::vector<std::uint32_t> ids;
    // One lock per text, not per word: a text's words are looked up together.
    const std::lock_guard hold(lock_);
    std::size_t pos = 0;
    while (pos < words.size()) {
        auto end = words.find(' ', pos);
        if (end == std::string_view::npos)
            end = words.size();
        const std::string_view word = words.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty())
            continue;
        if (const auto found = ids_.find(word); found != ids_.end()) {
            ids.push_back(found->second);
            continue;
        }
        const auto id = static_cast<std::uint32_t>(words_.size());
        words_.emplace_back(word);
        ids_.emplace(words_.back(), id);
        ids.push_back(id);
    }
    return ids;
}

std::vector<std::vector<bool>> search_vocabulary::containing(const std::vector<std::string>& parts) const
{
    const std::lock_guard hold(lock_);
    std::vector<std::vector<bool>> found(parts.size(), std::vector<bool>(words_.size()));
    for (std::size_t id = 0; id < words_.size(); ++id)
        for (std::size_t p = 0; p < parts.size(); ++p)
            if (words_[id].find(parts[p]) != std::string::npos)
                found[p][id] = true;
    return found;
}

std::string search_vocabulary::word(std::uint32_t id) const
{
    const std::lock_guard hold(lock_);
    return id < words_.size() ? std::string{words_[id]} : std::string{};
}

std::size_t search_vocabulary::size() const
{
    const std::lock_guard hold(lock_);
    return words_.size();
}

std::shared_ptr<search_vocabulary> make_vocabulary()
{
    return std::allocate_shared<search_vocabulary>(content::lasting_allocator<search_vocabulary>{});
}

} // namespace smolpub::site
