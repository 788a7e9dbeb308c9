// SPDX-License-Identifier: ISC
#include "render/gemtext_links.hpp"

#include "render/gemtext_text.hpp"

namespace smolpub::render::gemtext_detail {

std::pair<open_link, std::string> gemtext_links::close()
{
    open_link link = std::move(open_.back());
    open_.pop_back();
    std::string label = collapse_blanks(std::string_view{label_text_}.substr(link.label_start));
    if (open_.empty())
        label_text_.clear();
    return {std::move(link), std::move(label)};
}

std::string gemtext_links::label_unless_url(std::string label, const open_link& link)
{
    if (label == link.raw_url || label == *link.target)
        label.clear();
    return label;
}

std::optional<std::string> gemtext_links::queue(open_link& link, std::string label)
{
    if (options_.links == link_placement::off)
        return std::nullopt;
    label = label_unless_url(std::move(label), link);
    std::size_t number = 0;
    std::optional<std::string> marker;
    if (options_.labels == link_labels::numbered) {
        auto [it, inserted] = numbers_.try_emplace(*link.target, numbers_.size() + 1);
        number = it->second;
        marker = "[" + std::to_string(number) + "]";
    }
    if (queued_urls_.insert(*link.target).second)
        queue_.push_back({std::move(*link.target), std::move(label), number});
    return marker;
}

void gemtext_links::emit_queued(gemtext_lines& lines)
{
    for (const auto& link : queue_)
        lines.emit_link_line(link);
    queue_.clear();
    queued_urls_.clear();
}

} // namespace smolpub::render::gemtext_detail
