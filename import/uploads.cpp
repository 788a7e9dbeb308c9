// SPDX-License-Identifier: ISC
#include "import/uploads.hpp"

namespace smolpub::import {

std::optional<std::string> full_size_name(const std::string& path)
{
    const auto slash = path.rfind('/');
    const auto dot = path.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return std::nullopt;
    // Walk back over "-<digits>x<digits>" just before the extension.
    std::size_t i = dot;
    for (const char before : {'x', '-'}) {
        const std::size_t end = i;
        while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9')
            --i;
        if (i == end || i == 0 || path[i - 1] != before)
            return std::nullopt;
        --i;
    }
    const std::size_t name_start = slash == std::string::npos ? 0 : slash + 1;
    if (i <= name_start)
        return std::nullopt;  // "-300x200.jpg" is a name, not a size suffix
    return path.substr(0, i) + path.substr(dot);
}

std::optional<std::string> upload_copier::link(const std::string& path)
{
    if (auto it = done_.find(path); it != done_.end())
        return it->second;
    std::optional<std::string> chosen;
    std::error_code ec;
    if (auto full = full_size_name(path); full && std::filesystem::is_regular_file(from_ / *full, ec))
        chosen = *full;
    else if (std::filesystem::is_regular_file(from_ / path, ec))
        chosen = path;
    std::optional<std::string> url;
    if (chosen) {
        if (auto it = done_.find(*chosen); it != done_.end() && it->second) {
            url = it->second;
        } else {
            // A failed copy is reported by capsule_files; an existing one (an earlier import
            // with --force) is as good as a new one.
            copied_ += files_.copy(from_ / *chosen, "content/uploads/" + *chosen) ? 1 : 0;
            url = "/uploads/" + *chosen;
            done_[*chosen] = url;
        }
    }
    done_[path] = url;
    return url;
}

} // namespace smolpub::import
