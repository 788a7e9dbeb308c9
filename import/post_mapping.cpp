// SPDX-License-Identifier: ISC
#include "import/post_mapping.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "content/toml_text.hpp"

namespace smolpub::import {
using content::toml_multiline;
using content::toml_string;
using content::toml_string_array;

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n)
{
    for (std::size_t i = at; i < at + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int number(std::string_view s, std::size_t at, std::size_t n)
{
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i)
        v = v * 10 + (s[i] - '0');
    return v;
}

/// "YYYY-MM-DD HH:MM:SS" with sane fields -> "YYYY-MM-DDTHH:MM:SS"; empty otherwise.
std::string wp_datetime(std::string_view s)
{
    if (s.size() < 19 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2) ||
        (s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' ||
        !digits(s, 17, 2))
        return {};
    const int year = number(s, 0, 4), month = number(s, 5, 2), day = number(s, 8, 2);
    const int hour = number(s, 11, 2), minute = number(s, 14, 2), second = number(s, 17, 2);
    static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > month_days[month - 1] || hour > 23 || minute > 59 ||
        second > 59)
        return {};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap)
        return {};
    std::string out{s.substr(0, 19)};
    out[10] = 'T';
    return out;
}

} // namespace

std::string toml_date(std::string_view gmt, std::string_view local)
{
    if (std::string utc = wp_datetime(gmt); !utc.empty())
        return utc + "Z";
    return wp_datetime(local);
}

/// Appends `key = value` with the value as `written` makes it TOML, unless it is empty.
template <class Value, class Written>
void line_unless_empty(std::string& out, std::string_view key, const Value& value, Written written)
{
    if (value.empty())
        return;
    out += key;
    out += " = ";
    out += written(value);
    out += '\n';
}

/// A date, already TOML.
std::string as_is(const std::string& value) { return value; }

std::string article_file(const article_fields& f, std::string_view body)
{
    std::string out = "+++\ntitle = " + toml_string(f.title) + "\n";
    line_unless_empty(out, "date", f.date, as_is);
    line_unless_empty(out, "description", f.description, toml_string);
    line_unless_empty(out, "author", f.author, toml_string);
    line_unless_empty(out, "tags", f.tags, toml_string_array);
    line_unless_empty(out, "aliases", f.aliases, toml_string_array);
    // The post's number on the old blog, for `?p=N` links. Only a positive integer without
    // leading zeros that fits in 64 bits: anything else is no WordPress id.
    if (!f.wordpress_id.empty() && f.wordpress_id.size() <= 18 && digits(f.wordpress_id, 0, f.wordpress_id.size()) &&
        f.wordpress_id.front() != '0')
        out += "wordpress_id = " + f.wordpress_id + "\n";
    out += "comments = \"closed\"\n";
    if (f.draft)
        out += "draft = true\n";
    out += "+++\n";
    if (!body.empty()) {
        out += '\n';
        out += body;
    }
    return out;
}

std::string comments_file(const std::vector<comment_fields>& comments)
{
    std::string out;
    for (const auto& c : comments) {
        if (!out.empty())
            out += '\n';
        out += "[[comment]]\n";
        out += "id = " + toml_string(c.id) + "\n";
        line_unless_empty(out, "reply_to", c.reply_to, toml_string);
        line_unless_empty(out, "author", c.author, toml_string);
        line_unless_empty(out, "date", c.date, as_is);
        if (!c.mention.empty())
            out += "mention = " + toml_string(c.mention) + "\n";
        else
            out += "body = " + toml_multiline(c.body) + "\n";
    }
    return out;
}

comment_verdict judge_comment(const wxr_comment& c, bool keep_pingbacks)
{
    if (c.approved == "spam")
        return comment_verdict::spam;
    if (c.approved == "0")
        return comment_verdict::unapproved;
    if (c.approved != "1")
        return comment_verdict::trashed;  // "trash", "post-trashed"
    if ((c.type == "pingback" || c.type == "trackback") && !keep_pingbacks)
        return comment_verdict::pingback;
    return comment_verdict::keep;
}

void order_thread(std::vector<comment_fields>& comments, const std::vector<std::pair<std::string, std::string>>& all_parents)
{
    std::unordered_map<std::string, std::string> parent_of(all_parents.begin(), all_parents.end());
    std::unordered_set<std::string> kept;
    for (const auto& c : comments)
        kept.insert(c.id);
    for (auto& c : comments) {
        // Up the chain of dropped comments to one that is kept; bounded against loops.
        std::string parent = c.reply_to;
        for (int hops = 0; !parent.empty() && !kept.contains(parent) && hops < 1000; ++hops) {
            auto it = parent_of.find(parent);
            parent = it == parent_of.end() ? std::string{} : it->second;
        }
        c.reply_to = kept.contains(parent) && parent != c.id ? parent : std::string{};
    }
    // Oldest first by numeric id, then each reply right after what it answers (iterative DFS).
    const auto numeric = [](const std::string& id) {
        return std::pair{id.size(), id};
    };
    std::stable_sort(comments.begin(), comments.end(),
                     [&](const comment_fields& a, const comment_fields& b) { return numeric(a.id) < numeric(b.id); });
    std::unordered_map<std::string, std::vector<std::size_t>> children;
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < comments.size(); ++i) {
        if (comments[i].reply_to.empty())
            roots.push_back(i);
        else
            children[comments[i].reply_to].push_back(i);
    }
    std::vector<comment_fields> ordered;
    std::vector<bool> placed(comments.size(), false);
    std::vector<std::size_t> stack(roots.rbegin(), roots.rend());
    auto run = [&] {
        while (!stack.empty()) {
            const std::size_t i = stack.back();
            stack.pop_back();
            if (placed[i])
                continue;
            placed[i] = true;
            ordered.push_back(comments[i]);
            if (auto it = children.find(comments[i].id); it != children.end())
                for (auto c = it->second.rbegin(); c != it->second.rend(); ++c)
                    stack.push_back(*c);
        }
    };
    run();
    // Replies caught in a parent loop were never reached: they go to the top level.
    for (std::size_t i = 0; i < comments.size(); ++i) {
        if (!placed[i]) {
            comments[i].reply_to.clear();
            stack.push_back(i);
            run();
        }
    }
    comments = std::move(ordered);
}

} // namespace smolpub::import
