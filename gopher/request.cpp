// SPDX-License-Identifier: ISC
#include "gopher/request.hpp"

#include <algorithm>
#include <vector>

#include "text/ascii.hpp"
#include "text/percent.hpp"
#include "text/utf8.hpp"

namespace smolpub::gopher {
namespace {

constexpr std::string_view crlf = "\r\n";

request malformed(std::string message)
{
    request r;
    r.kind = request_kind::malformed;
    r.message = std::move(message);
    return r;
}

/// `METHOD SP target SP HTTP/<digit>`: what every web client sends first. Matching the
/// version too keeps a selector that merely starts with "GET " a selector.
bool is_http_request_line(std::string_view line)
{
    const std::size_t first_space = line.find(' ');
    if (first_space == 0 || first_space == std::string_view::npos || first_space > 10)
        return false;
    if (!std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(first_space),
                     [](char c) { return c >= 'A' && c <= 'Z'; }))
        return false;
    const std::size_t version = line.rfind(" HTTP/");
    if (version == std::string_view::npos || version <= first_space)
        return false;
    const std::size_t digit = version + 6;
    return digit < line.size() && line[digit] >= '0' && line[digit] <= '9';
}

/// A Gopher+ marker field: `+` (optionally naming a representation), `!` or `$`
/// (optionally naming attributes).
std::optional<request_kind> gopher_plus_marker(std::string_view field)
{
    if (field.starts_with('+'))
        return request_kind::gopher_plus;
    if (field.starts_with('!') || field.starts_with('$'))
        return request_kind::attributes;
    return std::nullopt;
}

std::vector<std::string_view> split_tabs(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos)
            return fields;
        start = tab + 1;
    }
}

} // namespace

bool starts_with_url_prefix(std::string_view selector)
{
    return selector.starts_with("URL:") || selector.starts_with("/URL:");
}

request parse_selector(std::string_view line)
{
    if (line.ends_with(crlf))
        line.remove_suffix(2);
    else if (line.ends_with('\n'))
        line.remove_suffix(1);

    if (line.size() > max_request_bytes)
        return malformed("Request longer than 1024 bytes");
    if (is_http_request_line(line)) {
        request r;
        r.kind = request_kind::http;
        r.selector = std::string{line.substr(line.find(' ') + 1)};
        r.selector.resize(r.selector.rfind(" HTTP/"));
        return r;
    }
    if (!text::is_valid_utf8(line))
        return malformed("Request is not UTF-8");
    if (std::any_of(line.begin(), line.end(), [](char c) { return c != '\t' && text::is_ascii_control(c); }))
        return malformed("Control characters in request");

    const auto fields = split_tabs(line);
    request r;
    r.kind = request_kind::selector;
    r.selector = std::string{fields[0]};
    if (fields.size() == 2) {
        if (const auto plus = gopher_plus_marker(fields[1]))
            r.kind = *plus;
        else
            r.query = std::string{fields[1]};
    } else if (fields.size() == 3) {
        const auto plus = gopher_plus_marker(fields[2]);
        if (!plus)
            return malformed("Too many tab-separated fields");
        r.kind = *plus;
        r.query = std::string{fields[1]};
    } else if (fields.size() > 3) {
        // `selector\t+rep\t1` announces a data block from the client: not supported.
        return malformed("Too many tab-separated fields");
    }

    r.raw = r.selector;
    if (fields.size() == 1 && !starts_with_url_prefix(r.selector)) {
        if (const std::size_t mark = r.selector.find('?'); mark != std::string::npos) {
            std::string query = text::percent_decode(std::string_view{r.selector}.substr(mark + 1));
            if (!text::is_valid_utf8(query) || std::any_of(query.begin(), query.end(), text::is_ascii_control))
                return malformed("Search terms are not UTF-8 text");
            r.query = std::move(query);
            r.selector.resize(mark);
        }
    }
    if (r.query && r.query->empty())
        r.query.reset();
    if (r.selector.empty())
        r.selector = "/";
    if (r.raw.empty())
        r.raw = "/";
    return r;
}

} // namespace smolpub::gopher
