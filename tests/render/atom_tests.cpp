// SPDX-License-Identifier: ISC
#include "render/atom.hpp"
#include "text/utf8.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace smolpub::text;
using namespace smolpub::render;

namespace {

// A tiny XML reader: enough of XML 1.0 to check that the feed is well-formed
// (matching tags, quoted attributes, known entities only, no raw '<' or '&' in
// text, only characters XML allows) and to read it back as a tree.
struct xml_node {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::string text;  // unescaped character data directly inside this element
    std::vector<xml_node> children;

    const xml_node* child(std::string_view n) const
    {
        for (const auto& c : children)
            if (c.name == n)
                return &c;
        return nullptr;
    }
    std::vector<const xml_node*> all(std::string_view n) const
    {
        std::vector<const xml_node*> out;
        for (const auto& c : children)
            if (c.name == n)
                out.push_back(&c);
        return out;
    }
};

class xml_reader {
public:
    explicit xml_reader(std::string_view s) : s_(s) {}
    explicit xml_reader(const char* s) : s_(s) {}
    xml_reader(std::string&&) = delete;  // it keeps a view: no temporaries

    /// The root element, or nullopt with error() saying why.
    std::optional<xml_node> document()
    {
        if (!is_valid_utf8(s_))
            return fail("not UTF-8");
        for (const char c : s_) {
            const auto b = static_cast<unsigned char>(c);
            if (b < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return fail("control character");
        }
        if (!eat("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
            return fail("no XML declaration");
        skip_space();
        auto root = element();
        if (!root)
            return std::nullopt;
        skip_space();
        if (pos_ != s_.size())
            return fail("content after the root element");
        return root;
    }

    const std::string& error() const { return error_; }

private:
    std::nullopt_t fail(std::string why)
    {
        if (error_.empty())
            error_ = why + " at offset " + std::to_string(pos_);
        return std::nullopt;
    }

    bool eat(std::string_view t)
    {
        if (s_.substr(pos_, t.size()) != t)
            return false;
        pos_ += t.size();
        return true;
    }

    void skip_space()
    {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
            ++pos_;
    }

    std::string name()
    {
        const std::size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == ':'))
            ++pos_;
        return std::string{s_.substr(start, pos_ - start)};
    }

    std::optional<std::string> unescape_until(char end)
    {
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != end) {
            const char c = s_[pos_];
            if (c == '<' || (end == '"' && c == '"'))
                return fail("raw '<' in text");
            if (c == '>' && end == '"')
                return fail("raw '>' in attribute");
            if (c != '&') {
                out.push_back(c);
                ++pos_;
                continue;
            }
            static const std::pair<std::string_view, char> entities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
            bool known = false;
            for (const auto& [e, ch] : entities)
                if (eat(e)) {
                    out.push_back(ch);
                    known = true;
                    break;
                }
            if (!known)
                return fail("unknown entity or bare '&'");
        }
        return out;
    }

    std::optional<xml_node> element()
    {
        if (!eat("<"))
            return fail("expected '<'");
        xml_node node;
        node.name = name();
        if (node.name.empty())
            return fail("empty element name");
        for (;;) {
            skip_space();
            if (eat("/>"))
                return node;
            if (eat(">"))
                break;
            const std::string attr = name();
            if (attr.empty() || !eat("=\""))
                return fail("bad attribute");
            auto value = unescape_until('"');
            if (!value || !eat("\""))
                return fail("unterminated attribute");
            if (!node.attributes.emplace(attr, *value).second)
                return fail("duplicate attribute");
        }
        for (;;) {
            auto text = unescape_until('<');
            if (!text)
                return std::nullopt;
            node.text += *text;
            if (pos_ >= s_.size())
                return fail("unclosed <" + node.name + ">");
            if (eat("</")) {
                if (name() != node.name || !eat(">"))
                    return fail("mismatched end tag for <" + node.name + ">");
                return node;
            }
            auto child = element();
            if (!child)
                return std::nullopt;
            node.children.push_back(std::move(*child));
        }
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    std::string error_;
};

std::string text_of(const xml_node* n) { return n ? n->text : "<missing>"; }

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \n");
    const auto last = s.find_last_not_of(" \n");
    return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

atom_feed sample_feed()
{
    atom_feed feed;
    feed.id = "gemini://example.org/";
    feed.title = "Notes <&> \"quoted\" 'single'\x01\x1F and \xE6\x97\xA5\xE6\x9C\xAC";
    feed.link = "gemini://example.org/?a=1&b=2";
    feed.self = "gemini://example.org/atom.xml";
    feed.updated = "2026-11-25T12:00:00Z";
    feed.author = "Ada & Co";
    feed.entries.push_back({"gemini://example.org/posts/a.gmi", "First <post>",
                            "gemini://example.org/posts/a.gmi", "2026-11-01T09:00:00+01:00",
                            "2026-11-02T10:00:00Z", "", "A summary\x0B with a vertical tab & more",
                            "# First <post>\n\n=> gemini://example.org/b.gmi B & more\n", "text/gemini"});
    feed.entries.push_back({"gemini://example.org/posts/b.gmi", "Second", "gemini://example.org/posts/b.gmi",
                            "2026-11-03T09:00:00Z", "", "Guest \"writer\"", "", "", "text/gemini"});
    return feed;
}

} // namespace

TEST_CASE("render_atom writes well-formed Atom that reads back to the input")
{
    const std::string xml = render_atom(sample_feed());
    xml_reader reader{xml};
    const auto root = reader.document();
    INFO(xml);
    REQUIRE_MESSAGE(root, reader.error());

    CHECK(root->name == "feed");
    CHECK(root->attributes.at("xmlns") == "http://www.w3.org/2005/Atom");
    CHECK(text_of(root->child("id")) == "gemini://example.org/");
    // Control characters are removed, everything else comes back unescaped.
    CHECK(text_of(root->child("title")) == "Notes <&> \"quoted\" 'single' and \xE6\x97\xA5\xE6\x9C\xAC");
    CHECK(text_of(root->child("updated")) == "2026-11-25T12:00:00Z");
    REQUIRE(root->child("author"));
    CHECK(text_of(root->child("author")->child("name")) == "Ada & Co");

    std::map<std::string, std::string> links;
    for (const auto* l : root->all("link"))
        links[l->attributes.at("rel")] = l->attributes.at("href");
    CHECK(links == std::map<std::string, std::string>{{"alternate", "gemini://example.org/?a=1&b=2"},
                                                       {"self", "gemini://example.org/atom.xml"}});

    const auto entries = root->all("entry");
    REQUIRE(entries.size() == 2);
    const auto& first = *entries[0];
    CHECK(text_of(first.child("id")) == "gemini://example.org/posts/a.gmi");
    CHECK(text_of(first.child("title")) == "First <post>");
    REQUIRE(first.child("link"));
    CHECK(first.child("link")->attributes.at("href") == "gemini://example.org/posts/a.gmi");
    CHECK(first.child("link")->attributes.at("rel") == "alternate");
    CHECK(text_of(first.child("published")) == "2026-11-01T09:00:00+01:00");
    CHECK(text_of(first.child("updated")) == "2026-11-02T10:00:00Z");
    CHECK(text_of(first.child("summary")) == "A summary with a vertical tab & more");
    CHECK(first.child("author") == nullptr);  // the feed's author applies
    REQUIRE(first.child("content"));
    CHECK(first.child("content")->attributes.at("type") == "text/gemini");
    CHECK(text_of(first.child("content")) == "# First <post>\n\n=> gemini://example.org/b.gmi B & more\n");

    const auto& second = *entries[1];
    CHECK(text_of(second.child("updated")) == "2026-11-03T09:00:00Z");  // borrowed from published
    REQUIRE(second.child("author"));
    CHECK(text_of(second.child("author")->child("name")) == "Guest \"writer\"");
    CHECK(second.child("summary") == nullptr);
    CHECK(second.child("content") == nullptr);
}

TEST_CASE("render_atom carries type=html content as escaped text that reads back as the fragment")
{
    atom_feed feed = sample_feed();
    feed.entries[0].content = "<p>Full <a href=\"gemini://example.org/x\">text</a> &amp; more</p>";
    feed.entries[0].content_type = "html";
    const std::string xml = render_atom(feed);
    xml_reader reader{xml};
    const auto root = reader.document();
    REQUIRE_MESSAGE(root, reader.error());
    const auto* content = root->all("entry").at(0)->child("content");
    REQUIRE(content);
    CHECK(content->attributes.at("type") == "html");
    CHECK(text_of(content) == "<p>Full <a href=\"gemini://example.org/x\">text</a> &amp; more</p>");
}

TEST_CASE("render_atom escapes every special character and drops what XML forbids")
{
    const std::string xml = render_atom(sample_feed());
    CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"));
    CHECK(xml.find("Notes &lt;&amp;&gt; &quot;quoted&quot; &apos;single&apos; and") != std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find('\x0B') == std::string::npos);
    CHECK(xml.find("href=\"gemini://example.org/?a=1&amp;b=2\"") != std::string::npos);

    SUBCASE("U+FFFE and U+FFFF are not XML characters") {
        atom_feed feed = sample_feed();
        feed.title = "a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c\xEF\xBF\xBD";
        const std::string rendered = render_atom(feed);  // the reader keeps a view
        xml_reader reader{rendered};
        const auto root = reader.document();
        REQUIRE_MESSAGE(root, reader.error());
        CHECK(text_of(root->child("title")) == "abc\xEF\xBF\xBD");
    }
    SUBCASE("invalid UTF-8 is replaced, so the feed still parses") {
        atom_feed feed = sample_feed();
        feed.entries[0].title = "bad \xC3 byte \xED\xA0\x80 surrogate";
        const std::string rendered = render_atom(feed);  // the reader keeps a view
        xml_reader reader{rendered};
        const auto root = reader.document();
        REQUIRE_MESSAGE(root, reader.error());
        const std::string title = text_of(root->all("entry").at(0)->child("title"));
        CHECK(title.starts_with("bad \xEF\xBF\xBD byte "));
        CHECK(title.ends_with(" surrogate"));
    }
}

TEST_CASE("render_atom of a feed without entries or author is still valid")
{
    atom_feed feed;
    feed.id = "gemini://example.org/";
    feed.title = "Empty";
    feed.link = "gemini://example.org/";
    feed.self = "gemini://example.org/atom.xml";
    feed.updated = "2026-01-01T00:00:00Z";
    const std::string xml = render_atom(feed);  // the reader keeps a view
    xml_reader reader{xml};
    const auto root = reader.document();
    REQUIRE_MESSAGE(root, reader.error());
    CHECK(root->all("entry").empty());
    // RFC 4287 wants an author with a name: the title stands in.
    REQUIRE(root->child("author"));
    CHECK(trimmed(text_of(root->child("author")->child("name"))) == "Empty");
}

TEST_CASE("the test's XML reader rejects what is not well-formed")
{
    // Guards the checker itself, so the tests above cannot pass vacuously.
    const char* bad[] = {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed><title>a & b</title></feed>",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed><title>a < b</title></feed>",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed><title>x</titel></feed>",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed><link href=\"a\"b\"/></feed>",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed><title>\x01</title></feed>",
        "<feed/>",
    };
    for (const char* doc : bad) {
        CAPTURE(doc);
        xml_reader reader{doc};
        CHECK_FALSE(reader.document());
    }
    xml_reader good{"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed a=\"&quot;\"><x/>t&amp;</feed>\n"};
    CHECK(good.document());
}
