// SPDX-License-Identifier: ISC
#pragma once
// The links of the gemtext writer: the ones open in the text being walked (Markdown links,
// images, raw-HTML anchors) and the `=>` lines queued until the end of their block.
// Pure: no I/O.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "render/gemtext.hpp"
#include "render/gemtext_lines.hpp"

namespace smolpub::render::gemtext_detail {

/// A link whose text is being walked.
struct open_link {
    std::optional<std::string> target;  ///< nullopt: the text stays, no link line
    std::string raw_url;
    std::size_t label_start = 0;
    bool image = false;
    bool hidden = false;  ///< inside <script> or a comment: no link line either
    bool html = false;    ///< opened by a raw `<a href>`, not by Markdown
};

class gemtext_links {
public:
    explicit gemtext_links(const gemtext_options& options) : options_(options) {}

    /// Opens a link; its label is the text added from now until it closes.
    void open(open_link link)
    {
        link.label_start = label_text_.size();
        open_.push_back(std::move(link));
    }
    bool any_open() const { return !open_.empty(); }
    /// Whether the innermost open link is a raw-HTML anchor.
    bool innermost_is_html() const { return !open_.empty() && open_.back().html; }
    /// Text inside the open links (each takes what came after it opened).
    void add_label_text(std::string_view text) { label_text_ += text; }
    /// Closes the innermost link: the link and its label, blanks collapsed.
    std::pair<open_link, std::string> close();

    /// Queues a link line unless links are off; returns the `[n]` to put in the prose
    /// when links are numbered. A URL already queued is not queued again.
    std::optional<std::string> queue(open_link& link, std::string label);
    bool any_queued() const { return !queue_.empty(); }
    /// Writes the queued link lines and empties the queue.
    void emit_queued(gemtext_lines& lines);

    /// An autolink's text is its URL: `=> URL` says it all, so the label goes.
    static std::string label_unless_url(std::string label, const open_link& link);

private:
    const gemtext_options& options_;
    std::vector<open_link> open_;
    std::string label_text_;  // text of all open links; each remembers where its label starts
    std::vector<queued_link> queue_;
    std::unordered_set<std::string> queued_urls_;  // a paragraph may hold thousands of links
    std::unordered_map<std::string, std::size_t> numbers_;
};

} // namespace smolpub::render::gemtext_detail
