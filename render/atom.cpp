// SPDX-License-Identifier: ISC
// Atom 1.0 (RFC 4287) feed rendering.
#include "render/atom.hpp"

#include "text/utf8.hpp"

#include <initializer_list>

namespace smolpub::render {
using text::is_valid_utf8;

namespace {

// XML 1.0 §2.2 allows TAB, LF, CR and U+0020..U+D7FF, U+E000..U+FFFD,
// U+10000..U+10FFFF. Surrogates cannot appear in valid UTF-8, so the bytes to
// drop are the other C0 controls and U+FFFE/U+FFFF (EF BF BE / EF BF BF).
// Escaping all five specials lets the same function serve text and attributes.
void append_escaped(std::string& out, std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '&': out += "&amp;"; continue;
        case '<': out += "&lt;"; continue;
        case '>': out += "&gt;"; continue;
        case '"': out += "&quot;"; continue;
        case '\'': out += "&apos;"; continue;
        case '\t': case '\n': case '\r': out.push_back(c); continue;
        default: break;
        }
        if (byte < 0x20)
            continue;
        if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF'
            && (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            i += 2;
            continue;
        }
        out.push_back(c);
    }
}

/// Makes `text` valid UTF-8 by replacing each byte that starts no well-formed
/// sequence with U+FFFD: an XML parser rejects the whole feed otherwise.
std::string valid_utf8(std::string_view text)
{
    if (is_valid_utf8(text))
        return std::string{text};
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t len = 1;
        while (len <= 4 && i + len <= text.size() && !is_valid_utf8(text.substr(i, len)))
            ++len;
        if (len > 4 || i + len > text.size()) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

class xml_writer {
public:
    void element(std::string_view indent, std::string_view name, std::string_view text)
    {
        put({indent, "<", name, ">"});
        put_escaped(text);
        put({"</", name, ">\n"});
    }

    void element_with(std::string_view indent, std::string_view name, std::string_view attributes,
                      std::string_view text)
    {
        put({indent, "<", name, attributes, ">"});
        put_escaped(text);
        put({"</", name, ">\n"});
    }

    void link(std::string_view indent, std::string_view rel, std::string_view href)
    {
        put({indent, "<link rel=\"", rel, "\" href=\""});
        put_escaped(href);
        put({"\"/>\n"});
    }

    void author(std::string_view indent, std::string_view name)
    {
        put({indent, "<author>\n"});
        element(std::string{indent} + "  ", "name", name);
        put({indent, "</author>\n"});
    }

    void raw(std::string_view s) { out_ += s; }

    std::string take() && { return std::move(out_); }

private:
    void put(std::initializer_list<std::string_view> parts)
    {
        for (std::string_view p : parts)
            out_ += p;
    }
    /// Text as XML: made valid UTF-8, the five specials escaped.
    void put_escaped(std::string_view text) { append_escaped(out_, valid_utf8(text)); }

    std::string out_;
};

} // namespace

std::string render_atom(const atom_feed& feed)
{
    xml_writer w;
    w.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    w.raw("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    w.element("  ", "id", feed.id);
    w.element("  ", "title", feed.title);
    w.element("  ", "updated", feed.updated);
    // RFC 4287 §4.1.1: a feed needs an author unless every entry has one, and a
    // person needs a name; the feed's title stands in for a missing one.
    w.author("  ", feed.author.empty() ? feed.title : feed.author);
    w.link("  ", "alternate", feed.link);
    w.link("  ", "self", feed.self);
    for (const auto& entry : feed.entries) {
        w.raw("  <entry>\n");
        w.element("    ", "id", entry.id);
        w.element("    ", "title", entry.title);
        w.link("    ", "alternate", entry.link);
        // <updated> is required, <published> optional: a missing one borrows the other.
        if (!entry.published.empty())
            w.element("    ", "published", entry.published);
        w.element("    ", "updated", entry.updated.empty() ? entry.published : entry.updated);
        if (!entry.author.empty())
            w.author("    ", entry.author);
        if (!entry.summary.empty())
            w.element("    ", "summary", entry.summary);
        // The fragment is escaped once more, as the text of type="html" content (RFC 4287 §4.1.3.3).
        if (!entry.content_html.empty())
            w.element_with("    ", "content", " type=\"html\"", entry.content_html);
        w.raw("  </entry>\n");
    }
    w.raw("</feed>\n");
    return std::move(w).take();
}

} // namespace smolpub::render
