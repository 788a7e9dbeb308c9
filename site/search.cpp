// SPDX-License-Identifier: ISC
#include "site/search.hpp"
#include "text/gemtext_lines.hpp"

#include <algorithm>

namespace smolpub::site {
namespace {

bool continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::vector<std::string> words_of(std::string_view query)
{
    std::vector<std::string> words;
    const std::string folded = fold_case(query);
    std::size_t pos = 0;
    while (pos < folded.size()) {
        const auto start = folded.find_first_not_of(" \t\r\n", pos);
        if (start == std::string::npos)
            break;
        auto end = folded.find_first_of(" \t\r\n", start);
        if (end == std::string::npos)
            end = folded.size();
        words.push_back(folded.substr(start, end - start));
        pos = end;
    }
    return words;
}

/// The distinct numbers of `ids`, ascending, as LEB128 differences (see search_entry::word_ids).
std::string encode_ids(std::vector<std::uint32_t> ids)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::string out;
    std::uint32_t last = 0;
    for (const std::uint32_t id : ids) {
        std::uint32_t gap = id - last;
        last = id;
        while (gap >= 0x80) {
            out += static_cast<char>((gap & 0x7F) | 0x80);
            gap >>= 7;
        }
        out += static_cast<char>(gap);
    }
    return out;
}

/// Calls `each(id)` for every number encode_ids() wrote, ascending; stops when it returns true.
template <class F>
bool any_id(std::string_view bytes, F each)
{
    std::uint32_t id = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::uint32_t gap = 0;
        int shift = 0;
        unsigned char b = 0;
        do {
            b = static_cast<unsigned char>(bytes[pos++]);
            gap |= static_cast<std::uint32_t>(b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) && pos < bytes.size());
        id += gap;
        if (each(id))
            return true;
    }
    return false;
}

} // namespace

std::string fold_case(std::string_view utf8)
{
    std::string out{utf8};
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 0x20);
            continue;
        }
        if (c < 0xC0 || c >= 0xE0 || i + 1 >= out.size() || !continuation(out[i + 1]))
            continue;
        // Two-byte sequences only: every capital folded here has a two-byte lowercase.
        auto d = static_cast<unsigned char>(out[i + 1]);
        unsigned char lead = c, next = d;
        if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) {          // À..Þ except ×
            next = static_cast<unsigned char>(d + 0x20);
        } else if (c == 0xCE && d >= 0x91 && d <= 0x9F) {                 // Α..Ο
            next = static_cast<unsigned char>(d + 0x20);
        } else if (c == 0xCE && d >= 0xA0 && d <= 0xA9 && d != 0xA2) {    // Π..Ω
            lead = 0xCF;
            next = static_cast<unsigned char>(d - 0x20);
        } else if (c == 0xD0 && d >= 0x80 && d <= 0x8F) {                 // Ѐ..Џ
            lead = 0xD1;
            next = static_cast<unsigned char>(d + 0x10);
        } else if (c == 0xD0 && d >= 0x90 && d <= 0x9F) {                 // А..П
            next = static_cast<unsigned char>(d + 0x20);
        } else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {                 // Р..Я
            lead = 0xD1;
            next = static_cast<unsigned char>(d - 0x20);
        }
        out[i] = static_cast<char>(lead);
        out[i + 1] = static_cast<char>(next);
        ++i;
    }
    return out;
}

std::string plain_text(std::string_view gemtext)
{
    std::string out;
    out.reserve(gemtext.size());
    const auto append = [&out](std::string_view words) {
        for (char c : words) {
            const bool space = c == ' ' || c == '\t' || c == '\r';
            if (space && (out.empty() || out.back() == ' '))
                continue;
            out += space ? ' ' : c;
        }
        if (!out.empty() && out.back() != ' ')
            out += ' ';
    };
    // Preformatted text is indexed like any other; only the fence lines are left out.
    for (const text::gemtext_line& l : text::gemtext_lines{gemtext}) {
        std::string_view line = l.text;
        if (l.toggle)
            continue;
        if (line.starts_with("=>")) {
            line.remove_prefix(2);
            line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
            const auto gap = line.find_first_of(" \t");
            // A link without a label shows its URL, so that is what a reader can find.
            line = gap == std::string_view::npos ? line : line.substr(gap + 1);
        } else if (line.starts_with("#")) {
            line.remove_prefix(std::min(line.find_first_not_of('#'), line.size()));
        } else if (line.starts_with("* ") || line.starts_with(">")) {
            line.remove_prefix(1);
        }
        append(line);
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string excerpt_around(std::string_view text, std::size_t pos, std::size_t len, std::size_t width)
{
    if (text.empty())
        return {};
    pos = std::min(pos, text.size());
    const std::size_t before = width / 3;
    std::size_t start = pos > before ? pos - before : 0;
    std::size_t end = std::min(text.size(), std::max(start + width, pos + len));
    if (start > 0) {
        // Start at the next word if there is one close by.
        const auto space = text.find(' ', start);
        if (space != std::string_view::npos && space < pos)
            start = space + 1;
        while (start < text.size() && continuation(text[start]))
            ++start;
    }
    if (end < text.size()) {
        const auto space = text.rfind(' ', end);
        if (space != std::string_view::npos && space > pos + len)
            end = space;
        while (end > start && continuation(text[end]))
            --end;
    }
    std::string out;
    if (start > 0)
        out += "…";
    out += text.substr(start, end - start);
    if (end < text.size())
        out += "…";
    return out;
}

search_index::search_index(std::shared_ptr<search_vocabulary> vocabulary) : vocabulary_(std::move(vocabulary)) {}

std::shared_ptr<const search_entry> search_index::make_entry(std::string_view path, std::string_view title, std::string_view date,
                                                             std::int64_t sort_key, std::string_view gemtext,
                                                             bool keep_text) const
{
    auto e = std::allocate_shared<search_entry>(content::lasting_allocator<search_entry>{});
    e->path.assign(path);
    e->folded_title.assign(fold_case(title));
    e->title.assign(title);
    e->date.assign(date);
    e->key = sort_key;
    const std::string text = plain_text(gemtext);
    e->word_ids.assign(encode_ids(vocabulary_->intern(fold_case(text))));
    if (keep_text)
        e->text.assign(text);
    return e;
}

void search_index::add(std::string path, std::string title, std::string date, std::int64_t sort_key,
                       std::string_view gemtext)
{
    add(make_entry(path, title, date, sort_key, gemtext));
}

std::vector<search_hit> search_index::find(std::string_view query, std::size_t limit,
                                          const search_text_source& source) const
{
    const std::vector<std::string> words = words_of(query);
    if (words.empty() || limit == 0)
        return {};

    struct match {
        const search_entry* e;
        std::size_t title_words;
    };
    // Which numbered words hold each query word: once per query, not per entry.
    const std::vector<std::vector<bool>> holding = vocabulary_->containing(words);
    const auto in_body = [&](const search_entry& e, std::size_t w) {
        const std::vector<bool>& ids = holding[w];
        return any_id(e.word_ids, [&](std::uint32_t id) { return id < ids.size() && ids[id]; });
    };
    std::vector<match> matches;
    for (const auto& shared : entries_) {
        const search_entry& e = *shared;
        match m{&e, 0};
        bool all = true;
        for (std::size_t w = 0; w < words.size(); ++w) {
            const bool in_title = e.folded_title.find(words[w]) != std::string::npos;
            if (!in_title && !in_body(e, w)) {
                all = false;
                break;
            }
            m.title_words += in_title ? 1 : 0;
        }
        if (all)
            matches.push_back(m);
    }
    std::stable_sort(matches.begin(), matches.end(), [](const match& a, const match& b) {
        if (a.title_words != b.title_words)
            return a.title_words > b.title_words;
        return a.e->key > b.e->key;
    });
    if (matches.size() > limit)
        matches.resize(limit);

    std::vector<search_hit> hits;
    hits.reserve(matches.size());
    for (const match& m : matches) {
        const bool dropped = m.e->text.empty() && !m.e->word_ids.empty() && source;
        const std::string text = dropped ? source(*m.e) : std::string{m.e->text};
        // The excerpt is around the earliest of the query's words in the text.
        const std::string folded = fold_case(text);
        std::size_t first_pos = std::string::npos, first_len = 0;
        for (const auto& w : words)
            if (const auto at = folded.find(w); at != std::string::npos && at < first_pos) {
                first_pos = at;
                first_len = w.size();
            }
        hits.push_back({std::string{m.e->path}, std::string{m.e->title}, std::string{m.e->date},
                        excerpt_around(text, first_pos == std::string::npos ? 0 : first_pos, first_len)});
    }
    return hits;
}

std::string search_index::entry_words(const search_entry& e) const
{
    std::string out;
    any_id(e.word_ids, [&](std::uint32_t id) {
        out += (out.empty() ? "" : " ") + vocabulary_->word(id);
        return false;
    });
    return out;
}

} // namespace smolpub::site
