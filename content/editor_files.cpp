// SPDX-License-Identifier: ISC
#include "content/editor_files.hpp"

namespace smolpub::content {

bool is_editor_scratch(std::string_view name)
{
    if (name.empty() || name.front() == '.' || name.back() == '~')
        return true;
    if (name.size() >= 2 && name.front() == '#' && name.back() == '#')
        return true;
    // vim's swap files: .swp, then .swo and .swn when one is taken; .swx while it
    // tests a folder (not .swf: that is a Flash file someone may publish).
    for (const std::string_view swap : {".swp", ".swo", ".swn", ".swx"})
        if (name.size() > swap.size() && name.ends_with(swap))
            return true;
    return name == "4913";
}

} // namespace smolpub::content
