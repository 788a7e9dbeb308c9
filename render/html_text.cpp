// SPDX-License-Identifier: ISC
#include "render/html_text.hpp"
#include "text/ascii.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace smolpub::render {
using text::ascii_lower;

namespace {

char lower(char c) { return ascii_lower(c); }

bool starts_with_icase(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) { return lower(a) == lower(b); });
}

std::size_t find_icase(std::string_view s, std::string_view needle)
{
    if (needle.size() > s.size())
        return std::string_view::npos;
    for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (starts_with_icase(s.substr(i), needle))
            return i;
    return std::string_view::npos;
}

// Tags after which a browser starts a new line; the text renderer does the same.
bool breaks_line(std::string_view name)
{
    // By length first: this runs for every tag, and most tags (em, a, span) are not here.
    switch (name.size()) {
    case 1:
        return name == "p";
    case 2:
        return name == "br" || name == "li" || name == "tr" || name == "ul" || name == "ol" || name == "hr" ||
               name == "dt" || name == "dd" || (name[0] == 'h' && name[1] >= '1' && name[1] <= '6');
    case 3:
        return name == "div";
    case 5:
        return name == "table";
    case 6:
        return name == "header" || name == "footer" || name == "figure";
    case 7:
        return name == "section" || name == "article" || name == "details";
    case 10:
        return name == "blockquote" || name == "figcaption";
    default:
        return false;
    }
}

// The references a blog post is likely to contain; anything else stays as written.
constexpr std::array<std::pair<std::string_view, char32_t>, 32> named_references{{
    {"amp", U'&'},       {"lt", U'<'},        {"gt", U'>'},        {"quot", U'"'},
    {"apos", U'\''},     {"nbsp", U'\u00A0'}, {"shy", U'\u00AD'},  {"copy", U'\u00A9'},
    {"reg", U'\u00AE'},  {"trade", U'\u2122'}, {"deg", U'\u00B0'}, {"middot", U'\u00B7'},
    {"times", U'\u00D7'}, {"divide", U'\u00F7'}, {"laquo", U'\u00AB'}, {"raquo", U'\u00BB'},
    {"ndash", U'\u2013'}, {"mdash", U'\u2014'}, {"lsquo", U'\u2018'}, {"rsquo", U'\u2019'},
    {"ldquo", U'\u201C'}, {"rdquo", U'\u201D'}, {"hellip", U'\u2026'}, {"bull", U'\u2022'},
    {"euro", U'\u20AC'}, {"pound", U'\u00A3'}, {"yen", U'\u00A5'},  {"cent", U'\u00A2'},
    {"sect", U'\u00A7'}, {"para", U'\u00B6'}, {"larr", U'\u2190'}, {"rarr", U'\u2192'},
}};

// Parses the reference starting at text[0] == '&'; returns its length, or 0 if it is none.
std::size_t decode_reference(std::string_view text, std::string& out)
{
    const auto semi = text.find(';', 1);
    if (semi == std::string_view::npos || semi > 32)
        return 0;
    const std::string_view body = text.substr(1, semi - 1);
    if (body.size() >= 2 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8)
            return 0;
        char32_t value = 0;
        for (char c : digits) {
            const auto u = static_cast<unsigned char>(c);
            unsigned digit = 0;
            if (std::isdigit(u))
                digit = static_cast<unsigned>(u - '0');
            else if (hex && std::isxdigit(u))
                digit = static_cast<unsigned>(std::tolower(u) - 'a' + 10);
            else
                return 0;
            value = value * (hex ? 16u : 10u) + digit;
        }
        // HTML5 maps NUL to U+FFFD like every other invalid code point.
        append_utf8(value == 0 ? U'\uFFFD' : value, out);
        return semi + 1;
    }
    for (const auto& [name, code_point] : named_references) {
        if (body == name) {
            append_utf8(code_point, out);
            return semi + 1;
        }
    }
    return 0;
}

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
// Between attributes a '/' counts as space (`<a/href=x>`, `<br/>`); inside an unquoted value it does not.
bool is_attribute_space(char c) { return is_html_space(c) || c == '/'; }

// The value of attribute `name` in a tag's text (`a class=x href="/y"`), entities
// decoded; nullopt when absent or cut off by the tag size cap.
std::optional<std::string> attribute_value(std::string_view tag, std::string_view name)
{
    std::size_t i = 0;
    while (i < tag.size() && !is_attribute_space(tag[i]))
        ++i;  // the tag's own name
    while (i < tag.size()) {
        while (i < tag.size() && is_attribute_space(tag[i]))
            ++i;
        const std::size_t name_start = i;
        while (i < tag.size() && !is_attribute_space(tag[i]) && tag[i] != '=')
            ++i;
        const std::string_view attribute = tag.substr(name_start, i - name_start);
        while (i < tag.size() && is_html_space(tag[i]))
            ++i;
        std::string_view value;
        if (i < tag.size() && tag[i] == '=') {
            ++i;
            while (i < tag.size() && is_html_space(tag[i]))
                ++i;
            if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
                const auto close = tag.find(tag[i], i + 1);
                if (close == std::string_view::npos)
                    return std::nullopt;  // cut off
                value = tag.substr(i + 1, close - i - 1);
                i = close + 1;
            } else {
                const std::size_t value_start = i;
                while (i < tag.size() && !is_html_space(tag[i]))
                    ++i;
                value = tag.substr(value_start, i - value_start);
            }
        }
        if (attribute.size() == name.size() && starts_with_icase(attribute, name)) {
            std::string decoded;
            append_html_unescaped(value, decoded);
            return decoded;
        }
        if (attribute.empty() && i < tag.size())
            ++i;  // a stray '=' or quote: step over it
    }
    return std::nullopt;
}

} // namespace

void append_utf8(char32_t cp, std::string& out)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    auto byte = [&out](char32_t b) { out += static_cast<char>(static_cast<unsigned char>(b)); };
    if (cp < 0x80) {
        byte(cp);
    } else if (cp < 0x800) {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    } else {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

void append_html_unescaped(std::string_view text, std::string& out)
{
    while (!text.empty()) {
        const auto amp = text.find('&');
        out.append(text.substr(0, amp));
        if (amp == std::string_view::npos)
            return;
        text.remove_prefix(amp);
        if (const auto used = decode_reference(text, out)) {
            text.remove_prefix(used);
        } else {
            out += '&';
            text.remove_prefix(1);
        }
    }
}

void html_text::feed(std::string_view html, std::string& out)
{
    while (!html.empty()) {
        switch (state_) {
        case state::text: {
            const auto lt = html.find('<');
            append_text(html.substr(0, lt), out);
            if (lt == std::string_view::npos)
                return;
            html.remove_prefix(lt + 1);
            // As in HTML5, '<' not followed by a tag-like character is just text ("a < b").
            if (html.empty() || !(std::isalpha(static_cast<unsigned char>(html.front())) ||
                                  html.front() == '/' || html.front() == '!' || html.front() == '?')) {
                out += '<';
            } else if (html.starts_with("!--")) {
                state_ = state::comment;
                html.remove_prefix(3);
            } else if (html.starts_with("!") || html.starts_with("?")) {
                state_ = state::declaration;
            } else {
                state_ = state::tag;
                tag_.clear();
                quote_ = 0;
            }
            break;
        }
        case state::tag: {
            std::size_t i = 0;
            for (; i < html.size(); ++i) {
                const char c = html[i];
                if (quote_) {
                    if (c == quote_)
                        quote_ = 0;
                } else if (c == '"' || c == '\'') {
                    quote_ = c;
                } else if (c == '>') {
                    break;
                }
                if (tag_.size() < max_tag_size)  // enough for a name and an href; the rest is dropped
                    tag_ += c;
            }
            if (i == html.size())
                return;  // the tag continues in the next chunk
            html.remove_prefix(i + 1);
            finish_tag(out);
            break;
        }
        case state::comment:
        case state::declaration: {
            // Dropped whole, up to its end, which may come in a later chunk.
            const std::string_view close = state_ == state::comment ? "-->" : ">";
            const auto end = html.find(close);
            if (end == std::string_view::npos)
                return;
            html.remove_prefix(end + close.size());
            state_ = state::text;
            break;
        }
        case state::raw_text: {
            const auto end = find_icase(html, raw_end_);
            if (end == std::string_view::npos)
                return;
            html.remove_prefix(end + 1);
            state_ = state::tag;
            tag_.clear();
            quote_ = 0;
            break;
        }
        }
    }
}

void html_text::finish_tag(std::string& out)
{
    state_ = state::text;
    std::string_view t = tag_;
    const bool closing = t.starts_with('/');
    if (closing)
        t.remove_prefix(1);
    std::string name;
    for (char c : t) {
        if (!std::isalnum(static_cast<unsigned char>(c)))
            break;
        name += lower(c);
    }
    if (!closing && (name == "script" || name == "style")) {
        state_ = state::raw_text;
        raw_end_ = "</" + name;
        return;
    }
    if (name == "pre") {
        if (!closing && pre_depth_++ == 0)
            pre_start_ = out.size();
        else if (closing && pre_depth_ > 0 && --pre_depth_ == 0)
            pre_ranges_.push_back({pre_start_, out.size()});
        return;
    }
    if (name == "a") {
        if (closing)
            anchors_.push_back({false, {}, out.size()});
        else if (auto href = attribute_value(t, "href"))
            anchors_.push_back({true, std::move(*href), out.size()});
        return;
    }
    if (breaks_line(name))
        out += '\n';
}

std::vector<html_anchor> html_text::take_anchors() { return std::exchange(anchors_, {}); }

std::vector<html_text::range> html_text::take_preformatted(std::size_t text_size)
{
    if (pre_depth_ > 0)
        pre_ranges_.push_back({pre_start_, text_size});  // an unclosed <pre> runs to the end
    pre_depth_ = 0;
    return std::exchange(pre_ranges_, {});
}

// Source line breaks are just spaces in HTML, except inside <pre>.
void html_text::append_text(std::string_view text, std::string& out) const
{
    const std::size_t from = out.size();
    append_html_unescaped(text, out);
    if (pre_depth_ > 0)
        return;
    for (std::size_t i = from; i < out.size(); ++i)
        if (out[i] == '\n' || out[i] == '\r')
            out[i] = ' ';
}

} // namespace smolpub::render
