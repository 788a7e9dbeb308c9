// SPDX-License-Identifier: ISC
#include "import/entities.hpp"

#include <libxml/HTMLparser.h>

namespace smolpub::import {

void append_utf8(std::string& out, unsigned long cp)
{
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/// Decodes the reference starting at `text[0] == '&'`; returns its length, 0 if none.
std::size_t decode_one(std::string_view text, std::string& out)
{
    const auto semi = text.find(';');
    if (semi == std::string_view::npos || semi < 2 || semi > 32)
        return 0;
    const std::string_view body = text.substr(1, semi - 1);
    if (body[0] == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8)
            return 0;
        unsigned long cp = 0;
        for (char c : digits) {
            int d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(d);
        }
        append_utf8(out, cp);
        return semi + 1;
    }
    for (char c : body)
        if (!is_alnum(c))
            return 0;
    const std::string name{body};
    const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
    if (!entity)
        return 0;
    append_utf8(out, entity->value);
    return semi + 1;
}

} // namespace

std::string decode_entities(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '&') {
            if (const std::size_t used = decode_one(text.substr(i), out)) {
                i += used;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

std::string plain_title(std::string_view html, bool* tags_dropped)
{
    std::string text;
    text.reserve(html.size());
    bool dropped = false;
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        const char next = i + 1 < html.size() ? html[i + 1] : '\0';
        const bool opens_tag = c == '<' && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                                            next == '/' || next == '!');
        const std::size_t close = opens_tag ? html.find('>', i + 1) : std::string_view::npos;
        if (close == std::string_view::npos) {
            text += c;
            continue;
        }
        // <br> and the like separate words; <em>, <b>, <sup> sit inside them ("Mark<sup>up</sup>").
        std::string_view tag = html.substr(i + 1, close - i - 1);
        if (tag.starts_with('/'))
            tag.remove_prefix(1);
        std::string name;
        for (const char t : tag) {
            if (!((t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z') || (t >= '0' && t <= '9')))
                break;
            name += static_cast<char>(t >= 'A' && t <= 'Z' ? t - 'A' + 'a' : t);
        }
        const bool breaks = name == "br" || name == "p" || name == "div" || name == "li" || name == "hr";
        if (breaks)
            text += ' ';
        dropped = true;
        i = close;
    }
    std::string decoded = decode_entities(text);
    std::string out;
    out.reserve(decoded.size());
    for (const char c : decoded) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (tags_dropped)
        *tags_dropped = dropped;
    return out;
}

} // namespace smolpub::import
