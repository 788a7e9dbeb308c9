// SPDX-License-Identifier: ISC
#include "content/toml_text.hpp"

#include <cstdio>

namespace smolpub::content {
namespace {

void append_escaped(std::string& out, std::string_view text, bool keep_newlines)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n' && keep_newlines) {
            out += c;
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(u));
            out += escaped;
        } else {
            out += c;
        }
    }
}

} // namespace

std::string toml_string(std::string_view text)
{
    std::string out = "\"";
    append_escaped(out, text, false);
    return out + '"';
}

std::string toml_multiline(std::string_view text)
{
    std::string out = "\"\"\"\n";
    append_escaped(out, text, true);
    return out + "\"\"\"";
}

std::string toml_string_array(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += ", ";
        out += toml_string(items[i]);
    }
    return out + "]";
}

} // namespace smolpub::content
