// SPDX-License-Identifier: ISC
#include "content/packed_comments.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace smolpub::content {
namespace {

void put_number(std::string& out, std::int64_t n)
{
    char bytes[sizeof n];
    std::memcpy(bytes, &n, sizeof n);
    out.append(bytes, sizeof n);
}

void put_text(std::string& out, std::string_view text)
{
    put_number(out, static_cast<std::int64_t>(text.size()));
    out += text;
}

/// Reads back what put_number and put_text wrote, in the same order.
class reader {
public:
    explicit reader(std::string_view bytes) : rest_(bytes) {}

    std::int64_t number()
    {
        std::int64_t n = 0;
        std::memcpy(&n, take(sizeof n).data(), sizeof n);
        return n;
    }
    int small() { return static_cast<int>(number()); }
    std::string text() { return std::string{take(static_cast<std::size_t>(number()))}; }
    bool done() const { return rest_.empty(); }

private:
    std::string_view take(std::size_t n)
    {
        // Only memory corruption could cut our own layout short.
        if (n > rest_.size())
            throw std::logic_error("packed comments: truncated");
        const std::string_view part = rest_.substr(0, n);
        rest_.remove_prefix(n);
        return part;
    }
    std::string_view rest_;
};

} // namespace

std::shared_ptr<const packed_text> pack_comments(const std::vector<comment>& comments, packing_sample sample)
{
    std::string out;
    for (const comment& c : comments) {
        put_text(out, c.id);
        put_text(out, c.reply_to);
        put_text(out, c.author);
        put_number(out, c.date.has_value());
        if (c.date) {
            const timestamp& t = *c.date;
            for (const int field : {t.year, t.month, t.day, t.hour, t.minute, t.second, t.offset_minutes})
                put_number(out, field);
            put_number(out, t.has_time);
        }
        put_text(out, c.body_markdown);
        put_text(out, c.mention);
    }
    return packed_text::pack(out, std::move(sample));
}

std::vector<comment> unpack_comments(const packed_text& packed)
{
    const std::string bytes = packed.unpack();
    reader in(bytes);
    std::vector<comment> comments;
    while (!in.done()) {
        comment c;
        c.id = in.text();
        c.reply_to = in.text();
        c.author = in.text();
        if (in.number() != 0) {
            timestamp t;
            t.year = in.small();
            t.month = in.small();
            t.day = in.small();
            t.hour = in.small();
            t.minute = in.small();
            t.second = in.small();
            t.offset_minutes = in.small();
            t.has_time = in.number() != 0;
            c.date = t;
        }
        c.body_markdown = in.text();
        c.mention = in.text();
        comments.push_back(std::move(c));
    }
    return comments;
}

} // namespace smolpub::content
