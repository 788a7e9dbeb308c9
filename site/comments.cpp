// SPDX-License-Identifier: ISC
#include "site/comments.hpp"

#include <algorithm>
#include <unordered_map>

#include "site/paths.hpp"
#include "text/gemtext_lines.hpp"

namespace smolpub::site {

using content::comment;

std::vector<thread_entry> thread_order(const std::vector<comment>& comments)
{
    const std::size_t n = comments.size();
    std::unordered_map<std::string_view, std::size_t> by_id;
    for (std::size_t i = 0; i < n; ++i)
        if (!comments[i].id.empty())
            by_id.emplace(comments[i].id, i);  // the first of duplicate ids wins

    std::vector<std::vector<std::size_t>> replies(n);
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < n; ++i) {
        const auto it = comments[i].reply_to.empty() ? by_id.end() : by_id.find(comments[i].reply_to);
        if (it == by_id.end() || it->second == i)
            roots.push_back(i);
        else
            replies[it->second].push_back(i);
    }
    // Stable: comments without a date, or with equal dates, keep their file order.
    const auto oldest_first = [&](std::vector<std::size_t>& v) {
        std::stable_sort(v.begin(), v.end(), [&](std::size_t a, std::size_t b) {
            return paths::sort_key(comments[a].date) < paths::sort_key(comments[b].date);
        });
    };
    oldest_first(roots);
    for (auto& r : replies)
        oldest_first(r);

    std::vector<thread_entry> order;
    order.reserve(n);
    std::vector<bool> shown(n, false);
    // Iterative depth-first walk: a long reply chain must not exhaust the stack.
    const auto walk = [&](std::size_t root) {
        std::vector<thread_entry> stack{{root, 0}};
        while (!stack.empty()) {
            const thread_entry e = stack.back();
            stack.pop_back();
            if (shown[e.index])
                continue;
            shown[e.index] = true;
            order.push_back(e);
            const auto& kids = replies[e.index];
            for (auto it = kids.rbegin(); it != kids.rend(); ++it)
                stack.push_back({*it, e.depth + 1});
        }
    };
    for (std::size_t r : roots)
        walk(r);
    // Whatever is left only replies within a cycle: show it rather than lose it.
    for (std::size_t i = 0; i < n; ++i)
        if (!shown[i])
            walk(i);
    return order;
}

std::string flatten_headings(std::string_view gemtext)
{
    std::string out;
    out.reserve(gemtext.size());
    for (const text::gemtext_line& l : text::gemtext_lines{gemtext}) {
        std::string_view line = l.text;
        if (!l.toggle && !l.preformatted && line.starts_with("#")) {
            line.remove_prefix(std::min(line.find_first_not_of('#'), line.size()));
            line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
            // The heading's text must not turn into a link or a preformatting toggle.
            if (line.starts_with("=>") || line.starts_with("```"))
                out += ' ';
        }
        out += line;
        out += '\n';
    }
    return out;
}

std::string comment_heading(const comment& c, std::size_t depth)
{
    std::string line = "### ";
    for (std::size_t i = 0; i < std::min<std::size_t>(depth, 8); ++i)
        line += "↳ ";
    // Deeper, the arrows would fill the line: the level is said instead, so a reply at 9
    // and one at 12 do not look like siblings.
    if (depth > 8)
        line += "(" + std::to_string(depth) + ") ";
    const std::string author = paths::one_line(c.author);
    line += author.empty() ? "Anonymous" : author;
    if (c.date) {
        line += " · ";
        line += c.date->ymd();
    }
    line += '\n';
    return line;
}

std::string mentions_list(const std::vector<comment>& comments)
{
    std::string out;
    for (const comment& c : comments) {
        if (c.mention.empty())
            continue;
        if (out.empty())
            out = "\n## Mentioned by\n\n";
        std::string label = paths::one_line(c.author);
        if (label.empty())
            label = paths::one_line(c.mention);
        if (c.date) {
            label += " · ";
            label += c.date->ymd();
        }
        out += "=> " + paths::one_line(c.mention) + " " + label + "\n";
    }
    return out;
}

} // namespace smolpub::site
