// SPDX-License-Identifier: ISC
#include "gopher/response.hpp"

#include <utility>

namespace smolpub::gopher {

std::string finish_menu(std::string items)
{
    if (!items.empty() && !items.ends_with("\r\n"))
        items += "\r\n";
    items += ".\r\n";
    return items;
}

std::string finish_text(std::string text, bool strict_rfc1436)
{
    if (!strict_rfc1436)
        return text;
    // RFC 1436: a line holding only "." ends the reply, so every line that starts
    // with '.' gets a second one (clients remove it).
    std::string out;
    out.reserve(text.size() + 8);
    bool line_start = true;
    for (char c : text) {
        if (line_start && c == '.')
            out += '.';
        out += c;
        line_start = c == '\n';
    }
    if (!out.empty() && !out.ends_with("\r\n")) {
        if (out.back() == '\n')
            out.pop_back();
        out += "\r\n";
    }
    out += ".\r\n";
    return out;
}

std::optional<std::string> framed_body(const site::document& doc, char type, bool strict_rfc1436)
{
    if (doc.file)
        return std::nullopt;
    if (doc.mime.find("gopher-menu") != std::string::npos)
        return finish_menu(doc.body);
    if (type == '0' && strict_rfc1436)
        return finish_text(doc.body, true);
    return std::nullopt;
}

std::string plus_error(std::string_view message)
{
    return finish_menu("--1\r\n1\r\n" + std::string{message} + "\r\n");
}

} // namespace smolpub::gopher
