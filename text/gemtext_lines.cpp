// SPDX-License-Identifier: ISC
#include "text/gemtext_lines.hpp"

#include <algorithm>

namespace smolpub::text {

gemtext_lines::iterator::iterator(std::string_view text, std::size_t pos) : text_{text}, pos_{pos}, next_{pos}
{
    if (pos_ < text_.size())
        read();
    else
        pos_ = text_.size() + 1;
}

void gemtext_lines::iterator::read()
{
    const auto end = std::min(text_.find('\n', pos_), text_.size());
    const bool was_in_block = in_block_;
    line_.text = text_.substr(pos_, end - pos_);
    ++line_.number;
    line_.toggle = line_.text.starts_with("```");
    if (line_.toggle)
        in_block_ = !in_block_;
    line_.preformatted = was_in_block && !line_.toggle;
    next_ = end + 1;
}

gemtext_lines::iterator& gemtext_lines::iterator::operator++()
{
    pos_ = next_;
    if (pos_ < text_.size())
        read();
    else
        pos_ = text_.size() + 1;
    return *this;
}

std::optional<gemtext_link> link_of(std::string_view line)
{
    if (!line.starts_with("=>"))
        return std::nullopt;
    const auto url_at = line.find_first_not_of(" \t", 2);
    if (url_at == std::string_view::npos)
        return std::nullopt;
    const auto url_end = std::min(line.find_first_of(" \t", url_at), line.size());
    return gemtext_link{line.substr(url_at, url_end - url_at), url_at, line.substr(url_end)};
}

} // namespace smolpub::text
