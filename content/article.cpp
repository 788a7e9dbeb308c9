// SPDX-License-Identifier: ISC
// The packed texts of an article record (content/model.hpp).
#include "content/model.hpp"
#include "content/packed_comments.hpp"

namespace smolpub::content {

std::string article::body_markdown() const
{
    return body_text ? body_text->unpack() : std::string{};
}

void article::set_body(std::string_view markdown)
{
    body_text = packed_text::pack(markdown);
}

std::vector<comment> article::comments() const
{
    return comments_text ? unpack_comments(*comments_text) : std::vector<comment>{};
}

void article::set_comments(const std::vector<comment>& list)
{
    comment_count = list.size();
    comments_text = list.empty() ? nullptr : pack_comments(list);
}

} // namespace smolpub::content
